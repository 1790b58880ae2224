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
    let mut out = String::new();
    match expand {
        _ if is_primitive(expand) => return escape_resource(expand),
        Value::Array(items) => {
            if items.is_empty() {
                return Err(PineError::new(
                    "Expand arrays must have at least 1 elements, got: []",
                ));
            }
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&expand_text(item, scope)?);
            }
        }
        _ if is_object(expand) => {
            for (i, (key, value)) in own_entries(expand).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&expand_entry(&key, &value, scope)?);
            }
        }
        other => {
            return Err(PineError::around(
                "Unknown type for expand '",
                other.type_of(),
                "'",
            ))
        }
    }
    Ok(out)
}

/// One `key: options` entry of an `$expand` object.
fn expand_entry(key: &str, value: &Value, scope: Scope) -> Result<String> {
    check_expand_entry(key, value)?;
    handle_options(OptionKind::Expand, value, key, scope)
}

/// The shapes an `$expand` entry may not have.
fn check_expand_entry(key: &str, value: &Value) -> Result<()> {
    if key.starts_with('$') {
        return Err(PineError::new(
            "Cannot have expand options without first expanding something!",
        ));
    }
    if value.is_nullish() {
        return Err(PineError::around(
            "Expand object values must not be null, got null for ",
            key,
            "",
        ));
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
    Ok(())
}
