//! A JavaScript string in Rust: UTF-8 text plus the lone surrogates that
//! UTF-8 cannot hold, read from options and appended to compiled URLs.

use super::slice::slice;
use crate::prelude::*;
use core::ops::Range;

/// A JavaScript string. JS strings are UTF-16 and may hold lone surrogates,
/// which Rust strings cannot: such a string keeps U+FFFD in their place and
/// remembers where and which they were, so that percent-encoding it fails
/// the way `encodeURIComponent` does (`URIError: URI malformed`) and
/// `JSON.stringify` can write them as `\udxxx`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsStr {
    text: String,
    /// The lone surrogates, in order: the byte offset of the U+FFFD standing
    /// for each in `text`, and its code unit; `None` for a well-formed string.
    lone: Lone,
}

/// The lone surrogates of a [`JsStr`]: `None` when there are none (the
/// usual case, one word wide), never an empty list.
type Lone = Option<Box<Vec<(u32, u16)>>>;

/// `lone` as a [`Lone`].
fn boxed(lone: Vec<(u32, u16)>) -> Lone {
    if lone.is_empty() {
        None
    } else {
        Some(Box::new(lone))
    }
}

impl JsStr {
    /// The lone surrogates: byte offset of each one's U+FFFD, and its unit.
    fn lone_surrogates(&self) -> &[(u32, u16)] {
        self.lone.as_deref().map_or(&[], Vec::as_slice)
    }

    /// A well-formed string.
    pub fn new(text: impl Into<String>) -> Self {
        JsStr {
            text: text.into(),
            lone: None,
        }
    }

    /// A one-unit string of a lone surrogate (`0xD800..=0xDFFF`).
    pub fn lone_surrogate(unit: u16) -> Self {
        JsStr {
            text: String::from("\u{FFFD}"),
            lone: boxed(vec![(0, unit)]),
        }
    }

    /// The string of these UTF-16 code units, lone surrogates included.
    pub fn from_utf16(units: &[u16]) -> Self {
        let mut text = String::new();
        let mut lone = Vec::new();
        for c in char::decode_utf16(units.iter().copied()) {
            match c {
                Ok(c) => text.push(c),
                Err(unpaired) => {
                    lone.push((text.len() as u32, unpaired.unpaired_surrogate()));
                    text.push(char::REPLACEMENT_CHARACTER);
                }
            }
        }
        JsStr {
            text,
            lone: boxed(lone),
        }
    }

    /// `text` whose U+FFFD at each of `lone`'s byte offsets stands for that
    /// lone surrogate; `None` when `lone` does not fit `text` (offsets not
    /// increasing or not at a U+FFFD, units not surrogates).
    pub fn with_lone_surrogates(text: String, lone: Vec<(u32, u16)>) -> Option<Self> {
        let mut next = 0;
        for &(at, unit) in &lone {
            let at = at as usize;
            let fits = at >= next
                && (0xD800..=0xDFFF).contains(&unit)
                && text.as_bytes().get(at..at + 3) == Some("\u{FFFD}".as_bytes());
            if !fits {
                return None;
            }
            next = at + 3;
        }
        Some(JsStr {
            text,
            lone: boxed(lone),
        })
    }

    /// The text (U+FFFD where the JS string had a lone surrogate).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the JS string had no lone surrogates.
    pub fn is_well_formed(&self) -> bool {
        self.lone.is_none()
    }

    /// The lone surrogate that the U+FFFD at byte `at` of the text stands
    /// for, if it stands for one.
    pub fn lone_surrogate_at(&self, at: usize) -> Option<u16> {
        self.lone_surrogates()
            .iter()
            .find(|&&(offset, _)| offset as usize == at)
            .map(|&(_, unit)| unit)
    }

    /// JavaScript's `.length`: the number of UTF-16 code units.
    pub fn utf16_len(&self) -> usize {
        self.text.chars().map(char::len_utf16).sum()
    }

    /// An empty string with room for `capacity` bytes of text.
    pub fn with_capacity(capacity: usize) -> Self {
        JsStr {
            text: String::with_capacity(capacity),
            lone: None,
        }
    }

    /// The text's length in bytes.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Whether the text ends with `suffix`.
    pub fn ends_with(&self, suffix: &str) -> bool {
        self.text.ends_with(suffix)
    }

    /// Appends `other` with its lone surrogates, as JS `+` does.
    pub fn push_js(&mut self, other: &JsStr) {
        if other.lone.is_none() {
            self.text.push_str(&other.text);
        } else {
            self.push_js_slice(other, 0..other.text.len());
        }
    }

    /// Appends the bytes `range` of `other`'s text (on character
    /// boundaries) with the lone surrogates among them.
    pub fn push_js_slice(&mut self, other: &JsStr, range: Range<usize>) {
        let shift = self.text.len() as u32;
        let (start, end) = (range.start as u32, range.end as u32);
        for &(at, unit) in other.lone_surrogates() {
            if at >= start && at < end {
                self.lone
                    .get_or_insert_default()
                    .push((at - start + shift, unit));
            }
        }
        self.text.push_str(slice(&other.text, range));
    }

