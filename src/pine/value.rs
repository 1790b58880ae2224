//! The value model: every JavaScript value a pine options object can carry,
//! in plain Rust, so that merging and compiling never touch JS.
//!
//! Objects keep JavaScript's own-key order: canonical array-index keys
//! (`"0"`, `"1"`, `"42"`) first in ascending numeric order, then the other
//! keys in insertion order. A key whose value is `undefined` is still present.

pub use super::js_str::JsStr;
use crate::prelude::*;

/// A JavaScript value as pine-client sees it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `undefined`, e.g. a key that is present with no value.
    Undefined,
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// Any JS number, including `NaN`, `±Infinity` and `-0`.
    Number(f64),
    /// A string (see [`JsStr`] for strings with lone surrogates).
    String(JsStr),
    /// A `Date`, as milliseconds since the epoch; `NaN` for an invalid date.
    Date(f64),
    /// An array, holes read as `undefined`.
    Array(Vec<Value>),
    /// A `Set`, its values in insertion order.
    Set(Vec<Value>),
    /// Any other object (plain objects, class instances): its own enumerable
    /// string keys.
    Object(Object),
    /// A function, by what `String(fn)` gives (its source text, unless it
    /// converts itself), or the index of what that conversion threw among
    /// the values the walk kept (see [`ErrorKind::Thrown`]).
    ///
    /// [`ErrorKind::Thrown`]: super::ErrorKind::Thrown
    Function(core::result::Result<JsStr, u32>),
    /// A symbol.
    Symbol,
    /// A bigint, by its digits (`String(n)`).
    BigInt(String),
}

/// An object's own enumerable string-keyed properties, in JS order, and
/// what `String(object)` gives.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Object {
    entries: Vec<(JsStr, Value)>,
    /// `String(object)`, as the encoder saw it.
    pub text: ObjectText,
}

/// What `String(object)` gives.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ObjectText {
    /// `[object Object]`: the `toString` of `Object.prototype`.
    #[default]
    Plain,
    /// Its own string form (a Map, a typed array, a custom `toString`…).
    Own(JsStr),
    /// A `String` object's: it has `String.prototype`'s methods, which
    /// read it as this string (pinejs calls `resource.endsWith`).
    StringObject(JsStr),
    /// None: `String()` throws (a null-prototype object, a throwing
    /// `toString`); what it threw is the walk's kept value of this index
    /// (see [`ErrorKind::Thrown`]).
    ///
    /// [`ErrorKind::Thrown`]: super::ErrorKind::Thrown
    Throws(u32),
}

impl Object {
    /// An empty object.
    pub fn new() -> Self {
        Object::default()
    }

    /// Sets `key` as JS assignment does: an existing key keeps its place,
    /// a new array-index key goes among the index keys in numeric order,
    /// any other new key goes last.
    pub fn insert(&mut self, key: impl Into<JsStr>, value: Value) {
        self.insert_key(key.into(), value);
    }

    /// [`Object::insert`] of a key made already (one copy of the code).
    fn insert_key(&mut self, key: JsStr, value: Value) {
        if let Some(slot) = self.entries.iter_mut().find(|(k, _)| *k == key) {
            slot.1 = value;
            return;
        }
        match array_index(key.as_str()) {
            Some(index) => {
                let at = self
                    .entries
                    .iter()
                    .position(|(k, _)| array_index(k.as_str()).is_none_or(|other| other > index))
                    .unwrap_or(self.entries.len());
                self.entries.insert(at, (key, value));
            }
            None => self.entries.push((key, value)),
        }
    }

    /// An object of `entries` as `Object.keys` listed them: distinct keys,
    /// in the engine's order (which [`Object::insert`] would also give, for
    /// an ordinary object), so they are taken as they are.
    pub fn from_own_keys(entries: Vec<(JsStr, Value)>) -> Self {
        Object {
            entries,
            text: ObjectText::Plain,
        }
    }

    /// The value of an own key (`Some(&Value::Undefined)` when the key is
    /// present but undefined).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_str() == key && k.is_well_formed())
            .map(|(_, v)| v)
    }

    /// The value of the own key `key`, which may hold lone surrogates.
    pub fn get_js(&self, key: &JsStr) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether `key` is an own key (JS `Object.hasOwn`).
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Removes an own key, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let at = self
            .entries
            .iter()
            .position(|(k, _)| k.as_str() == key && k.is_well_formed())?;
        Some(self.entries.remove(at).1)
    }

    /// The entries in JS order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&JsStr, &Value)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The keys in JS order (`Object.keys`).
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &JsStr> {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The number of own keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no own keys.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl FromIterator<(JsStr, Value)> for Object {
    fn from_iter<I: IntoIterator<Item = (JsStr, Value)>>(iter: I) -> Self {
        let mut object = Object::new();
        for (key, value) in iter {
            object.insert_key(key, value);
        }
        object
    }
}

/// The numeric value of a canonical array-index key (`"0"`, `"7"`, not
/// `"07"` or `"4294967295"`), which JS engines list before other keys.
fn array_index(key: &str) -> Option<u32> {
    if key.is_empty() || (key.len() > 1 && key.as_bytes()[0] == b'0') {
        return None;
    }
    if !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    key.parse::<u32>().ok().filter(|&n| n != u32::MAX)
}

impl Value {
    /// A plain object of these entries, in this order.
    pub fn object(entries: Vec<(&str, Value)>) -> Value {
        Value::Object(
            entries
                .into_iter()
                .map(|(key, value)| (JsStr::from(key), value))
                .collect(),
        )
    }

    /// A string value.
    pub fn str(text: impl Into<String>) -> Value {
        Value::String(JsStr::new(text))
    }

    /// JavaScript's `typeof` of this value.
    pub fn type_of(&self) -> &'static str {
        match self {
            Value::Undefined => "undefined",
            Value::Null | Value::Date(_) | Value::Array(_) | Value::Set(_) | Value::Object(_) => {
                "object"
            }
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Function(_) => "function",
            Value::Symbol => "symbol",
            Value::BigInt(_) => "bigint",
        }
    }

    /// JS `value == null`.
    pub fn is_nullish(&self) -> bool {
        matches!(self, Value::Undefined | Value::Null)
    }

    /// JS truthiness.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Undefined | Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => *n != 0.0 && !n.is_nan(),
            Value::String(s) => !s.as_str().is_empty(),
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_keys_come_first_in_numeric_order() {
        let object: Object = [
            ("b", "x"),
            ("2", "y"),
            ("1", "z"),
            ("$top", "1"),
            ("01", "w"),
        ]
        .into_iter()
        .map(|(k, v)| (JsStr::from(k), Value::str(v)))
        .collect();
        assert_eq!(
            object.keys().map(JsStr::as_str).collect::<Vec<_>>(),
            ["1", "2", "b", "$top", "01"]
        );
    }

    #[test]
    fn reassigning_a_key_keeps_its_place() {
        let mut object = Object::new();
        object.insert("a", Value::Null);
        object.insert("b", Value::Null);
        object.insert("a", Value::Bool(true));
        assert_eq!(
            object.keys().map(JsStr::as_str).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(object.get("a"), Some(&Value::Bool(true)));
    }
}
