//! pinejs escaping: `encodeURIComponent`, `escapeResource`, `escapeValue`
//! and parameter-alias references.

use super::date::iso_string;
use super::error::{ErrorKind, PineError, Result};
use super::js::{is_primitive, to_string};
use super::js_str::{Append, JsStr};
use super::number::write_number;
use super::slice::slice;
use super::value::Value;

/// Appends `encodeURIComponent(text)`: `A-Z a-z 0-9 - _ . ! ~ * ' ( )` kept,
/// every other UTF-8 byte as upper-case `%XX`.
pub fn write_component(out: &mut JsStr, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = text.as_bytes();
    let mut kept = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            continue;
        }
        if kept < i {
            // `kept..i` is unreserved ASCII, so a valid slice of `text`.
            out.push_str(slice(text, kept..i));
        }
        out.push('%');
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 15)]));
        kept = i + 1;
    }
    if kept < bytes.len() {
        out.push_str(slice(text, kept..));
    }
}

/// What `encodeURIComponent(s)` throws, if anything: `URIError: URI
/// malformed` for a string with lone surrogates.
pub fn check_encodable(s: &JsStr) -> Result<()> {
    if s.is_well_formed() {
        Ok(())
    } else {
        Err(PineError::of(ErrorKind::UriError, "URI malformed".into()))
    }
}

/// Appends `encodeURIComponent(s)`, or fails as [`check_encodable`].
fn write_js_component(out: &mut JsStr, s: &JsStr) -> Result<()> {
    check_encodable(s)?;
    write_component(out, s.as_str());
    Ok(())
}

/// Appends `encodeURIComponent(value)` for any value (converted with
/// `String(value)` first, as `Array.prototype.map(encodeURIComponent)` does).
fn write_any_component(out: &mut JsStr, value: &Value) -> Result<()> {
    match value {
        Value::String(s) => write_js_component(out, s),
        other => write_js_component(out, &to_string(other)?),
    }
}

/// Rewrites a trailing `%2F%24count` or `/%24count` of `out[start..]` to `/$count`.
pub fn restore_count_at(out: &mut JsStr, start: usize) {
    for suffix in ["%2F%24count", "/%24count"] {
        if out.len() - start >= suffix.len() && out.ends_with(suffix) {
            out.truncate(out.len() - suffix.len());
            out.push_str("/$count");
            break;
        }
    }
}

/// Appends pinejs `escapeResource` of a value: a string is percent-encoded,
/// an array is encoded element-wise and joined with `/`; anything else is
/// `Not a valid resource: <typeof>`.
pub fn write_resource(out: &mut JsStr, resource: &Value) -> Result<()> {
    let start = out.len();
    match resource {
        Value::String(s) => write_js_component(out, s)?,
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push('/');
                }
                write_any_component(out, item)?;
            }
        }
        other => {
            return Err(PineError::around(
                "Not a valid resource: ",
                other.type_of(),
                "",
            ))
        }
    }
    restore_count_at(out, start);
    Ok(())
}

/// Appends pinejs `escapeResource` of a one-key property path, U+FFFD
/// encoded for a lone surrogate: the caller throws [`check_encodable`]'s
/// error where pinejs escapes the path.
pub fn write_path(out: &mut JsStr, path: &JsStr) {
    let start = out.len();
    write_component(out, path.as_str());
    restore_count_at(out, start);
}

/// Appends pinejs `escapeValue(value)`: `'…'` strings with `'` doubled and
/// percent-encoded, `datetime'…'` dates, `null`, booleans, finite numbers;
/// anything else is `Not a valid value: <typeof>`.
pub fn write_value(out: &mut JsStr, value: &Value) -> Result<()> {
    match value {
        Value::String(s) => {
            check_encodable(s)?;
            // `'` is kept by encodeURIComponent, so doubling it before or
            // after encoding is the same.
            out.push('\'');
            for (i, part) in s.as_str().split('\'').enumerate() {
                if i > 0 {
                    out.push_str("''");
                }
                write_component(out, part);
            }
            out.push('\'');
        }
        Value::Date(t) => {
            out.push_str("datetime'");
            out.push_str(&iso_string(*t)?);
            out.push('\'');
        }
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if is_primitive(value) => write_number(out, *n),
        other => {
            return Err(PineError::around(
                "Not a valid value: ",
                other.type_of(),
                "",
            ))
        }
    }
    Ok(())
}

/// Appends pinejs `escapeParameterAlias(name)`: `@` + the encoded alias name.
pub fn write_alias_ref(out: &mut JsStr, name: &Value) -> Result<()> {
    match name {
        Value::String(s) => {
            out.push('@');
            write_js_component(out, s)
        }
        other => Err(PineError::around(
            "Parameter alias reference must be a string, got: ",
            other.type_of(),
            "",
        )),
    }
}