    /// Inserts `c` at byte `at` (a character boundary).
    pub fn insert(&mut self, at: usize, c: char) {
        let width = c.len_utf8() as u32;
        for (offset, _) in self.lone.iter_mut().flat_map(|lone| lone.iter_mut()) {
            if *offset as usize >= at {
                *offset += width;
            }
        }
        self.text.insert(at, c);
    }

    /// Shortens the text to `len` bytes (a character boundary).
    pub fn truncate(&mut self, len: usize) {
        if let Some(lone) = &mut self.lone {
            lone.retain(|&(at, _)| (at as usize) < len);
            if lone.is_empty() {
                self.lone = None;
            }
        }
        self.text.truncate(len);
    }

    /// The text, lone surrogates as U+FFFD (what a URL parser makes of them).
    pub fn into_text(self) -> String {
        self.text
    }

    /// The UTF-16 code units of the JS string, lone surrogates included.
    pub fn to_utf16(&self) -> Vec<u16> {
        let mut units = Vec::with_capacity(self.text.len());
        for (at, c) in self.text.char_indices() {
            match self.lone_surrogate_at(at) {
                Some(unit) => units.push(unit),
                None => units.extend_from_slice(c.encode_utf16(&mut [0; 2])),
            }
        }
        units
    }
}

/// Text that [`js_concat!`] can append: `str`, `String` or [`JsStr`].
pub trait Piece {
    /// Appends this text to `out`.
    fn append_to(&self, out: &mut JsStr);
}

impl Piece for str {
    fn append_to(&self, out: &mut JsStr) {
        out.text.push_str(self);
    }
}

impl Piece for String {
    fn append_to(&self, out: &mut JsStr) {
        out.text.push_str(self);
    }
}

impl Piece for JsStr {
    fn append_to(&self, out: &mut JsStr) {
        out.push_js(self);
    }
}

/// Concatenates `str`, `String` and [`JsStr`] pieces into a new [`JsStr`]
/// (the lone surrogates of the latter kept), as a JS template literal does.
macro_rules! js_concat {
    ($($piece:expr),+ $(,)?) => {{
        let mut joined = $crate::pine::JsStr::default();
        $( $crate::pine::js_str::Piece::append_to($piece, &mut joined); )+
        joined
    }};
}
pub(crate) use js_concat;

/// Where text is appended: a plain `String` (messages, JSON) or a
/// [`JsStr`] (URLs, which may copy strings with lone surrogates verbatim).
pub trait Append {
    /// Appends well-formed text.
    fn push_str(&mut self, text: &str);

    /// Appends one character.
    fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    /// Appends `c` `count` times.
    fn push_repeated(&mut self, c: char, count: usize) {
        for _ in 0..count {
            self.push(c);
        }
    }
}

impl Append for String {
    fn push_str(&mut self, text: &str) {
        String::push_str(self, text);
    }

    fn push(&mut self, c: char) {
        String::push(self, c);
    }
}

impl Append for JsStr {
    fn push_str(&mut self, text: &str) {
        self.text.push_str(text);
    }

    fn push(&mut self, c: char) {
        self.text.push(c);
    }
}

impl From<&str> for JsStr {
    fn from(text: &str) -> Self {
        JsStr::new(text)
    }
}

impl From<String> for JsStr {
    fn from(text: String) -> Self {
        JsStr::new(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `"a" + "\udc00" + "b"`.
    fn a_lone_b() -> JsStr {
        JsStr::with_lone_surrogates(String::from("a\u{FFFD}b"), vec![(1, 0xDC00)]).unwrap()
    }

    #[test]
    fn utf16_length_counts_surrogate_pairs_twice() {
        assert_eq!(JsStr::new("a😀é").utf16_len(), 4);
    }

    #[test]
    fn appending_keeps_lone_surrogates_where_they_land() {
        let mut out = JsStr::new("x=");
        out.push_js(&a_lone_b());
        Append::push(&mut out, ',');
        out.push_js(&JsStr::new("\u{FFFD}"));
        assert_eq!(out.as_str(), "x=a\u{FFFD}b,\u{FFFD}");
        assert_eq!(
            out.to_utf16(),
            [0x78, 0x3D, 0x61, 0xDC00, 0x62, 0x2C, 0xFFFD]
        );
    }

    #[test]
    fn slices_carry_only_their_own_lone_surrogates() {
        let source = a_lone_b();
        let mut out = JsStr::default();
        out.push_js_slice(&source, 1..5);
        out.push_js_slice(&source, 0..1);
        assert_eq!(out.to_utf16(), [0xDC00, 0x62, 0x61]);
        let mut head = JsStr::default();
        head.push_js_slice(&source, 0..1);
        assert!(head.is_well_formed());
    }

    #[test]
    fn inserting_and_truncating_move_lone_surrogates() {
        let mut out = a_lone_b();
        out.insert(0, '(');
        assert_eq!(out.lone_surrogate_at(2), Some(0xDC00));
        out.insert(out.len(), ')');
        assert_eq!(out.to_utf16(), [0x28, 0x61, 0xDC00, 0x62, 0x29]);
        out.truncate(2);
        assert!(out.is_well_formed());
        assert_eq!(out.as_str(), "(a");
    }

    #[test]
    fn pairs_stay_pairs_in_utf16() {
        assert_eq!(JsStr::new("😀").to_utf16(), [0xD83D, 0xDE00]);
    }
}
