//! The JS error each core [`Error`] becomes: a balena-errors class of
//! `js/errors.js`, the JS error pinejs or the engine would throw, or what
//! the host threw, as it is.

use wasm_bindgen::prelude::*;

use super::value::js_string;
use crate::core::{Error, RequestFailure};
use crate::pine::{ErrorKind, PineError};

#[wasm_bindgen(module = "/src/boundary/js/errors.js")]
extern "C" {
    type BalenaInvalidParameterError;
    #[wasm_bindgen(constructor, catch)]
    fn new(
        parameter_name: &str,
        supplied_value: &JsValue,
    ) -> Result<BalenaInvalidParameterError, JsValue>;

    type BalenaNotLoggedIn;
    #[wasm_bindgen(constructor)]
    fn new() -> BalenaNotLoggedIn;

    type BalenaRequestError;
    #[wasm_bindgen(constructor, catch)]
    fn new(
        body: &JsValue,
        status_code: u16,
        request_options: &JsValue,
        response_headers: &JsValue,
    ) -> Result<BalenaRequestError, JsValue>;

    type BalenaApplicationNotFound;
    #[wasm_bindgen(constructor, catch)]
    fn new(application: &JsValue) -> Result<BalenaApplicationNotFound, JsValue>;

    type BalenaAmbiguousApplication;
    #[wasm_bindgen(constructor, catch)]
    fn new(application: &JsValue) -> Result<BalenaAmbiguousApplication, JsValue>;

    type BalenaDeviceNotFound;
    #[wasm_bindgen(constructor, catch)]
    fn new(device: &JsValue) -> Result<BalenaDeviceNotFound, JsValue>;

    type BalenaExpiredToken;
    #[wasm_bindgen(constructor)]
    fn new(token: &JsValue) -> BalenaExpiredToken;

    type BalenaMalformedToken;
    #[wasm_bindgen(constructor)]
    fn new(token: &JsValue) -> BalenaMalformedToken;
}

#[cfg(feature = "extras")]
#[wasm_bindgen(module = "/src/boundary/js/errors.js")]
extern "C" {
    type BalenaApiKeyNotFound;
    #[wasm_bindgen(constructor, catch)]
    fn new(id: &JsValue) -> Result<BalenaApiKeyNotFound, JsValue>;

    type BalenaApiKeyRotationIncomplete;
    #[wasm_bindgen(constructor)]
    fn new(
        id: Option<f64>,
        old_id: f64,
        key: &JsValue,
        cause: &JsValue,
    ) -> BalenaApiKeyRotationIncomplete;
}

/// The JS error to reject with.
pub fn to_js_error(error: Error<JsValue>) -> JsValue {
    // A class whose message interpolates a value JS cannot convert (a
    // symbol) throws while it is built: that is the error, as in balena-sdk.
    let made: Result<JsValue, JsValue> = match error {
        Error::InvalidParameter { name, value } => {
            BalenaInvalidParameterError::new(name, &value).map(Into::into)
        }
        Error::NotLoggedIn => Ok(BalenaNotLoggedIn::new().into()),
        Error::Request(failure) => {
            let RequestFailure {
                status,
                body,
                sent,
                headers,
            } = *failure;
            BalenaRequestError::new(&body, status, &sent, &headers).map(Into::into)
        }
        Error::ApplicationNotFound { application } => {
            BalenaApplicationNotFound::new(&application).map(Into::into)
        }
        Error::AmbiguousApplication { application } => {
            BalenaAmbiguousApplication::new(&application).map(Into::into)
        }
        Error::DeviceNotFound { device } => BalenaDeviceNotFound::new(&device).map(Into::into),
        Error::ExpiredToken { token } => Ok(BalenaExpiredToken::new(&token).into()),
        Error::MalformedToken { token } => Ok(BalenaMalformedToken::new(&token).into()),
        #[cfg(feature = "extras")]
        Error::ApiKeyNotFound { id } => BalenaApiKeyNotFound::new(&id).map(Into::into),
        #[cfg(feature = "extras")]
        Error::RotationIncomplete {
            key,
            id,
            old_id,
            cause,
        } => Ok(BalenaApiKeyRotationIncomplete::new(id, old_id, &key, &to_js_error(*cause)).into()),
        Error::Js(error) => Ok(js_error(&error)),
        Error::Thrown { value } => Ok(value),
    };
    made.unwrap_or_else(|thrown| thrown)
}

/// The JS error of `error`'s class and message.
pub fn js_error(error: &PineError) -> JsValue {
    // A message with lone surrogates is set after construction (Rust's
    // `&str` cannot carry them): the same own, non-enumerable property.
    let well_formed = error.message.is_well_formed();
    let text = if well_formed {
        error.message.as_str()
    } else {
        ""
    };
    let made: JsValue = match error.kind {
        ErrorKind::Error => js_sys::Error::new(text).into(),
        ErrorKind::UriError => js_sys::UriError::new(text).into(),
        ErrorKind::RangeError => js_sys::RangeError::new(text).into(),
        ErrorKind::TypeError => js_sys::TypeError::new(text).into(),
        // Resolved by `Read::rethrow` on every path that reads options.
        ErrorKind::Thrown(_) => js_sys::Error::new("A value's string conversion threw").into(),
    };
    if !well_formed {
        let _ = js_sys::Reflect::set(&made, &"message".into(), &js_string(&error.message));
    }
    made
}
