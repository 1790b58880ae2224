//! Reads the compact text that `src/js/encode.js` writes for a JS value back
//! into the pine value model. The grammar is documented in that file.
//!
//! The input comes from our own encoder, so a malformed text is a bug, but it
//! still yields an error rather than a panic.

use crate::prelude::*;
use crate::pine::value::{JsStr, Object, ObjectText, Value};

/// Why a text could not be decoded: the byte offset where reading stopped.
#[derive(Debug, PartialEq, Eq)]
pub struct DecodeError(pub usize);

impl DecodeError {
    /// `could not read the encoded options at byte <offset>`.
    pub fn message(&self) -> String {
        let mut message = String::from("could not read the encoded options at byte ");
        crate::pine::write_digits(&mut message, self.0 as u64);
        message
    }
}

/// Decodes one value that must span the whole text.
///
/// ```
/// use balena_api_key::decode::decode;
/// use balena_api_key::pine::value::Value;
/// assert_eq!(decode("[d1.5;n]").unwrap(), Value::Array(vec![Value::Number(1.5), Value::Null]));
/// ```
pub fn decode(text: &str) -> Result<Value, DecodeError> {
    let mut reader = Reader {
        source: text,
        text: text.as_bytes(),
        at: 0,
    };
    let value = reader.value()?;
    if reader.at == reader.text.len() {
        Ok(value)
    } else {
        Err(DecodeError(reader.at))
    }
}

struct Reader<'a> {
    source: &'a str,
    text: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn fail<T>(&self) -> Result<T, DecodeError> {
        Err(DecodeError(self.at))
    }

    fn next(&mut self) -> Result<u8, DecodeError> {
        let byte = *self.text.get(self.at).ok_or(DecodeError(self.at))?;
        self.at += 1;
        Ok(byte)
    }

    /// `source[start..end]`; the grammar's delimiters are ASCII, so the
    /// bounds are character boundaries in any text the encoder wrote.
    fn slice(&self, start: usize, end: usize) -> Result<&'a str, DecodeError> {
        self.source.get(start..end).ok_or(DecodeError(start))
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn value(&mut self) -> Result<Value, DecodeError> {
        Ok(match self.next()? {
            b'u' => Value::Undefined,
            b'n' => Value::Null,
            b't' => Value::Bool(true),
            b'f' => Value::Bool(false),
            b'd' => Value::Number(self.number()?),
            b'D' => Value::Date(self.number()?),
            b's' => Value::String(self.string()?),
            b'[' => Value::Array(self.items()?),
            b'S' => match self.next()? {
                b'[' => Value::Set(self.items()?),
                _ => return self.fail(),
            },
            b'{' => Value::Object(self.entries()?),
            b'O' => {
                let (text, _) = self.literal()?;
                self.object_with(ObjectText::Own(text))?
            }
            b'T' => {
                let (message, _) = self.literal()?;
                self.object_with(ObjectText::Throws(message))?
            }
            b'F' => Value::Opaque("function"),
            b'Y' => Value::Opaque("symbol"),
            b'B' => Value::Opaque("bigint"),
            _ => return self.fail(),
        })
    }

    /// A number as JS `String(n)` writes it, up to the closing `;`.
    fn number(&mut self) -> Result<f64, DecodeError> {
        let start = self.at;
        let length = self.text[start..]
            .iter()
            .position(|&b| b == b';')
            .ok_or(DecodeError(start))?;
        let digits = self.slice(start, start + length)?;
        self.at = start + length + 1;
        // Short digit runs (ids, $top) are exact integers: skip float parsing.
        if (1..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            let value = digits
                .bytes()
                .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
            return Ok(value as f64);
        }
        match digits {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => parse_number(digits).ok_or(DecodeError(start)),
        }
    }

    /// An object (`{` next) with the given string form.
    fn object_with(&mut self, text: ObjectText) -> Result<Value, DecodeError> {
        if self.next()? != b'{' {
            return self.fail();
        }
        let mut object = self.entries()?;
        object.text = text;
        Ok(Value::Object(object))
    }

    fn items(&mut self) -> Result<Vec<Value>, DecodeError> {
        let mut items = Vec::new();
        while self.peek() != Some(b']') {
            items.push(self.value()?);
        }
        self.at += 1;
        Ok(items)
    }

    fn entries(&mut self) -> Result<Object, DecodeError> {
        let mut object = Object::new();
        while self.peek() != Some(b'}') {
            let (key, _) = self.literal()?;
            let value = self.value()?;
            object.insert(key, value);
        }
        self.at += 1;
        Ok(object)
    }

    /// A JSON string literal; lone surrogate escapes become U+FFFD and mark
    /// the string ill-formed.
    fn string(&mut self) -> Result<JsStr, DecodeError> {
        let (text, well_formed) = self.literal()?;
        Ok(if well_formed {
            JsStr::new(text)
        } else {
            JsStr::ill_formed(text)
        })
    }

    /// A JSON string literal's text and whether it had no lone surrogates.
    fn literal(&mut self) -> Result<(String, bool), DecodeError> {
        if self.next()? != b'"' {
            return self.fail();
        }
        let mut text = String::new();
        let mut well_formed = true;
        loop {
            let start = self.at;
            let run = self.text[start..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\')
                .ok_or(DecodeError(start))?;
            let chunk = self.slice(start, start + run)?;
            self.at = start + run;
            if self.next()? == b'"' {
                if text.is_empty() {
                    // No escapes: one allocation of the exact size.
                    return Ok((chunk.to_owned(), true));
                }
                text.push_str(chunk);
                break;
            }
            text.push_str(chunk);
            let escaped = match self.next()? {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let unit = self.hex4()?;
                    match unit {
                        0xD800..=0xDBFF => self.low_surrogate_after(unit),
                        0xDC00..=0xDFFF => None,
                        _ => char::from_u32(u32::from(unit)),
                    }
                    .unwrap_or_else(|| {
                        well_formed = false;
                        char::REPLACEMENT_CHARACTER
                    })
                }
                _ => return self.fail(),
            };
            text.push(escaped);
        }
        Ok((text, well_formed))
    }

    /// Completes a surrogate pair when a `\uDC00`–`\uDFFF` escape follows.
    fn low_surrogate_after(&mut self, high: u16) -> Option<char> {
        let rest = self.text.get(self.at..self.at + 2)?;
        if rest != b"\\u" {
            return None;
        }
        let saved = self.at;
        self.at += 2;
        match self.hex4() {
            Ok(low @ 0xDC00..=0xDFFF) => char::from_u32(
                0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(low) - 0xDC00),
            ),
            _ => {
                self.at = saved;
                None
            }
        }
    }

    fn hex4(&mut self) -> Result<u16, DecodeError> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .ok_or(DecodeError(self.at))?;
        let digits = core::str::from_utf8(digits).map_err(|_| DecodeError(self.at))?;
        let unit = u16::from_str_radix(digits, 16).map_err(|_| DecodeError(self.at))?;
        self.at += 4;
        Ok(unit)
    }
}

