//! Reads the compact bytes that `js/encode.js` writes for a JS value back
//! into the pine value model. The grammar is documented in that file.
//!
//! The input comes from our own encoder, so a malformed input is a bug, but it
//! still yields an error rather than a panic.

use crate::pine::value::{JsStr, Object, ObjectText, Value};
use crate::prelude::*;

/// Why an input could not be decoded: the byte offset where reading stopped.
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

/// Decodes one value that must span the whole input.
///
/// ```
/// use balena_api_key::boundary::decode::decode;
/// use balena_api_key::pine::value::Value;
/// let mut bytes = vec![b'[', 2, 0, 0, 0, b'd'];
/// bytes.extend(1.5f64.to_le_bytes());
/// bytes.push(b'n');
/// assert_eq!(decode(&bytes).unwrap(), Value::Array(vec![Value::Number(1.5), Value::Null]));
/// ```
pub fn decode(bytes: &[u8]) -> Result<Value, DecodeError> {
    let mut reader = Reader { bytes, at: 0 };
    let value = reader.value()?;
    if reader.at == bytes.len() {
        Ok(value)
    } else {
        Err(DecodeError(reader.at))
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn fail<T>(&self) -> Result<T, DecodeError> {
        Err(DecodeError(self.at))
    }

    /// The next `count` bytes.
    #[inline(always)]
    fn take(&mut self, count: usize) -> Result<&'a [u8], DecodeError> {
        let end = self.at.checked_add(count).ok_or(DecodeError(self.at))?;
        let taken = self.bytes.get(self.at..end).ok_or(DecodeError(self.at))?;
        self.at = end;
        Ok(taken)
    }

    #[inline(always)]
    fn next(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?[0])
    }

    fn value(&mut self) -> Result<Value, DecodeError> {
        Ok(match self.next()? {
            b'u' => Value::Undefined,
            b'n' => Value::Null,
            b't' => Value::Bool(true),
            b'f' => Value::Bool(false),
            b'd' => Value::Number(self.number()?),
            b'D' => Value::Date(self.number()?),
            tag @ (b's' | b'w') => Value::String(self.string_tagged(tag)?),
            b'[' => Value::Array(self.items()?),
            b'S' => Value::Set(self.items()?),
            b'{' => Value::Object(self.entries()?),
            b'O' => {
                let text = self.string()?;
                self.object_with(ObjectText::Own(text))?
            }
            b'W' => {
                let text = self.string()?;
                self.object_with(ObjectText::StringObject(text))?
            }
            b'T' => {
                let thrown = self.index()?;
                self.object_with(ObjectText::Throws(thrown))?
            }
            b'F' => Value::Function(Ok(self.string()?)),
            b'G' => Value::Function(Err(self.index()?)),
            b'Y' => Value::Symbol,
            b'B' => Value::BigInt(self.string()?.into_text()),
            _ => {
                self.at -= 1;
                return self.fail();
            }
        })
    }

    /// A little-endian u32.
    #[inline(always)]
    fn count(&mut self) -> Result<usize, DecodeError> {
        match *self.take(4)? {
            [a, b, c, d] => Ok(u32::from_le_bytes([a, b, c, d]) as usize),
            _ => self.fail(),
        }
    }

    /// A little-endian u32 index.
    fn index(&mut self) -> Result<u32, DecodeError> {
        Ok(self.count()? as u32)
    }

    /// Room for `count` items of at least one byte each: no more than the
    /// bytes left, so a corrupt count cannot ask for a huge allocation.
    fn capacity(&self, count: usize) -> usize {
        count.min(self.bytes.len() - self.at)
    }

    /// A little-endian f64.
    #[inline(always)]
    fn number(&mut self) -> Result<f64, DecodeError> {
        match *self.take(8)? {
            [a, b, c, d, e, f, g, h] => Ok(f64::from_le_bytes([a, b, c, d, e, f, g, h])),
            _ => self.fail(),
        }
    }

    /// A u32 byte length and that many bytes of UTF-8.
    fn text(&mut self) -> Result<String, DecodeError> {
        let length = self.count()?;
        let start = self.at;
        let bytes = self.take(length)?;
        match core::str::from_utf8(bytes) {
            Ok(text) => Ok(text.to_owned()),
            Err(_) => Err(DecodeError(start)),
        }
    }

    /// A string: `s` and its text, or `w`, its text (U+FFFD for each lone
    /// surrogate), their count, then each one's byte offset in the text and
    /// code unit (u32s).
    fn string(&mut self) -> Result<JsStr, DecodeError> {
        let tag = self.next()?;
        self.string_tagged(tag)
    }

    /// [`Reader::string`] after its tag.
    fn string_tagged(&mut self, tag: u8) -> Result<JsStr, DecodeError> {
        match tag {
            b's' => return Ok(JsStr::new(self.text()?)),
            b'w' => {}
            _ => {
                self.at -= 1;
                return self.fail();
            }
        }
        let text = self.text()?;
        let start = self.at;
        let count = self.count()?;
        let mut lone = Vec::with_capacity(self.capacity(count));
        for _ in 0..count {
            let at = self.count()?;
            let unit = u16::try_from(self.count()?).map_err(|_| DecodeError(start))?;
            lone.push((at as u32, unit));
        }
        JsStr::with_lone_surrogates(text, lone).ok_or(DecodeError(start))
    }

    /// An object (`{` next) with the given string form.
    fn object_with(&mut self, text: ObjectText) -> Result<Value, DecodeError> {
        if self.next()? != b'{' {
            self.at -= 1;
            return self.fail();
        }
        let mut object = self.entries()?;
        object.text = text;
        Ok(Value::Object(object))
    }

    fn items(&mut self) -> Result<Vec<Value>, DecodeError> {
        let count = self.count()?;
        let mut items = Vec::with_capacity(self.capacity(count));
        for _ in 0..count {
            items.push(self.value()?);
        }
        Ok(items)
    }

    fn entries(&mut self) -> Result<Object, DecodeError> {
        let count = self.count()?;
        let mut entries = Vec::with_capacity(self.capacity(count));
        for _ in 0..count {
            let key = self.string()?;
            entries.push((key, self.value()?));
        }
        Ok(Object::from_own_keys(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds encoder output.
    #[derive(Default)]
    struct Bytes(Vec<u8>);

    impl Bytes {
        fn tag(mut self, tags: &str) -> Self {
            self.0.extend(tags.bytes());
            self
        }
        fn u32(mut self, n: u32) -> Self {
            self.0.extend(n.to_le_bytes());
            self
        }
        fn count(mut self, tag: u8, n: u32) -> Self {
            self.0.push(tag);
            self.u32(n)
        }
        fn num(mut self, tag: u8, n: f64) -> Self {
            self.0.push(tag);
            self.0.extend(n.to_le_bytes());
            self
        }
        fn text(mut self, text: &str) -> Self {
            self.0.extend((text.len() as u32).to_le_bytes());
            self.0.extend(text.bytes());
            self
        }
        fn string(self, text: &str) -> Self {
            self.tag("s").text(text)
        }
    }

    fn object(entries: &[(&str, Value)]) -> Value {
        Value::Object(
            entries
                .iter()
                .map(|(k, v)| (JsStr::from(*k), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn reads_every_kind_of_value() {
        let bytes = Bytes::default()
            .count(b'{', 13)
            .string("a")
            .tag("u")
            .string("b")
            .tag("n")
            .string("c")
            .tag("t")
            .string("d")
            .tag("f")
            .string("e")
            .num(b'd', -0.0)
            .string("g")
            .num(b'd', f64::NAN)
            .string("h")
            .num(b'd', f64::NEG_INFINITY)
            .string("i")
            .num(b'D', 1_700_000_000_000.0)
            .string("j")
            .num(b'D', f64::NAN)
            .string("k")
            .count(b'S', 1)
            .string("x")
            .string("l")
            .count(b'[', 3)
            .tag("F")
            .string("() => 1")
            .tag("G")
            .u32(7)
            .num(b'd', 1e21)
            .string("m")
            .tag("Y")
            .string("o")
            .tag("B")
            .string("10");
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
                Value::Array(vec![
                    Value::Function(Ok("() => 1".into())),
                    Value::Function(Err(7)),
                    Value::Number(1e21),
                ]),
            ),
            ("m", Value::Symbol),
            ("o", Value::BigInt("10".to_string())),
        ]);
        let decoded = decode(&bytes.0).unwrap();
        // NaN != NaN, so compare the debug forms.
        assert_eq!(format!("{decoded:?}"), format!("{expected:?}"));
        let Value::Object(o) = decoded else {
            panic!("not an object")
        };
        assert!(matches!(o.get("e"), Some(Value::Number(z)) if z.is_sign_negative()));
    }

    #[test]
    fn reads_unicode_and_marks_ill_formed_strings() {
        let text = "o'k \"q\" \\ \n\t\u{1} é 😀";
        assert_eq!(
            decode(&Bytes::default().string(text).0).unwrap(),
            Value::str(text)
        );
        let bytes = Bytes::default()
            .tag("w")
            .text("a\u{FFFD}b\u{FFFD}")
            .u32(2)
            .u32(1)
            .u32(0xD83D)
            .u32(5)
            .u32(0xDC00);
        let Value::String(s) = decode(&bytes.0).unwrap() else {
            unreachable!()
        };
        assert_eq!(s, JsStr::from_utf16(&[0x61, 0xD83D, 0x62, 0xDC00]));
        assert!(!s.is_well_formed());
        assert_eq!(s.as_str(), "a\u{FFFD}b\u{FFFD}");
    }

    #[test]
    fn keeps_the_key_order_object_keys_gave() {
        let bytes = Bytes::default()
            .count(b'{', 3)
            .string("1")
            .tag("n")
            .string("2")
            .tag("n")
            .string("b")
            .tag("n");
        let Value::Object(o) = decode(&bytes.0).unwrap() else {
            unreachable!()
        };
        assert_eq!(
            o.keys().map(JsStr::as_str).collect::<Vec<_>>(),
            ["1", "2", "b"]
        );
    }

    #[test]
    fn reads_keys_with_lone_surrogates() {
        let bytes = Bytes::default()
            .count(b'{', 2)
            .string("\u{FFFD}")
            .tag("n")
            .tag("w")
            .text("k\u{FFFD}")
            .u32(1)
            .u32(1)
            .u32(0xDFFF)
            .tag("t");
        let Value::Object(o) = decode(&bytes.0).unwrap() else {
            unreachable!()
        };
        let keys: Vec<&JsStr> = o.keys().collect();
        assert!(keys[0].is_well_formed());
        assert_eq!(*keys[1], JsStr::from_utf16(&[0x6B, 0xDFFF]));
        // A lone surrogate is not the U+FFFD standing for it.
        assert_eq!(o.get("\u{FFFD}"), Some(&Value::Null));
        assert_eq!(o.get("k\u{FFFD}"), None);
        assert_eq!(o.get_js(keys[1]), Some(&Value::Bool(true)));
    }

    #[test]
    fn reads_an_object_with_its_string_form() {
        let own = Bytes::default()
            .tag("O")
            .string("1,2")
            .count(b'{', 1)
            .string("0")
            .num(b'd', 1.0);
        let Value::Object(own) = decode(&own.0).unwrap() else {
            unreachable!()
        };
        assert_eq!(own.text, ObjectText::Own("1,2".into()));
        assert_eq!(own.keys().map(JsStr::as_str).collect::<Vec<_>>(), ["0"]);
        let throws = Bytes::default().tag("T").u32(2).count(b'{', 0);
        let Value::Object(throws) = decode(&throws.0).unwrap() else {
            unreachable!()
        };
        assert_eq!(throws.text, ObjectText::Throws(2));
        // A string form with a lone surrogate keeps it.
        let lone = Bytes::default()
            .tag("O")
            .tag("w")
            .text("\u{FFFD}")
            .u32(1)
            .u32(0)
            .u32(0xD800)
            .count(b'{', 0);
        let Value::Object(lone) = decode(&lone.0).unwrap() else {
            unreachable!()
        };
        assert_eq!(lone.text, ObjectText::Own(JsStr::lone_surrogate(0xD800)));
        assert_eq!(
            decode(&Bytes::default().count(b'{', 0).0).unwrap(),
            Value::Object(Object::new())
        );
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        let inputs: [&[u8]; 24] = [
            b"", b"x", b"[", b"{", b"{\x01\0\0\0\x01\0\0\0a", b"{\x01\0\0\0s\x01\0\0\0a", b"{\x01\0\0\0n", b"d1", b"s\x05\0\0\0ab", b"s\xff\xff\xff\xff",
            b"s\x01\0\0\0\xff", b"S", b"S\xff\xff\xff\xffn", b"nn", b"O", b"O\x01\0\0\0a", b"O\x01\0\0\0a[\0\0\0\0",
            b"T{", b"D\0\0", b"[\x02\0\0\0n",
            // a lone surrogate list that does not fit the text: not at a
            // U+FFFD, not a surrogate, offsets going back, missing
            b"w\x01\0\0\0a\x01\0\0\0\0\0\0\0\x00\xd8\0\0",
            b"w\x03\0\0\0\xef\xbf\xbd\x01\0\0\0\0\0\0\0\x41\0\0\0",
            b"w\x06\0\0\0\xef\xbf\xbd\xef\xbf\xbd\x02\0\0\0\x03\0\0\0\x00\xd8\0\0\0\0\0\0\x00\xd8\0\0",
            b"w\x03\0\0\0\xef\xbf\xbd\x01\0\0\0",
        ];
        for bytes in inputs {
            assert!(decode(bytes).is_err(), "{bytes:?}");
        }
    }
}
