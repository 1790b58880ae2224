//! What the core needs from its host: a way to send requests, a clock, a
//! timer, token storage, and a few reads of the host's own values.

use core::future::Future;

use super::error::Error;
use super::request::{Exchange, Request};
use super::token_store::Place;
use crate::pine::Value;
use crate::prelude::*;

/// A value of the host: a JS value in wasm, a JSON value in native tests.
/// Bodies, tokens and caller arguments stay host values; the core looks
/// inside one only through these reads, with JS's semantics.
pub trait HostValue: Clone + 'static {
    /// `undefined`.
    fn undefined() -> Self;
    /// `null`.
    fn null() -> Self;
    /// A string.
    fn from_str(text: &str) -> Self;
    /// A number.
    fn from_f64(number: f64) -> Self;
    /// `parseFloat(text)`.
    fn parse_float(text: &str) -> Self;
    /// `JSON.parse(text)`, or None when it throws.
    fn parse_json(text: &str) -> Option<Self>;

    /// `value === undefined`.
    fn is_undefined(&self) -> bool;
    /// `value === null`.
    fn is_null(&self) -> bool;
    /// `value == null`.
    fn is_nullish(&self) -> bool {
        self.is_null() || self.is_undefined()
    }
    /// `!!value`.
    fn is_truthy(&self) -> bool;
    /// `typeof value === 'object' && value !== null`.
    fn is_object(&self) -> bool;
    /// `typeof value === 'string'`.
    fn is_string(&self) -> bool;
    /// The number, when it is one.
    fn as_f64(&self) -> Option<f64>;
    /// The string, when it is one (None for any other value; lone
    /// surrogates become U+FFFD).
    fn as_string(&self) -> Option<String>;
    /// `typeof value`.
    fn type_of(&self) -> String;

    /// `value[key]` as JS reads it (`undefined` on null and undefined,
    /// a primitive's prototype otherwise); fails with what a getter threw.
    fn get(&self, key: &str) -> Result<Self, Error<Self>>;
    /// `String(value)`; fails as JS does (symbols, throwing conversions).
    fn string_form(&self) -> Result<Self, Error<Self>>;
    /// `JSON.stringify(value)`: None when it writes nothing.
    fn json_text(&self) -> Result<Option<String>, Error<Self>>;
    /// `JSON.stringify` of an object of these fields, in this order.
    fn fields_json(fields: &[(&'static str, Self)]) -> Result<Option<String>, Error<Self>>;
    /// The value in the pine value model, as the options encoder reads it.
    fn to_pine(&self) -> Result<Value, Error<Self>>;

    /// Whether `value.length > 1` (a lookup that matched several rows).
    fn has_several(&self) -> Result<bool, Error<Self>> {
        Ok(self.get("length")?.as_f64().is_some_and(|n| n > 1.0))
    }

    /// The items of an array (of the rows of a response): `value[0]` to
    /// `value[length - 1]`.
    fn items(&self) -> Result<Vec<Self>, Error<Self>> {
        let length = self.get("length")?.as_f64().unwrap_or(0.0);
        let mut items = Vec::new();
        let mut index = 0.0;
        while index < length {
            let mut key = String::new();
            crate::pine::write_digits(&mut key, index as u64);
            items.push(self.get(&key)?);
            index += 1.0;
        }
        Ok(items)
    }
}

/// Carries out the core's requests and keeps its token.
pub trait Host {
    /// The host's values.
    type Value: HostValue;

    /// Sends `request` and decodes the response body: the exchange at any
    /// status, or what fetch, the timeout or the decoding threw.
    fn send(
        &self,
        request: &Request<Self::Value>,
    ) -> impl Future<Output = Result<Exchange<Self::Value>, Error<Self::Value>>>;
    /// Resolves after `ms` milliseconds.
    fn sleep(&self, ms: f64) -> impl Future<Output = Result<(), Error<Self::Value>>>;
    /// Milliseconds since the epoch.
    fn now(&self) -> f64;
    /// The `Retry-After` header of a response's headers.
    fn retry_after(&self, headers: &Self::Value) -> Option<String>;
    /// Asks a `retryRateLimitedRequests` function whether to retry after
    /// `delay_ms` (its answer's truthiness).
    fn ask_retry(&self, ask: &Self::Value, delay_ms: f64) -> Result<bool, Error<Self::Value>>;
    /// Says that a request failed with `status` (the `debug` option).
    fn report_failure(&self, status: u16, request: &Request<Self::Value>);

    /// The token text stored at `place`, if any.
    fn read_token(&self, place: &Place) -> Result<Option<String>, Error<Self::Value>>;
    /// Stores the token text at `place`.
    fn write_token(&self, place: &Place, text: &str) -> Result<(), Error<Self::Value>>;
    /// Removes the token stored at `place`.
    fn remove_token(&self, place: &Place) -> Result<(), Error<Self::Value>>;
}
