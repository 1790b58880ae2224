//! Beyond balena-sdk: rotating a key and auditing expiry across every kind
//! of key. Both are built from the requests the drop-in methods send
//! (whoami, pine GETs, the key endpoint, a pine DELETE), through the same
//! session, so auth, throttling and retries apply as everywhere else.

mod expiring;
mod rotate;
#[cfg(test)]
mod tests;

pub use expiring::{ExpiringKey, ExpiryAudit, Fleet, KeyOwner, OwnerKind, Progress};
pub use rotate::{NewKey, Rotation};

use core::future::Future;
use core::pin::Pin;

use super::error::Error;
use super::host::{Host, HostValue};
use super::models::api_key::actor_filter;
use super::pine_client::params;
use super::session::Session;
use crate::pine::Value;
use crate::prelude::*;

/// The fields of a key that the helpers read and answer with.
const KEY_FIELDS: [&str; 5] = ["id", "name", "description", "created_at", "expiry_date"];

/// `$select` of `fields`.
fn select(fields: &[&str]) -> Value {
    Value::Array(fields.iter().map(|&field| Value::str(field)).collect())
}

/// `Number.MAX_SAFE_INTEGER`.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A key id given by a caller: a positive whole number.
fn key_id<V: HostValue>(id: &V, name: &'static str) -> Result<f64, Error<V>> {
    match id.as_f64() {
        Some(number)
            if (1.0..=MAX_SAFE_INTEGER).contains(&number) && number as u64 as f64 == number =>
        {
            Ok(number)
        }
        _ => Err(Error::InvalidParameter {
            name,
            value: id.clone(),
        }),
    }
}

/// A row's `id` as a number (rows the API wrote have one).
fn row_id<V: HostValue>(row: &V) -> Result<f64, Error<V>> {
    row.get("id")?
        .as_f64()
        .ok_or_else(|| Error::plain("Invalid response received: a row's id is not a number."))
}

impl<H: Host> Session<H> {
    /// The user's named keys that match `filter`, with `fields`.
    async fn named_user_keys(
        &self,
        filter: Vec<(&str, Value)>,
        fields: &[&str],
    ) -> Result<Vec<H::Value>, Error<H::Value>> {
        let actor = self.actor().await?.get("id")?.to_pine()?;
        let mut conditions = vec![("name", Value::object(vec![("$ne", Value::Null)]))];
        conditions.extend(filter);
        let mut options = actor_filter(actor, conditions);
        options.insert("$select", select(fields));
        self.rows(params("api_key", None, Some(Value::Object(options))))
            .await
    }

    /// The rows of a pine GET of `params`. Every GET of the helpers goes
    /// through this one boxed future, so the request machinery is compiled
    /// into the wasm once for all of them rather than into each caller.
    fn rows(&self, params: Value) -> Pending<'_, Vec<H::Value>, H::Value> {
        Box::pin(async move { self.pine_get(&params).await?.items() })
    }
}

/// A boxed future of a result.
type Pending<'a, T, V> = Pin<Box<dyn Future<Output = Result<T, Error<V>>> + 'a>>;
