//! balena-sdk's models, as far as `models.apiKey` needs them.

pub mod api_key;
pub mod application;
pub mod device;

use crate::pine::{Object, Value};

/// `{ $select: 'actor' }`, the options both lookups are called with.
fn select_actor() -> Value {
    let mut options = Object::new();
    options.insert("$select", Value::str("actor"));
    Value::Object(options)
}
