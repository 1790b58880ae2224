//! The errors pinejs-client-core throws: a JavaScript error class and its
//! message, so that the JS side can rethrow exactly what pinejs would.

use super::js_str::{js_concat, JsStr};
use crate::prelude::*;
use core::fmt;

/// The JavaScript class of a compiler error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A plain `Error` (every message pinejs writes itself).
    Error,
    /// `URIError: URI malformed`, from `encodeURIComponent` on a lone surrogate.
    UriError,
    /// `RangeError: Invalid time value`, from `toISOString` on an invalid date.
    RangeError,
    /// A `TypeError` the JS engine raises inside pinejs for inputs of the
    /// wrong shape (e.g. a non-string resource, `$fn: null`).
    TypeError,
    /// Whatever a value's own string conversion threw, rethrown as it is:
    /// the index of that value among those the walk of the options kept
    /// (the `thrown` list of an encoding, src/boundary/js/encode.js). The message is empty.
    Thrown(u32),
}

impl ErrorKind {
    /// The JavaScript constructor name: `Error`, `URIError`, `RangeError`
    /// or `TypeError`.
    pub fn js_name(self) -> &'static str {
        match self {
            ErrorKind::Error => "Error",
            ErrorKind::UriError => "URIError",
            ErrorKind::RangeError => "RangeError",
            ErrorKind::TypeError => "TypeError",
            ErrorKind::Thrown(_) => "(thrown by a conversion)",
        }
    }
}

/// An error thrown while compiling: its JS class and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PineError {
    /// The JavaScript class.
    pub kind: ErrorKind,
    /// The message, exactly as pinejs-client-core (or the JS engine) words
    /// it (with the lone surrogates of the keys and strings it quotes).
    /// Boxed: every `Result` of the recursive compiler carries this error,
    /// so it stays two words wide.
    pub message: Box<JsStr>,
}

impl PineError {
    /// A plain `Error` with `message`.
    pub fn new(message: impl Into<JsStr>) -> Self {
        PineError::of(ErrorKind::Error, message.into())
    }

    /// A `TypeError` with `message`.
    pub fn type_error(message: impl Into<JsStr>) -> Self {
        PineError::of(ErrorKind::TypeError, message.into())
    }

    /// What the conversion that threw the walk's kept value `index` threw.
    pub fn thrown(index: u32) -> Self {
        PineError::of(ErrorKind::Thrown(index), JsStr::default())
    }

    /// An error of any class.
    pub fn of(kind: ErrorKind, message: JsStr) -> Self {
        PineError {
            kind,
            message: Box::new(message),
        }
    }
}

impl fmt::Display for PineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.js_name(), self.message.as_str())
    }
}

impl core::error::Error for PineError {}

/// The result of a step that may throw like pinejs.
pub type Result<T> = core::result::Result<T, PineError>;

/// Cold constructors for pinejs' message shapes, kept out of the recursive
/// compiler functions so that their stack frames stay small.
impl PineError {
    /// `Error(before + middle + after)`.
    #[cold]
    #[inline(never)]
    pub(crate) fn around(before: &str, middle: &str, after: &str) -> Self {
        PineError::new([before, middle, after].concat())
    }

    /// `Error(before + key + after)`, the key's lone surrogates kept.
    #[cold]
    #[inline(never)]
    pub(crate) fn around_key(before: &str, key: &JsStr, after: &str) -> Self {
        PineError::new(js_concat!(before, key, after))
    }

    /// `Error(message + typeof value)`.
    #[cold]
    #[inline(never)]
    pub(crate) fn got_type(message: &str, value: &super::value::Value) -> Self {
        PineError::around(message, value.type_of(), "")
    }

    /// `Error(message + JSON.stringify(value))` (or the error stringifying throws).
    #[cold]
    #[inline(never)]
    pub(crate) fn got_json(message: &str, value: &super::value::Value) -> Self {
        match super::json::stringify(value) {
            Ok(json) => PineError::around(message, &json, ""),
            Err(err) => err,
        }
    }
}
