//! Where the session token is kept, and balena-settings-storage's rules for
//! reading it back: in memory (`dataDirectory: false`), or at a [`Place`]
//! the host stores it (`localStorage`, `<dataDirectory>/token`).

use core::cell::RefCell;

use super::error::Error;
use super::host::{Host, HostValue};
use crate::prelude::*;

/// A place the host keeps a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// `localStorage['balena-token']`.
    LocalStorage,
    /// The file `token` in this directory.
    File(String),
}

/// A place for one token.
#[derive(Debug)]
pub enum TokenStore {
    /// In this sdk instance only.
    Memory(RefCell<Option<String>>),
    /// Where the host keeps it.
    Host(Place),
}

/// What a store gives back: balena-settings-storage turns number-like text
/// into a number and JSON text into its value, so not every stored token
/// reads back as a string.
pub enum Stored<V> {
    /// Nothing stored.
    Nothing,
    /// A token string.
    Token(String),
    /// Something that is not a string (e.g. `12345` read back as a number).
    NotAString(V),
}

impl TokenStore {
    /// A store in memory, empty.
    pub fn memory() -> Self {
        TokenStore::Memory(RefCell::new(None))
    }

    fn text<H: Host>(&self, host: &H) -> Result<Option<String>, Error<H::Value>> {
        match self {
            TokenStore::Memory(slot) => Ok(slot.borrow().clone()),
            TokenStore::Host(place) => host.read_token(place),
        }
    }

    /// Reads the stored token.
    pub fn read<H: Host>(&self, host: &H) -> Result<Stored<H::Value>, Error<H::Value>> {
        Ok(self
            .text(host)?
            .map_or(Stored::Nothing, |text| interpret(&text)))
    }

    /// Whether what is stored reads back as something other than null
    /// (balena-auth's `hasKey`), told without interpreting the text: of
    /// all texts only JSON's `null` reads back as null.
    pub fn has_token<H: Host>(&self, host: &H) -> Result<bool, Error<H::Value>> {
        match self {
            TokenStore::Memory(slot) => Ok(slot
                .borrow()
                .as_deref()
                .is_some_and(|text| !reads_as_null(text))),
            TokenStore::Host(_) => Ok(self.text(host)?.is_some_and(|text| !reads_as_null(&text))),
        }
    }

    /// Stores `text`.
    pub fn write<H: Host>(&self, host: &H, text: &str) -> Result<(), Error<H::Value>> {
        match self {
            TokenStore::Memory(slot) => *slot.borrow_mut() = Some(text.to_string()),
            TokenStore::Host(place) => host.write_token(place, text)?,
        }
        Ok(())
    }

    /// Removes the stored token.
    pub fn remove<H: Host>(&self, host: &H) -> Result<(), Error<H::Value>> {
        match self {
            TokenStore::Memory(slot) => *slot.borrow_mut() = None,
            TokenStore::Host(place) => host.remove_token(place)?,
        }
        Ok(())
    }
}

/// balena-settings-storage's `get`: number-like text is a number, JSON text
/// its value, anything else the text itself.
fn interpret<V: HostValue>(text: &str) -> Stored<V> {
    if is_number_like(text) {
        return Stored::NotAString(V::parse_float(text));
    }
    if !may_be_json(text) {
        return Stored::Token(text.to_string());
    }
    match V::parse_json(text) {
        Some(value) => match value.as_string() {
            Some(string) => Stored::Token(string),
            None => Stored::NotAString(value),
        },
        None => Stored::Token(text.to_string()),
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
