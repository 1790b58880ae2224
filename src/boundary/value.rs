//! [`HostValue`] over JS values: the core's reads of bodies, tokens and
//! arguments, with JS's own semantics (property reads on primitives,
//! `String(value)`, `JSON.stringify`).

use js_sys::{JsString, Reflect, JSON};
use wasm_bindgen::prelude::*;

use super::encoded::read_response_value;
use crate::core::{Error, HostValue};
use crate::pine::{JsStr, Value};
use crate::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = String, catch)]
    fn js_string_form(value: &JsValue) -> Result<JsString, JsValue>;
    /// `Object(value)`: a primitive in its wrapper object.
    #[wasm_bindgen(js_name = Object)]
    fn to_object(value: &JsValue) -> JsValue;
}

/// What JS threw, as the core's error.
pub fn thrown(value: JsValue) -> Error<JsValue> {
    Error::Thrown { value }
}

impl HostValue for JsValue {
    fn undefined() -> Self {
        JsValue::UNDEFINED
    }

    fn null() -> Self {
        JsValue::NULL
    }

    fn from_str(text: &str) -> Self {
        JsValue::from_str(text)
    }

    fn from_f64(number: f64) -> Self {
        JsValue::from_f64(number)
    }

    fn parse_float(text: &str) -> Self {
        js_sys::Number::parse_float(text).into()
    }

    fn parse_json(text: &str) -> Option<Self> {
        JSON::parse(text).ok()
    }

    fn is_undefined(&self) -> bool {
        JsValue::is_undefined(self)
    }

    fn is_null(&self) -> bool {
        JsValue::is_null(self)
    }

    fn is_truthy(&self) -> bool {
        JsValue::is_truthy(self)
    }

    fn is_object(&self) -> bool {
        JsValue::is_object(self)
    }

    fn is_string(&self) -> bool {
        JsValue::is_string(self)
    }

    fn as_f64(&self) -> Option<f64> {
        JsValue::as_f64(self)
    }

    fn as_string(&self) -> Option<String> {
        JsValue::as_string(self)
    }

    fn type_of(&self) -> String {
        self.js_typeof().as_string().unwrap_or_default()
    }

    fn get(&self, key: &str) -> Result<Self, Error<Self>> {
        let key = JsValue::from_str(key);
        if self.is_object() || self.is_function() {
            Reflect::get(self, &key).map_err(thrown)
        } else if self.is_nullish() {
            Ok(JsValue::UNDEFINED)
        } else {
            Reflect::get(&to_object(self), &key).map_err(thrown)
        }
    }

    fn string_form(&self) -> Result<Self, Error<Self>> {
        js_string_form(self).map(JsValue::from).map_err(thrown)
    }

    fn json_text(&self) -> Result<Option<String>, Error<Self>> {
        Ok(JSON::stringify(self).map_err(thrown)?.as_string())
    }

    fn fields_json(fields: &[(&'static str, Self)]) -> Result<Option<String>, Error<Self>> {
        let object = js_sys::Object::new();
        for (key, value) in fields {
            Reflect::set(&object, &JsValue::from_str(key), value).map_err(thrown)?;
        }
        JsValue::from(object).json_text()
    }

    fn to_pine(&self) -> Result<Value, Error<Self>> {
        read_response_value(self)
    }
}

/// Code units per `String.fromCharCode` call, which takes them as arguments.
const CHAR_CODES_PER_CALL: usize = 8192;

/// The JS string `text` stands for, lone surrogates included.
pub fn js_string(text: &JsStr) -> JsValue {
    if text.is_well_formed() {
        return JsValue::from_str(text.as_str());
    }
    let units = text.to_utf16();
    let mut string = JsString::from("");
    for chunk in units.chunks(CHAR_CODES_PER_CALL) {
        string = string.concat(&JsString::from_char_code(chunk));
    }
    string.into()
}

/// A JS string as a [`JsStr`], lone surrogates kept.
pub fn js_str(text: &JsString) -> JsStr {
    match text.as_string() {
        Some(well_formed) if text.is_valid_utf16() => JsStr::new(well_formed),
        _ => JsStr::from_utf16(&text.iter().collect::<Vec<u16>>()),
    }
}
