//! The sans-IO core: balena-sdk's `auth`, pine client and `models.apiKey`
//! as plain Rust. A method turns its arguments into typed [`Request`]s,
//! hands them to a [`Host`] to carry out, and turns the [`Exchange`]s it
//! gets back into results or an [`Error`]. The core never names a wasm or
//! JS type: the host's values ([`HostValue`]) are opaque to it except
//! through a few reads, so a response body goes back to the caller as the
//! value it is. `crate::boundary` is the JS host; the unit tests here use a
//! scripted host over `serde_json`.

mod auth;
mod error;
#[cfg(feature = "extras")]
mod extras;
mod host;
mod jwt;
mod memo;
mod models;
mod pine_client;
mod policy;
mod request;
mod send;
mod session;
mod throttle_queue;
mod token_store;

#[cfg(test)]
mod test_host;
#[cfg(test)]
mod tests;

pub use auth::{Auth, Token};
pub use error::{Error, RequestFailure};
#[cfg(feature = "extras")]
pub use extras::{
    ExpiringKey, ExpiryAudit, Fleet, KeyOwner, NewKey, OwnerKind, Progress, Rotation,
};
pub use host::{Host, HostValue};
pub use jwt::Claims;
pub use models::{KeyKind, LookupKey};
pub use pine_client::Verb;
pub use policy::{RetryPolicy, Throttle, DEFAULT_MAX_RETRIES};
pub use request::{Exchange, Method, Request, RequestBody};
pub use session::{Endpoint, Route, Session, Settings, DEFAULT_API_URL, DEFAULT_API_VERSION};
pub use token_store::{Place, TokenStore};
