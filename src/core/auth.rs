//! The session token, as balena-auth handles it: classified as JWT or API
//! key when set, refused when it is an expired JWT, cached in memory and
//! persisted in the token store.

use core::cell::RefCell;

use super::error::Error;
use super::host::{Host, HostValue};
use super::jwt::Claims;
use super::token_store::{Stored, TokenStore};

/// One day in ms: balena-request refreshes a JWT at least this old.
const DAY_MS: f64 = 24.0 * 60.0 * 60.0 * 1000.0;

/// A token in use.
#[derive(Clone, Debug)]
pub struct Token<V> {
    /// The token as given: normally a string, but balena-auth takes any
    /// value and hands the same value back from `getToken`.
    pub key: V,
    /// Its claims when it is a JWT (only strings can be).
    pub claims: Option<Claims>,
}

impl<V: HostValue> Token<V> {
    /// balena-auth's `createToken`: an expired JWT (at `now` ms) is refused.
    pub fn create(key: V, now: f64) -> Result<Token<V>, Error<V>> {
        let claims = key.as_string().and_then(|t| Claims::of::<V>(&t));
        if claims.is_some_and(|c| c.is_expired(now)) {
            return Err(Error::ExpiredToken { token: key });
        }
        Ok(Token { key, claims })
    }

    /// The text after `Bearer `: the key's string form, kept a host string.
    pub fn header_value(&self) -> Result<V, Error<V>> {
        if self.key.is_string() {
            return Ok(self.key.clone());
        }
        self.key.string_form()
    }

    /// Whether it is a JWT that has expired at `now`.
    pub fn is_expired(&self, now: f64) -> bool {
        self.claims.is_some_and(|c| c.is_expired(now))
    }

    /// Whether it is a JWT at least a day old at `now` (balena-request
    /// refreshes those before a non-pine request).
    pub fn wants_refresh(&self, now: f64) -> bool {
        self.claims.is_some_and(|c| c.age_ms(now) >= DAY_MS)
    }
}

/// The token of one sdk instance.
pub struct Auth<V> {
    store: TokenStore,
    token: RefCell<Option<Token<V>>>,
}

impl<V: HostValue> Auth<V> {
    /// Auth over a token store.
    pub fn new(store: TokenStore) -> Self {
        Auth {
            store,
            token: RefCell::new(None),
        }
    }

    /// Sets and stores a token (`setKey`); a value that is not a string is
    /// stored as its JSON, as balena-settings-storage does.
    pub fn set_key<H: Host<Value = V>>(&self, host: &H, key: &V) -> Result<(), Error<V>> {
        let token = Token::create(key.clone(), host.now())?;
        let text = match key.as_string() {
            Some(text) => Some(text),
            None => key.json_text()?,
        };
        match text {
            Some(text) => self.store.write(host, &text)?,
            None => self.store.remove(host)?,
        }
        *self.token.borrow_mut() = Some(token);
        Ok(())
    }

    /// Whether a token is stored (`hasKey`).
    pub fn has_key<H: Host<Value = V>>(&self, host: &H) -> Result<bool, Error<V>> {
        self.store.has_token(host)
    }

    /// The token in use (`getToken`): the cached one, or the stored one.
    pub fn token<H: Host<Value = V>>(&self, host: &H) -> Result<Token<V>, Error<V>> {
        if let Some(token) = self.token.borrow().as_ref() {
            return Ok(token.clone());
        }
        let token = match self.store.read(host)? {
            Stored::Token(key) => Token::create(V::from_str(&key), host.now())?,
            Stored::Nothing => {
                return Err(Error::MalformedToken {
                    token: V::undefined(),
                })
            }
            Stored::NotAString(value) => return Err(Error::MalformedToken { token: value }),
        };
        *self.token.borrow_mut() = Some(token.clone());
        Ok(token)
    }

    /// Forgets and removes the token (`removeKey`).
    pub fn remove_key<H: Host<Value = V>>(&self, host: &H) -> Result<(), Error<V>> {
        *self.token.borrow_mut() = None;
        self.store.remove(host)
    }
}
