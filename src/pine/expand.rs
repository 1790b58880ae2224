//! `$expand`: pinejs `buildExpand` and `handleExpandObject`.

use super::error::{PineError, Result};
use super::escape::escape_resource;
use super::filter::Scope;
use super::js::{is_object, is_primitive, own_entries};
use super::json::stringify;
use super::options::{handle_options, OptionKind};
use super::value::Value;

/// The `$expand` option value as text.
pub fn expand_text(expand: &Value, scope: Scope) -> Result<String> {
    match expand {
        _ if is_primitive(expand) => escape_resource(expand),
        Value::Array(items) => {
            if items.is_empty() {
                return Err(PineError::new("Expand arrays must have at least 1 elements, got: []"));
            }
            let parts = items.iter().map(|item| expand_text(item, scope)).collect::<Result<Vec<_>>>()?;
            Ok(parts.join(","))
        }
        _ if is_object(expand) => {
            let mut parts = Vec::new();
            for (key, value) in own_entries(expand) {
                parts.push(expand_entry(&key, &value, scope)?);
            }
            Ok(parts.join(","))
        }
        other => Err(PineError::new(format!("Unknown type for expand '{}'", other.type_of()))),
    }
}

/// One `key: options` entry of an `$expand` object.
fn expand_entry(key: &str, value: &Value, scope: Scope) -> Result<String> {
    if key.starts_with('$') {
        return Err(PineError::new("Cannot have expand options without first expanding something!"));
    }
    if value.is_nullish() {
        return Err(PineError::new(format!("Expand object values must not be null, got null for {key}")));
    }
    if is_primitive(value) {
        let json = stringify(value)?;
        return Err(PineError::new(format!(
            "'$expand: {key}: {json}' is invalid, use '$expand: {key}: $expand: {json}' instead."
        )));
    }
    if matches!(value, Value::Array(_)) {
        return Err(PineError::new(format!(
            "'$expand: {key}: [...]' is invalid, use '$expand: {key}: {{...}}' instead."
        )));
    }
    if key.ends_with("/$count") {
        return Err(PineError::new(
            "`$expand: { 'a/$count': {...} }` has been removed, please use `$expand: { a: { $count: {...} } }` instead.",
        ));
    }
    handle_options(OptionKind::Expand, value, key, scope)
}
