//! `$orderby`: pinejs `buildOrderBy`.

use super::error::{PineError, Result};
use super::filter::Scope;
use super::js::{get, has_own, is_object, own_entries, own_keys};
use super::options::{count_not_alone, handle_options, OptionKind};
use super::value::Value;

/// The `$orderby` option value as text.
pub fn orderby_text(orderby: &Value, scope: Scope) -> Result<String> {
    match orderby {
        Value::String(s) => {
            if has_count_segment(s.as_str()) {
                return Err(PineError::new(
                    "`$orderby: 'a/$count'` has been removed, please use `$orderby: { a: { $count: {...} } }` instead.",
                ));
            }
            Ok(s.as_str().to_string())
        }
        Value::Array(items) => {
            if items.is_empty() {
                return Err(PineError::new(
                    "'$orderby' arrays have to have at least 1 element",
                ));
            }
            let mut parts = Vec::new();
            for item in items {
                if matches!(item, Value::Array(_)) {
                    return Err(PineError::new("'$orderby' cannot have nested arrays"));
                }
                parts.push(orderby_text(item, scope)?);
            }
            Ok(parts.join(","))
        }
        _ if is_object(orderby) => {
            let dir = get(orderby, "$dir");
            let mut parts = Vec::new();
            for (key, value) in own_entries(orderby)
                .into_iter()
                .filter(|(key, _)| key != "$dir")
            {
                parts.push(orderby_entry(&key, &value, dir, scope)?);
            }
            match <[String; 1]>::try_from(parts) {
                Ok([part]) => Ok(part),
                Err(parts) => Err(PineError::new(format!(
                    "'$orderby' objects must have exactly one element, got {} elements",
                    parts.len()
                ))),
            }
        }
        _ => Err(PineError::new(
            "'$orderby' option has to be either a string, array, or object",
        )),
    }
}

/// The regex test `/\/\$count\b/`: `/$count` not followed by a word character.
fn has_count_segment(text: &str) -> bool {
    text.split("/$count")
        .skip(1)
        .any(|after| !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_'))
}

/// One `key: direction` (or `key: { $count }` with `$dir`) entry.
fn orderby_entry(key: &str, value: &Value, dir: &Value, scope: Scope) -> Result<String> {
    if value.is_nullish() {
        return Err(PineError::new(format!(
            "Orderby object values must not be null, got null for {key}"
        )));
    }
    let (path, dir) = match value {
        Value::String(_) => (key.to_string(), value),
        _ => {
            let keys = own_keys(value);
            if !has_own(value, "$count") || keys.len() > 1 {
                return Err(count_not_alone(OptionKind::Orderby, &keys));
            }
            (handle_options(OptionKind::Orderby, value, key, scope)?, dir)
        }
    };
    match dir {
        Value::Undefined | Value::Null => Err(PineError::new(
            "'$orderby' objects should either use the '{ a: 'asc' }' or the $orderby: { a: { $count: ... }, $dir: 'asc' } notation",
        )),
        Value::String(s) if matches!(s.as_str(), "asc" | "desc") => Ok(format!("{path} {}", s.as_str())),
        _ => Err(PineError::new("'$orderby' direction must be 'asc' or 'desc'")),
    }
}
