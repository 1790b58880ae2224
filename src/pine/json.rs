//! `JSON.stringify`, for the values pinejs quotes in its error messages.

use super::date::iso_string;
use super::error::{PineError, Result};
use super::js::own_entries;
use super::number::write_number;
use super::value::{JsStr, Value};
use crate::prelude::*;

/// `JSON.stringify(value)`; `undefined` (and functions, symbols) give the
/// text `undefined`, as a template literal would print it.
pub fn stringify(value: &Value) -> Result<String> {
    let mut out = String::new();
    if !write_json(&mut out, value)? {
        out.push_str("undefined");
    }
    Ok(out)
}

/// `JSON.stringify` of a list of keys.
pub fn stringify_keys(keys: &[JsStr]) -> String {
    let mut out = String::from("[");
    for (i, key) in keys.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_quoted_js(&mut out, key);
    }
    out.push(']');
    out
}

/// Appends the JSON of `value`; returns `false` (writing nothing) for
/// values JSON skips: `undefined`, functions and symbols.
fn write_json(out: &mut String, value: &Value) -> Result<bool> {
    match value {
        Value::Undefined | Value::Function(_) | Value::Symbol => return Ok(false),
        Value::BigInt(_) => {
            return Err(PineError::type_error(
                "Do not know how to serialize a BigInt",
            ))
        }
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if n.is_finite() => write_number(out, *n),
        Value::Number(_) => out.push_str("null"),
        Value::String(s) => write_quoted_js(out, s),
        Value::Date(t) => match iso_string(*t) {
            Ok(iso) => write_quoted(out, &iso),
            Err(_) => out.push_str("null"),
        },
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if !write_json(out, item)? {
                    out.push_str("null");
                }
            }
            out.push(']');
        }
        Value::Object(_) | Value::Set(_) => {
            out.push('{');
            let mut first = true;
            for (key, item) in own_entries(value) {
                let start = out.len();
                if !first {
                    out.push(',');
                }
                write_quoted_js(out, &key);
                out.push(':');
                if write_json(out, &item)? {
                    first = false;
                } else {
                    out.truncate(start);
                }
            }
            out.push('}');
        }
    }
    Ok(true)
}

/// Appends `text` as a JSON string literal.
fn write_quoted(out: &mut String, text: &str) {
    out.push('"');
    text.chars().for_each(|c| write_json_char(out, c));
    out.push('"');
}

/// Appends a JS string as a JSON string literal: its lone surrogates as
/// `\udxxx`, as `JSON.stringify` writes them.
fn write_quoted_js(out: &mut String, s: &JsStr) {
    out.push('"');
    for (at, c) in s.as_str().char_indices() {
        match s.lone_surrogate_at(at) {
            Some(unit) => write_unicode_escape(out, unit),
            None => write_json_char(out, c),
        }
    }
    out.push('"');
}

/// Appends one character of a JSON string literal, escaped as
/// `JSON.stringify` escapes it.
fn write_json_char(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c < ' ' => write_unicode_escape(out, c as u16),
        c => out.push(c),
    }
}

/// Appends `\uxxxx` (lower-case hex).
fn write_unicode_escape(out: &mut String, unit: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        out.push(char::from(HEX[usize::from((unit >> shift) & 15)]));
    }
}
