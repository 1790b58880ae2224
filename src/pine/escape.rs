//! pinejs escaping: `encodeURIComponent`, `escapeResource`, `escapeValue`
//! and parameter-alias references.

use super::date::iso_string;
use super::error::{ErrorKind, PineError, Result};
use super::js::{is_primitive, to_string};
use super::number::write_number;
use super::value::{JsStr, Value};

/// Appends `encodeURIComponent(text)`: `A-Z a-z 0-9 - _ . ! ~ * ' ( )` kept,
/// every other UTF-8 byte as upper-case `%XX`.
pub fn write_component(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
    }
}

/// Appends `encodeURIComponent(s)`; `URIError: URI malformed` for a string
/// with lone surrogates.
fn write_js_component(out: &mut String, s: &JsStr) -> Result<()> {
    if !s.is_well_formed() {
        return Err(PineError::of(ErrorKind::UriError, "URI malformed"));
    }
    write_component(out, s.as_str());
    Ok(())
}

/// Appends `encodeURIComponent(value)` for any value (converted with
/// `String(value)` first, as `Array.prototype.map(encodeURIComponent)` does).
fn write_any_component(out: &mut String, value: &Value) -> Result<()> {
    match value {
        Value::String(s) => write_js_component(out, s),
        other => {
            write_component(out, &to_string(other)?);
            Ok(())
        }
    }
}

/// Rewrites a trailing `%2F%24count` or `/%24count` to `/$count`.
fn restore_count(mut path: String) -> String {
    for suffix in ["%2F%24count", "/%24count"] {
        if let Some(stem) = path.strip_suffix(suffix) {
            path.truncate(stem.len());
            path.push_str("/$count");
            break;
        }
    }
    path
}

/// pinejs `escapeResource` of a value: a string is percent-encoded, an array
/// is encoded element-wise and joined with `/`; anything else is
/// `Not a valid resource: <typeof>`.
pub fn escape_resource(resource: &Value) -> Result<String> {
    let mut out = String::new();
    match resource {
        Value::String(s) => write_js_component(&mut out, s)?,
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push('/');
                }
                write_any_component(&mut out, item)?;
            }
        }
        other => {
            return Err(PineError::new(format!(
                "Not a valid resource: {}",
                other.type_of()
            )))
        }
    }
    Ok(restore_count(out))
}

/// pinejs `escapeResource` of a property path (object keys, always well formed).
pub fn escape_path<S: AsRef<str>>(path: &[S]) -> String {
    let mut out = String::new();
    for (i, segment) in path.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        write_component(&mut out, segment.as_ref());
    }
    restore_count(out)
}

/// Appends pinejs `escapeValue(value)`: `'…'` strings with `'` doubled and
/// percent-encoded, `datetime'…'` dates, `null`, booleans, finite numbers;
/// anything else is `Not a valid value: <typeof>`.
pub fn write_value(out: &mut String, value: &Value) -> Result<()> {
    match value {
        Value::String(s) => {
            out.push('\'');
            let doubled = s.as_str().replace('\'', "''");
            let doubled = if s.is_well_formed() {
                JsStr::new(doubled)
            } else {
                JsStr::ill_formed(doubled)
            };
            write_js_component(out, &doubled)?;
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
            return Err(PineError::new(format!(
                "Not a valid value: {}",
                other.type_of()
            )))
        }
    }
    Ok(())
}

/// pinejs `escapeValue(value)` as a new string.
pub fn escape_value(value: &Value) -> Result<String> {
    let mut out = String::new();
    write_value(&mut out, value)?;
    Ok(out)
}

/// pinejs `escapeParameterAlias`: `@` + the encoded alias name.
pub fn alias_ref(name: &Value) -> Result<String> {
    match name {
        Value::String(s) => {
            let mut out = String::from("@");
            write_js_component(&mut out, s)?;
            Ok(out)
        }
        other => Err(PineError::new(format!(
            "Parameter alias reference must be a string, got: {}",
            other.type_of()
        ))),
    }
}