/// A finite number as JS `String(n)` writes it. In wasm this is the host's
/// `parseFloat`, which saves the module a decimal-to-float parser and its
/// tables; natively Rust's parser, which reads these texts the same way.
#[cfg(target_arch = "wasm32")]
fn parse_number(text: &str) -> Option<f64> {
    Some(js_sys::Number::parse_float(text)).filter(|n| !n.is_nan())
}

/// See the wasm version above.
#[cfg(not(target_arch = "wasm32"))]
fn parse_number(text: &str) -> Option<f64> {
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(entries: &[(&str, Value)]) -> Value {
        Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn reads_every_kind_of_value() {
        let text = r#"{"a"u"b"n"c"t"d"f"e"d-0;"g"dNaN;"h"d-Infinity;"i"D1700000000000;"j"DNaN;"k"S[s"x"]"l"[Fd1e+21;]"m"Y"o"B}"#;
        let expected = object(&[
            ("a", Value::Undefined),
            ("b", Value::Null),
            ("c", Value::Bool(true)),
            ("d", Value::Bool(false)),
            ("e", Value::Number(-0.0)),
            ("g", Value::Number(f64::NAN)),
            ("h", Value::Number(f64::NEG_INFINITY)),
            ("i", Value::Date(1_700_000_000_000.0)),
            ("j", Value::Date(f64::NAN)),
            ("k", Value::Set(vec![Value::str("x")])),
            (
                "l",
                Value::Array(vec![Value::Opaque("function"), Value::Number(1e21)]),
            ),
            ("m", Value::Opaque("symbol")),
            ("o", Value::Opaque("bigint")),
        ]);
        let decoded = decode(text).unwrap();
        // NaN != NaN, so compare the debug forms.
        assert_eq!(format!("{decoded:?}"), format!("{expected:?}"));
        let Value::Object(o) = decoded else {
            panic!("not an object")
        };
        assert!(matches!(o.get("e"), Some(Value::Number(z)) if z.is_sign_negative()));
    }

    #[test]
    fn reads_json_string_escapes_and_raw_unicode() {
        assert_eq!(
            decode(r#"s"o'k \"q\" \\ \n\t\u0001 é 😀 \ud83d\ude00""#).unwrap(),
            Value::str("o'k \"q\" \\ \n\t\u{1} é 😀 😀")
        );
    }

    #[test]
    fn lone_surrogates_mark_the_string_ill_formed() {
        for text in [
            r#"s"a\ud800b""#,
            r#"s"\udc00""#,
            r#"s"\ud800\u0041""#,
            r#"s"\ud800""#,
        ] {
            let Value::String(s) = decode(text).unwrap() else {
                panic!("{text}")
            };
            assert!(!s.is_well_formed(), "{text}");
            assert!(s.as_str().contains('\u{FFFD}'), "{text}");
        }
        let Value::String(s) = decode(r#"s"\ud800\u0041""#).unwrap() else {
            unreachable!()
        };
        assert_eq!(s.as_str(), "\u{FFFD}A");
    }

    #[test]
    fn keeps_js_key_order() {
        let Value::Object(o) = decode(r#"{"b"n"2"n"1"n}"#).unwrap() else {
            unreachable!()
        };
        assert_eq!(o.keys().collect::<Vec<_>>(), ["1", "2", "b"]);
    }

    #[test]
    fn reads_an_object_with_its_string_form() {
        let Value::Object(own) = decode(r#"O"1,2"{"0"d1;"1"d2;}"#).unwrap() else {
            unreachable!()
        };
        assert_eq!(own.text, ObjectText::Own("1,2".to_string()));
        assert_eq!(own.keys().collect::<Vec<_>>(), ["0", "1"]);
        let Value::Object(throws) = decode(r#"T"Cannot convert object to primitive value"{}"#).unwrap() else {
            unreachable!()
        };
        assert_eq!(throws.text, ObjectText::Throws("Cannot convert object to primitive value".to_string()));
        assert_eq!(decode("{}").unwrap(), Value::Object(Object::new()));
    }

    #[test]
    fn malformed_text_is_an_error_not_a_panic() {
        for text in [
            "", "x", "[", "{", "{\"a\"", "d1", "dx;", "s\"", "s\"\\u12", "s\"\\q\"", "S", "S{",
            "nn", "\"a\"", "O", "O\"a\"", "O\"a\"[]", "T{}",
        ] {
            assert!(decode(text).is_err(), "{text:?}");
        }
    }
}
