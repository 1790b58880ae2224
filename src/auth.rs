//! The session token, as balena-auth handles it: classified as JWT or API
//! key when set, refused when it is an expired JWT, cached in memory and
//! persisted in the token store.

use core::cell::RefCell;

use wasm_bindgen::JsValue;

use crate::errors::SdkError;
use crate::js_value::to_js_string;
use crate::jwt::Claims;
use crate::token_store::{Stored, TokenStore};
use crate::transport::now;

/// A token in use.
#[derive(Clone)]
pub struct Token {
    /// The token as given: normally a string, but balena-auth takes any
    /// value and hands the same value back from `getToken`.
    pub key: JsValue,
    /// Its claims when it is a JWT (only strings can be).
    pub claims: Option<Claims>,
}

impl Token {
    /// balena-auth's `createToken`: an expired JWT is refused.
    fn create(key: JsValue) -> Result<Token, SdkError> {
        let claims = key.as_string().and_then(|text| Claims::of(&text));
        if claims.is_some_and(|c| c.is_expired(now())) {
            return Err(SdkError::ExpiredToken(key));
        }
        Ok(Token { key, claims })
    }

    /// The text after `Bearer ` (JS string conversion of the key), as a JS
    /// string: a string key is handed on as it is, without crossing into Rust.
    pub fn header_value(&self) -> Result<JsValue, SdkError> {
        if self.key.is_string() {
            return Ok(self.key.clone());
        }
        Ok(to_js_string(&self.key)?.into())
    }

    /// Whether it is a JWT that has expired by now.
    pub fn is_expired(&self) -> bool {
        self.claims.is_some_and(|c| c.is_expired(now()))
    }

    /// Whether it is a JWT at least a day old (balena-request refreshes those).
    pub fn wants_refresh(&self) -> bool {
        const DAY_MS: f64 = 24.0 * 60.0 * 60.0 * 1000.0;
        self.claims.is_some_and(|c| c.age_ms(now()) >= DAY_MS)
    }
}

/// The token of one sdk instance.
pub struct Auth {
    store: TokenStore,
    token: RefCell<Option<Token>>,
}

impl Auth {
    /// Auth over a token store.
    pub fn new(store: TokenStore) -> Self {
        Auth {
            store,
            token: RefCell::new(None),
        }
    }

    /// Sets and stores a token (`setKey`); a value that is not a string is
    /// stored as its JSON, as balena-settings-storage does.
    pub fn set_key(&self, key: &JsValue) -> Result<(), SdkError> {
        let token = Token::create(key.clone())?;
        let text = match key.as_string() {
            Some(text) => Some(text),
            None => js_sys::JSON::stringify(key)?.as_string(),
        };
        match text {
            Some(text) => self.store.write(&text)?,
            None => self.store.remove()?,
        }
        *self.token.borrow_mut() = Some(token);
        Ok(())
    }

    /// Whether a token is stored (`hasKey`: what is stored reads back as
    /// something other than null).
    pub fn has_key(&self) -> Result<bool, SdkError> {
        self.store.has_token()
    }

    /// The token in use (`getToken`): the cached one, or the stored one.
    pub fn token(&self) -> Result<Token, SdkError> {
        if let Some(token) = self.token.borrow().as_ref() {
            return Ok(token.clone());
        }
        let token = match self.store.read()? {
            Stored::Token(key) => Token::create(key.into())?,
            Stored::Nothing => return Err(SdkError::MalformedToken(JsValue::UNDEFINED)),
            Stored::NotAString(value) => return Err(SdkError::MalformedToken(value)),
        };
        *self.token.borrow_mut() = Some(token.clone());
        Ok(token)
    }

    /// Forgets and removes the token (`removeKey`).
    pub fn remove_key(&self) -> Result<(), SdkError> {
        *self.token.borrow_mut() = None;
        self.store.remove()
    }
}
