//! Arguments as `js/encode.js` encoded them before the call crossed into
//! Rust: the bytes of the walk, what its string conversions threw, or why
//! the walk failed. Decoded once into the pine value model.

use js_sys::Array;
use wasm_bindgen::prelude::*;

use super::decode::decode;
use super::value::thrown;
use crate::core::Error;
use crate::pine::Value;
use crate::prelude::*;

#[wasm_bindgen(module = "/src/boundary/js/encode.js")]
extern "C" {
    /// What an `encode*` function of encode.js returns.
    pub type Encoded;
    #[wasm_bindgen(method, getter)]
    fn bytes(this: &Encoded) -> Option<Vec<u8>>;
    #[wasm_bindgen(method, getter)]
    fn thrown(this: &Encoded) -> Option<Array>;
    #[wasm_bindgen(method, getter)]
    fn error(this: &Encoded) -> JsValue;

    #[wasm_bindgen(js_name = encodeValue)]
    fn encode_value(value: &JsValue) -> Encoded;
}

/// What the string conversions of one walk threw, by the indices its
/// errors carry ([`Error::thrown_index`]).
pub struct Thrown(Option<Array>);

impl Thrown {
    /// `error`, or the very value a string conversion threw where `error`
    /// stands for it.
    pub fn rethrow(&self, error: Error<JsValue>) -> Error<JsValue> {
        match (error.thrown_index(), &self.0) {
            (Some(index), Some(list)) => thrown(list.get(index)),
            _ => error,
        }
    }
}

/// Decodes what encode.js gave: the value (or why it could not be read,
/// raised where balena-sdk would meet the problem, so kept until then),
/// and what the walk's conversions threw.
pub fn read(encoded: &Encoded) -> (Result<Value, Error<JsValue>>, Thrown) {
    let value = match encoded.bytes() {
        Some(bytes) => decode(&bytes).map_err(|e| thrown(js_sys::Error::new(&e.message()).into())),
        None => Err(thrown(encoded.error())),
    };
    (value, Thrown(encoded.thrown()))
}

/// A value of a response (an actor id) in the pine value model: walked by
/// the same encoder; such values have no conversions that could throw.
pub fn read_response_value(value: &JsValue) -> Result<Value, Error<JsValue>> {
    read(&encode_value(value)).0
}
