//! Small readers of JS values, with JS's own semantics where it matters
//! (property reads on primitives, `String(value)`), and the conversion of a
//! JS value into the pine value model through the one encoder.

use crate::prelude::*;
use wasm_bindgen::prelude::*;

use crate::decode::decode;
use crate::errors::SdkError;
use crate::pine::{ErrorKind, JsStr, PineError, Value};

#[wasm_bindgen(module = "/src/js/encode.js")]
extern "C" {
    #[wasm_bindgen(js_name = encodeValue, catch)]
    fn encode_value(value: &JsValue) -> Result<Vec<u8>, JsValue>;
    #[wasm_bindgen(js_name = encodeOptions, catch)]
    fn encode_options(options: &JsValue) -> Result<Vec<u8>, JsValue>;
    #[wasm_bindgen(js_name = takeThrown)]
    fn take_thrown() -> js_sys::Array;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = String, catch)]
    fn js_string(value: &JsValue) -> Result<String, JsValue>;
    /// `Object(value)`: a primitive in its wrapper object.
    #[wasm_bindgen(js_name = Object)]
    fn to_object(value: &JsValue) -> JsValue;
}

/// `value[key]` as JS reads it: `undefined` on `null`/`undefined`'s absence
/// of properties is the caller's business; a primitive's properties are its
/// prototype's (`Symbol('x').description` is `'x'`).
pub fn get(value: &JsValue, key: &str) -> Result<JsValue, SdkError> {
    if value.is_object() || value.is_function() {
        Ok(js_sys::Reflect::get(value, &JsValue::from_str(key))?)
    } else if value.is_null() || value.is_undefined() {
        Ok(JsValue::UNDEFINED)
    } else {
        Ok(js_sys::Reflect::get(
            &to_object(value),
            &JsValue::from_str(key),
        )?)
    }
}

/// `String(value)`; throws as JS does for symbols.
pub fn to_js_string(value: &JsValue) -> Result<String, SdkError> {
    Ok(js_string(value)?)
}

/// What the string conversions of one walk threw, for the errors that
/// stand for them ([`ErrorKind::Thrown`]).
pub struct Thrown(js_sys::Array);

impl Thrown {
    /// Those of the walk that finished last (each walk's are taken once).
    pub fn take() -> Thrown {
        Thrown(take_thrown())
    }

    /// `error`, or what a conversion threw where `error` stands for that.
    pub fn rethrow(&self, error: SdkError) -> SdkError {
        match error {
            SdkError::Pine(PineError {
                kind: ErrorKind::Thrown(index),
                ..
            }) => SdkError::Js(self.0.get(index)),
            other => other,
        }
    }
}

/// A JS value read into the pine value model, with what its conversions threw.
pub struct Read {
    /// The value.
    pub value: Value,
    /// What its conversions threw.
    pub thrown: Thrown,
}

/// The JS value as a pine value (walked by the same encoder as options).
pub fn read_value(value: &JsValue) -> Result<Read, SdkError> {
    read(encode_value(value))
}

/// [`read_value`]'s value, where no conversion can be reached that throws
/// (values the API returned, ids and slugs already checked).
pub fn to_value(value: &JsValue) -> Result<Value, SdkError> {
    read_value(value).map(|read| read.value)
}

/// A model method's options argument as mergePineOptions reads it.
pub fn read_options(options: &JsValue) -> Result<Read, SdkError> {
    read(encode_options(options))
}

/// What an encoder just gave, decoded, with what its walk's conversions
/// threw (taken even when the walk failed, so that none is held on to).
fn read(bytes: Result<Vec<u8>, JsValue>) -> Result<Read, SdkError> {
    let thrown = Thrown::take();
    Ok(Read {
        value: from_encoded(&bytes?)?,
        thrown,
    })
}

/// Code units per `String.fromCharCode` call, which takes them as arguments.
const CHAR_CODES_PER_CALL: usize = 8192;

/// The JS string `text` stands for, lone surrogates included.
pub fn to_js_string_value(text: &JsStr) -> JsValue {
    if text.is_well_formed() {
        return JsValue::from_str(text.as_str());
    }
    let units = text.to_utf16();
    let mut string = js_sys::JsString::from("");
    for chunk in units.chunks(CHAR_CODES_PER_CALL) {
        string = string.concat(&js_sys::JsString::from_char_code(chunk));
    }
    string.into()
}

/// Decodes bytes produced by `encodeValue` in JS.
pub fn from_encoded(bytes: &[u8]) -> Result<Value, SdkError> {
    decode(bytes).map_err(|e| SdkError::Js(js_sys::Error::new(&e.message()).into()))
}
