//! balena-sdk's models, as far as `models.apiKey` needs them.

pub mod api_key;
mod application;
mod device;

use super::error::Error;
use super::host::HostValue;
use crate::pine::{Object, Value};

/// `{ $select: 'actor' }`, the options both lookups are called with.
fn select_actor() -> Value {
    let mut options = Object::new();
    options.insert("$select", Value::str("actor"));
    Value::Object(options)
}

/// An application or device argument (`slugOrUuidOrId`, `uuidOrId`), read
/// when the method was called.
#[derive(Clone, Debug)]
pub struct LookupKey<V> {
    /// The argument as given (what not-found errors name).
    pub given: V,
    /// What kind of value it is.
    pub kind: KeyKind,
}

/// The kinds of lookup arguments the models tell apart.
#[derive(Clone, Debug, PartialEq)]
pub enum KeyKind {
    /// A number: an id.
    Number(f64),
    /// A string: its pine value, its lower-case form's, and its length in
    /// UTF-16 code units.
    Text {
        /// The string as given.
        text: Value,
        /// `toLowerCase()` of it.
        lower: Value,
        /// `length`.
        length: usize,
    },
    /// `null` or `undefined`.
    Nullish,
    /// Anything else.
    Other,
}

/// `row.actor.__id`, failing as JS does when `actor` is missing.
fn actor_id<V: HostValue>(row: &V) -> Result<Value, Error<V>> {
    let actor = row.get("actor")?;
    if actor.is_nullish() {
        let what = if actor.is_null() { "null" } else { "undefined" };
        return Err(Error::type_error(
            ["Cannot read properties of ", what, " (reading '__id')"].concat(),
        ));
    }
    actor.get("__id")?.to_pine()
}
