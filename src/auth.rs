//! The session token, as balena-auth handles it: classified as JWT or API
//! key when set, refused when it is an expired JWT, cached in memory and
//! persisted in the token store.

use std::cell::RefCell;

use wasm_bindgen::JsValue;

use crate::errors::SdkError;
use crate::js_value::to_js_string;
use crate::jwt::Claims;
use crate::token_store::{Stored, TokenStore};
use crate::transport::now;

/// A token in use.
#[derive(Clone)]
pub struct Token {
    /// The token text, sent as `Bearer <key>`.
    pub key: String,
    /// Its claims when it is a JWT.
    pub claims: Option<Claims>,
}

impl Token {
    /// balena-auth's `createToken`: an expired JWT is refused.
    fn create(key: String) -> Result<Token, SdkError> {
        let claims = Claims::of(&key);
        if claims.is_some_and(|c| c.is_expired(now())) {
            return Err(SdkError::ExpiredToken(key.into()));
        }
        Ok(Token { key, claims })
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
        Auth { store, token: RefCell::new(None) }
    }

    /// Sets and stores a token (`setKey`).
    pub fn set_key(&self, key: &JsValue) -> Result<(), SdkError> {
        let key = match key.as_string() {
            Some(key) => key,
            None => to_js_string(key)?,
        };
        let token = Token::create(key)?;
        self.store.write(&token.key)?;
        *self.token.borrow_mut() = Some(token);
        Ok(())
    }

    /// Whether a token is stored (`hasKey`).
    pub fn has_key(&self) -> Result<bool, SdkError> {
        Ok(!matches!(self.store.read()?, Stored::Nothing))
    }

    /// The token in use (`getToken`): the cached one, or the stored one.
    pub fn token(&self) -> Result<Token, SdkError> {
        if let Some(token) = self.token.borrow().as_ref() {
            return Ok(token.clone());
        }
        let token = match self.store.read()? {
            Stored::Token(key) => Token::create(key)?,
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
