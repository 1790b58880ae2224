//! `$orderby`: pinejs `buildOrderBy`.

use super::error::{PineError, Result};
use super::filter::Scope;
use super::js::{each_entry, get, has_own, is_object, own_keys};
use super::js_str::{Append, JsStr};
use super::number::digits;
use super::options::{count_not_alone, write_handle_options, OptionKind};
use super::value::Value;

/// Appends the `$orderby` option value.
pub fn write_orderby(out: &mut JsStr, orderby: &Value, scope: Scope) -> Result<()> {
    match orderby {
        Value::String(s) => {
            if has_count_segment(s.as_str()) {
                return Err(PineError::new(
                    "`$orderby: 'a/$count'` has been removed, please use `$orderby: { a: { $count: {...} } }` instead.",
                ));
            }
            out.push_js(s);
            Ok(())
        }
        Value::Array(items) => {
            if items.is_empty() {
                return Err(PineError::new(
                    "'$orderby' arrays have to have at least 1 element",
                ));
            }
            for (i, item) in items.iter().enumerate() {
                if matches!(item, Value::Array(_)) {
                    return Err(PineError::new("'$orderby' cannot have nested arrays"));
                }
                if i > 0 {
                    out.push(',');
                }
                write_orderby(out, item, scope)?;
            }
            Ok(())
        }
        _ if is_object(orderby) => {
            let dir = get(orderby, "$dir");
            let mut parts = 0;
            each_entry(orderby, |key, value| {
                if key.as_str() == "$dir" {
                    return Ok(());
                }
                parts += 1;
                orderby_entry(out, key, value, dir, scope)
            })?;
            if parts == 1 {
                Ok(())
            } else {
                Err(PineError::around(
                    "'$orderby' objects must have exactly one element, got ",
                    &digits(parts as u64),
                    " elements",
                ))
            }
        }
        _ => Err(PineError::new(
            "'$orderby' option has to be either a string, array, or object",
        )),
    }
}

/// The regex test `/\/\$count\b/`: `/$count` not followed by a word character.
fn has_count_segment(text: &str) -> bool {
    const SEGMENT: &[u8] = b"/$count";
    let bytes = text.as_bytes();
    (0..bytes.len()).any(|at| {
        bytes[at..].starts_with(SEGMENT)
            && !bytes
                .get(at + SEGMENT.len())
                .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// Appends one `key: direction` (or `key: { $count }` with `$dir`) entry.
fn orderby_entry(
    out: &mut JsStr,
    key: &JsStr,
    value: &Value,
    dir: &Value,
    scope: Scope,
) -> Result<()> {
    if value.is_nullish() {
        return Err(PineError::around_key(
            "Orderby object values must not be null, got null for ",
            key,
            "",
        ));
    }
    let dir = match value {
        Value::String(_) => {
            out.push_js(key);
            value
        }
        _ => {
            let keys = own_keys(value);
            if !has_own(value, "$count") || keys.len() > 1 {
                return Err(count_not_alone(OptionKind::Orderby, &keys));
            }
            write_handle_options(out, OptionKind::Orderby, value, key, scope)?;
            dir
        }
    };
    match dir {
        Value::Undefined | Value::Null => Err(PineError::new(
            "'$orderby' objects should either use the '{ a: 'asc' }' or the $orderby: { a: { $count: ... }, $dir: 'asc' } notation",
        )),
        Value::String(s) if matches!(s.as_str(), "asc" | "desc") => {
            out.push(' ');
            out.push_str(s.as_str());
            Ok(())
        }
        _ => Err(PineError::new("'$orderby' direction must be 'asc' or 'desc'")),
    }
}
