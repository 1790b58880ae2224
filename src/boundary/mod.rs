//! The boundary between JavaScript and the Rust core: the only module that
//! names wasm-bindgen, js-sys or `JsValue`, with its JS glue in `js/`.
//!
//! Each crossing goes one way:
//! - into Rust: `js/sdk.js` encodes a method's options, ids and pine params
//!   once, before the call (`js/encode.js`, read back by [`decode`] and
//!   `encoded`), and the exports ([`exports`], [`extras`]) hand them to
//!   the core;
//! - out of Rust: a request leaves as one descriptor for the one fetch
//!   executor (`js/executor.js`, driven by `host`);
//! - back: each exchange or timer settles once (`settle`), and a call's
//!   result or error (`errors`) resolves its Promise once.

pub mod decode;
mod encoded;
mod errors;
pub mod exports;
#[cfg(feature = "extras")]
mod extras;
mod host;
mod options;
pub mod settle;
mod value;

pub use errors::to_js_error;

use crate::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// JavaScript's `String(n)`.
    #[wasm_bindgen(js_name = String)]
    fn js_number_string(n: f64) -> String;
}

/// JavaScript's `String(n)`, for the numbers pine prints that are not safe
/// integers (see `pine::number`).
pub fn number_text(n: f64) -> String {
    js_number_string(n)
}
