//! Where the session token is kept: in memory (`dataDirectory: false`), in
//! `localStorage` (browsers) or in `<dataDirectory>/token` (Node), read back
//! with balena-settings-storage's rules.

use crate::prelude::*;
use core::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::errors::SdkError;

#[wasm_bindgen(module = "/src/js/storage.js")]
extern "C" {
    #[wasm_bindgen(js_name = readStored, catch)]
    fn read_stored(directory: Option<&str>) -> Result<Option<String>, JsValue>;
    #[wasm_bindgen(js_name = writeStored, catch)]
    fn write_stored(directory: Option<&str>, text: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = removeStored, catch)]
    fn remove_stored(directory: Option<&str>) -> Result<(), JsValue>;
}

/// A place for one token.
pub enum TokenStore {
    /// In this sdk instance only.
    Memory(RefCell<Option<String>>),
    /// `localStorage['balena-token']`.
    LocalStorage,
    /// The file `token` in this directory.
    File(String),
}

/// What a store gives back: balena-settings-storage turns number-like text
/// into a number and JSON text into its value, so not every stored token
/// reads back as a string.
pub enum Stored {
    /// Nothing stored.
    Nothing,
    /// A token string.
    Token(String),
    /// Something that is not a string (e.g. `12345` read back as a number).
    NotAString(JsValue),
}

impl TokenStore {
    fn location(&self) -> Option<&str> {
        match self {
            TokenStore::File(directory) => Some(directory),
            _ => None,
        }
    }

    /// Reads the stored token.
    pub fn read(&self) -> Result<Stored, SdkError> {
        let text = match self {
            TokenStore::Memory(slot) => slot.borrow().clone(),
            _ => read_stored(self.location())?,
        };
        Ok(text.map_or(Stored::Nothing, |text| interpret(&text)))
    }

    /// Whether what is stored reads back as something other than null
    /// (balena-auth's `hasKey`), told without interpreting the text: of
    /// all texts only JSON's `null` reads back as null.
    pub fn has_token(&self) -> Result<bool, SdkError> {
        Ok(match self {
            TokenStore::Memory(slot) => slot
                .borrow()
                .as_deref()
                .is_some_and(|text| !reads_as_null(text)),
            _ => read_stored(self.location())?.is_some_and(|text| !reads_as_null(&text)),
        })
    }

    /// Stores `text`.
    pub fn write(&self, text: &str) -> Result<(), SdkError> {
        match self {
            TokenStore::Memory(slot) => *slot.borrow_mut() = Some(text.to_string()),
            _ => write_stored(self.location(), text)?,
        }
        Ok(())
    }

    /// Removes the stored token.
    pub fn remove(&self) -> Result<(), SdkError> {
        match self {
            TokenStore::Memory(slot) => *slot.borrow_mut() = None,
            _ => remove_stored(self.location())?,
        }
        Ok(())
    }
}

/// balena-settings-storage's `get`: number-like text is a number, JSON text
/// its value, anything else the text itself.
fn interpret(text: &str) -> Stored {
    if is_number_like(text) {
        return Stored::NotAString(js_sys::Number::parse_float(text).into());
    }
    if !may_be_json(text) {
        return Stored::Token(text.to_string());
    }
    match js_sys::JSON::parse(text) {
        Ok(value) => match value.as_string() {
            Some(string) => Stored::Token(string),
            None => Stored::NotAString(value),
        },
        Err(_) => Stored::Token(text.to_string()),
    }
}

/// Whether `JSON.parse` could accept `text`: it can only start (after JSON
/// whitespace) with a brace, a bracket, a quote, a minus sign, a digit or
/// one of the literals. API keys and JWTs never do, and letting JSON.parse
/// throw for them cost more than the rest of a request's preparation.
fn may_be_json(text: &str) -> bool {
    let trimmed = trim_json_whitespace(text);
    match trimmed.as_bytes().first() {
        Some(b'{' | b'[' | b'"' | b'-' | b'0'..=b'9') => true,
        _ => matches!(trimmed, "true" | "false" | "null"),
    }
}

/// Whether [`interpret`] reads `text` as null: `JSON.parse` gives null for
/// the literal alone, between JSON whitespace.
fn reads_as_null(text: &str) -> bool {
    trim_json_whitespace(text) == "null"
}

/// `text` without the whitespace `JSON.parse` skips around a value.
fn trim_json_whitespace(text: &str) -> &str {
    text.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
}

/// `/^-?\d+\.?\d*$/`.
fn is_number_like(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::{is_number_like, may_be_json, reads_as_null};

    #[test]
    fn only_the_json_null_literal_reads_back_as_null() {
        for text in ["null", " null", "null\n", "\t\r null  "] {
            assert!(reads_as_null(text), "{text:?}");
        }
        for text in [
            "",
            "Null",
            "nul",
            "nullx",
            "\"null\"",
            "\u{a0}null",
            "0",
            "tok",
        ] {
            assert!(!reads_as_null(text), "{text:?}");
        }
    }

    #[test]
    fn number_like_text_is_what_the_storage_regex_matches() {
        for text in ["1", "-12", "3.", "3.25", "007"] {
            assert!(is_number_like(text), "{text}");
        }
        for text in ["", "-", ".5", "1e3", "1.2.3", "abc", "12a", " 1"] {
            assert!(!is_number_like(text), "{text}");
        }
    }

    #[test]
    fn only_text_json_parse_could_accept_goes_to_it() {
        for text in [
            "{}", " [1]", "\"tok\"", "-1", "1e3", "\ttrue\n", "false", " null ",
        ] {
            assert!(may_be_json(text), "{text:?}");
        }
        for text in [
            "",
            " ",
            "abc",
            "eyJhbGciOi.x.y",
            "nullx",
            "tru",
            "nAbc123",
            "\u{a0}1",
        ] {
            assert!(!may_be_json(text), "{text:?}");
        }
    }
}
