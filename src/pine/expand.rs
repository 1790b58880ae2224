//! `$expand`: pinejs `buildExpand` and `handleExpandObject`.

use super::error::{PineError, Result};
use super::escape::write_resource;
use super::filter::Scope;
use super::js::{each_entry, is_object, is_primitive, starts_with_byte};
use super::js_str::{js_concat, Append, JsStr};
use super::json::stringify;
use super::options::{write_handle_options, OptionKind};
use super::value::Value;

/// Appends the `$expand` option value.
pub fn write_expand(out: &mut JsStr, expand: &Value, scope: Scope) -> Result<()> {
    match expand {
        _ if is_primitive(expand) => write_resource(out, expand),
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
                write_expand(out, item, scope)?;
            }
            Ok(())
        }
        _ if is_object(expand) => {
            let mut first = true;
            each_entry(expand, |key, value| {
                if !first {
                    out.push(',');
                }
                first = false;
                check_expand_entry(key, value)?;
                write_handle_options(out, OptionKind::Expand, value, key, scope)
            })
        }
        other => Err(PineError::around(
            "Unknown type for expand '",
            other.type_of(),
            "'",
        )),
    }
}

/// The shapes an `$expand` entry may not have.
fn check_expand_entry(key: &JsStr, value: &Value) -> Result<()> {
    if starts_with_byte(key.as_str(), b'$') {
        return Err(PineError::new(
            "Cannot have expand options without first expanding something!",
        ));
    }
    if value.is_nullish() {
        return Err(PineError::around_key(
            "Expand object values must not be null, got null for ",
            key,
            "",
        ));
    }
    if is_primitive(value) {
        let json = stringify(value)?;
        return Err(PineError::new(js_concat!(
            "'$expand: ",
            key,
            ": ",
            &json,
            "' is invalid, use '$expand: ",
            key,
            ": $expand: ",
            &json,
            "' instead."
        )));
    }
    if matches!(value, Value::Array(_)) {
        return Err(PineError::new(js_concat!(
            "'$expand: ",
            key,
            ": [...]' is invalid, use '$expand: ",
            key,
            ": {...}' instead."
        )));
    }
    if key.ends_with("/$count") {
        return Err(PineError::new(
            "`$expand: { 'a/$count': {...} }` has been removed, please use `$expand: { a: { $count: {...} } }` instead.",
        ));
    }
    Ok(())
}
