//! The few JavaScript semantics pinejs relies on, over [`Value`]: its type
//! tests, `Object.keys`, property reads and string conversion.

use crate::prelude::*;
use alloc::borrow::Cow;

use super::date::date_string;
use super::error::{PineError, Result};
use super::js_str::{Append, JsStr};
use super::number::{digits, write_number};
use super::value::{ObjectText, Value};

/// Whether `text` starts with the ASCII byte `byte` (cheaper than
/// `str::starts_with(char)`, which compares encoded bytes).
pub fn starts_with_byte(text: &str, byte: u8) -> bool {
    text.as_bytes().first() == Some(&byte)
}

/// The value of a missing property.
static UNDEFINED: Value = Value::Undefined;

/// pinejs `isPrimitive`: `null`, a string, a finite number, a boolean or a Date.
pub fn is_primitive(value: &Value) -> bool {
    match value {
        Value::Null | Value::String(_) | Value::Bool(_) | Value::Date(_) => true,
        Value::Number(n) => n.is_finite(),
        _ => false,
    }
}

/// pinejs `isObject`: `typeof value === 'object'` and not `null`.
pub fn is_object(value: &Value) -> bool {
    matches!(
        value,
        Value::Object(_) | Value::Array(_) | Value::Set(_) | Value::Date(_)
    )
}

/// `Object.keys(value).map(k => [k, value[k]])`: an object's entries, an
/// array's indices, a string's UTF-16 code units; nothing for any other value.
pub fn own_entries(value: &Value) -> Vec<(Cow<'_, JsStr>, Cow<'_, Value>)> {
    let index = |i: usize| Cow::Owned(JsStr::new(digits(i as u64)));
    match value {
        Value::Object(object) => object
            .iter()
            .map(|(k, v)| (Cow::Borrowed(k), Cow::Borrowed(v)))
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (index(i), Cow::Borrowed(v)))
            .collect(),
        Value::String(s) => code_units(s)
            .into_iter()
            .enumerate()
            .map(|(i, unit)| (index(i), Cow::Owned(Value::String(unit))))
            .collect(),
        _ => Vec::new(),
    }
}

/// A string's UTF-16 code units as one-unit strings (a half of a surrogate
/// pair, like a lone surrogate, is an ill-formed string).
fn code_units(s: &JsStr) -> Vec<JsStr> {
    let mut units = Vec::with_capacity(s.as_str().len());
    for (at, c) in s.as_str().char_indices() {
        match s.lone_surrogate_at(at) {
            Some(unit) => units.push(JsStr::lone_surrogate(unit)),
            None => match c.encode_utf16(&mut [0; 2]) {
                &mut [high, low] => {
                    units.push(JsStr::lone_surrogate(high));
                    units.push(JsStr::lone_surrogate(low));
                }
                _ => units.push(JsStr::new(c.encode_utf8(&mut [0; 4]) as &str)),
            },
        }
    }
    units
}

/// `Object.keys(value)`.
pub fn own_keys(value: &Value) -> Vec<JsStr> {
    own_entries(value)
        .into_iter()
        .map(|(k, _)| k.into_owned())
        .collect()
}

/// `value[key]` for a `$`/`@`/named property: an object's own key, else
/// `undefined` (arrays, strings and other values have no such properties).
pub fn get<'a>(value: &'a Value, key: &str) -> &'a Value {
    match value {
        Value::Object(object) => object.get(key).unwrap_or(&UNDEFINED),
        _ => &UNDEFINED,
    }
}

/// `Object.prototype.hasOwnProperty.call(value, key)` for a non-index key.
pub fn has_own(value: &Value, key: &str) -> bool {
    matches!(value, Value::Object(object) if object.has(key))
}

/// The engine's TypeError for reading `key` of `null` / `undefined`.
pub fn read_of_nullish(value: &Value, key: &str) -> PineError {
    let name = if matches!(value, Value::Null) {
        "null"
    } else {
        "undefined"
    };
    PineError::type_error(["Cannot read properties of ", name, " (reading '", key, "')"].concat())
}

/// Appends JavaScript `String(value)` (as in template literals and `+`).
/// Fails like the engine for a symbol.
pub fn write_string(out: &mut JsStr, value: &Value) -> Result<()> {
    match value {
        Value::Undefined => out.push_str("undefined"),
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(out, *n),
        Value::String(s) => out.push_js(s),
        Value::Date(t) => out.push_str(&date_string(*t)),
        Value::Array(items) => write_joined(out, items, ",")?,
        Value::Set(_) => out.push_str("[object Set]"),
        Value::Object(object) => match &object.text {
            ObjectText::Plain => out.push_str("[object Object]"),
            ObjectText::Own(text) | ObjectText::StringObject(text) => out.push_js(text),
            ObjectText::Throws(index) => return Err(PineError::thrown(*index)),
        },
        Value::Function(Ok(text)) => out.push_js(text),
        Value::BigInt(digits) => out.push_str(digits),
        Value::Function(Err(index)) => return Err(PineError::thrown(*index)),
        Value::Symbol => {
            return Err(PineError::type_error(
                "Cannot convert a Symbol value to a string",
            ))
        }
    }
    Ok(())
}

/// `String(value)` as a new string (see [`write_string`]).
pub fn to_string(value: &Value) -> Result<JsStr> {
    let mut out = JsStr::default();
    write_string(&mut out, value)?;
    Ok(out)
}

/// Appends `items.join(separator)`: `null`/`undefined` items as empty text.
pub fn write_joined(out: &mut JsStr, items: &[Value], separator: &str) -> Result<()> {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        if !item.is_nullish() {
            write_string(out, item)?;
        }
    }
    Ok(())
}

/// Calls `each` with [`own_entries`] of `value` in order, without collecting
/// them for an object; stops at the first error.
pub fn each_entry(value: &Value, mut each: impl FnMut(&JsStr, &Value) -> Result<()>) -> Result<()> {
    match value {
        Value::Object(object) => {
            for (key, item) in object.iter() {
                each(key, item)?;
            }
        }
        Value::Array(_) | Value::String(_) => {
            for (key, item) in own_entries(value) {
                each(&key, &item)?;
            }
        }
        _ => {}
    }
    Ok(())
}
