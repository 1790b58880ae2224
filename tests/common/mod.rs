//! Test support: the recorded vectors as [`Value`]s, and the WHATWG URL
//! re-encoding that turns a compiled URL into what goes on the wire.
#![allow(dead_code)] // each test crate uses part of this module

use balena_api_key::pine::{JsStr, Object, Value};
use serde_json::{Map, Value as Json};

/// Lone surrogates in the JSON text (serde_json rejects them) stand in as
/// the private-use characters `LONE + (unit - 0xD800)` (plane 15).
const LONE: u32 = 0xF0000;

/// The vectors in `tests/data/<file>`, each a JSON object.
pub fn load(file: &str) -> Vec<Map<String, Json>> {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse(&text)
}

/// Vectors from the text of a vector file (for builds without a file system).
pub fn parse(text: &str) -> Vec<Map<String, Json>> {
    let vectors: Vec<Json> =
        serde_json::from_str(&mark_lone_surrogates(text)).expect("vector JSON");
    vectors
        .into_iter()
        .filter_map(|v| v.as_object().cloned())
        .collect()
}

/// Replaces `\uD800`-`\uDFFF` escapes that are not part of a pair with the
/// escape of their [`LONE`] stand-in.
fn mark_lone_surrogates(text: &str) -> String {
    let unit = |s: &str| {
        s.get(..6)
            .filter(|e| e.starts_with("\\u"))
            .and_then(|e| u16::from_str_radix(&e[2..], 16).ok())
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (copy, skip) = match (unit(rest), rest.get(6..).and_then(unit)) {
            (Some(0xD800..=0xDBFF), Some(0xDC00..=0xDFFF)) => (12, 12),
            (Some(lone @ 0xD800..=0xDFFF), _) => {
                let stand_in = char::from_u32(LONE + u32::from(lone) - 0xD800).expect("plane 15");
                for escape in stand_in.encode_utf16(&mut [0; 2]) {
                    out.push_str(&format!("\\u{escape:04x}"));
                }
                (0, 6)
            }
            _ => (2, 2),
        };
        out.push_str(&rest[..copy]);
        rest = &rest[skip..];
    }
    out.push_str(rest);
    out
}

/// Whether `c` stands in for a lone surrogate (see [`LONE`]).
fn is_stand_in(c: char) -> bool {
    (LONE..LONE + 0x800).contains(&(c as u32))
}

/// The JS string a vector's text stands for (see [`LONE`]).
fn js_str(text: &str) -> JsStr {
    if !text.chars().any(is_stand_in) {
        return JsStr::from(text);
    }
    let units: Vec<u16> = text
        .chars()
        .flat_map(|c| match is_stand_in(c) {
            true => vec![(c as u32 - LONE + 0xD800) as u16],
            false => c.encode_utf16(&mut [0; 2]).to_vec(),
        })
        .collect();
    JsStr::from_utf16(&units)
}

/// Converts the vectors' JSON encoding (with `__type` markers) to a [`Value`].
pub fn to_value(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
        Json::String(s) => Value::String(js_str(s)),
        Json::Array(items) => Value::Array(items.iter().map(to_value).collect()),
        Json::Object(map) => match map.get("__type").and_then(Json::as_str) {
            Some("Date") => Value::Date(parse_iso(
                map.get("iso").and_then(Json::as_str).unwrap_or(""),
            )),
            Some("Set") => match map.get("values") {
                Some(Json::Array(items)) => Value::Set(items.iter().map(to_value).collect()),
                _ => Value::Set(Vec::new()),
            },
            Some("undefined") => Value::Undefined,
            Some("function") => Value::Function(Ok("() => 1".into())),
            Some("number") => Value::Number(match map.get("value").and_then(Json::as_str) {
                Some("Infinity") => f64::INFINITY,
                Some("-Infinity") => f64::NEG_INFINITY,
                _ => f64::NAN,
            }),
            _ => Value::Object(map.iter().map(|(k, v)| (js_str(k), to_value(v))).collect()),
        },
    }
}

/// Milliseconds since the epoch of `YYYY-MM-DDTHH:MM:SS.sssZ`; NaN otherwise.
fn parse_iso(iso: &str) -> f64 {
    let field = |range: std::ops::Range<usize>| iso.get(range).and_then(|s| s.parse::<i64>().ok());
    let parts = [
        field(0..4),
        field(5..7),
        field(8..10),
        field(11..13),
        field(14..16),
        field(17..19),
        field(20..23),
    ];
    let [Some(y), Some(m), Some(d), Some(h), Some(min), Some(s), Some(ms)] = parts else {
        return f64::NAN;
    };
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    (((days * 24 + h) * 60 + min) * 60 + s) as f64 * 1000.0 + ms as f64
}

/// The `compile` params of a vector: `resource` (default `api_key`), and
/// whichever of `keys` the vector has.
pub fn params(vector: &Map<String, Json>, keys: &[&str]) -> Value {
    let mut params = Object::new();
    params.insert("resource", Value::str("api_key"));
    for &key in keys {
        if let Some(json) = vector.get(key) {
            params.insert(key, to_value(json));
        }
    }
    Value::Object(params)
}

/// A vector's string field.
pub fn text<'a>(vector: &'a Map<String, Json>, key: &str) -> &'a str {
    vector.get(key).and_then(Json::as_str).unwrap_or_default()
}

/// The request target sent for `apiPrefix + url` (`apiPrefix` = `<origin>/v7/`)
/// after WHATWG URL parsing: fragment dropped, path and query re-encoded.
pub fn wire(url: &str) -> String {
    let full = format!("/v7/{url}");
    let full = full.split('#').next().unwrap_or_default();
    let (path, query) = match full.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (full, None),
    };
    let mut out = String::new();
    reencode(
        &mut out,
        &path.replace('\\', "/"),
        &[' ', '"', '<', '>', '`', '{', '}'],
    );
    if let Some(query) = query {
        out.push('?');
        reencode(&mut out, query, &[' ', '"', '\'', '<', '>']);
    }
    out
}

/// Appends `text` with C0 controls, DEL, non-ASCII and `also` percent-encoded.
fn reencode(out: &mut String, text: &str, also: &[char]) {
    for c in text.chars() {
        if !(' '..='~').contains(&c) || also.contains(&c) {
            encode(out, c);
        } else {
            out.push(c);
        }
    }
}

/// Appends the UTF-8 bytes of `c` as `%XX`.
fn encode(out: &mut String, c: char) {
    let mut buf = [0; 4];
    for byte in c.encode_utf8(&mut buf).bytes() {
        out.push_str(&format!("%{byte:02X}"));
    }
}
