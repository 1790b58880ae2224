//! Every way an sdk call can fail, in Rust, and the JS error each becomes:
//! the balena-errors classes of `src/js/errors.js`, the plain `Error`s that
//! pinejs-client-core throws, or an error thrown by JS passed through as is.

use crate::prelude::*;
use wasm_bindgen::prelude::*;

use crate::js_value::to_js_string_value;
use crate::pine::{ErrorKind, PineError};

#[wasm_bindgen(module = "/src/js/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeError, catch)]
    fn make_error(
        code: &str,
        a: &JsValue,
        b: &JsValue,
        c: &JsValue,
        d: &JsValue,
    ) -> Result<JsValue, JsValue>;
}

/// A failed sdk call.
#[derive(Debug)]
pub enum SdkError {
    /// `BalenaInvalidParameterError(parameterName, suppliedValue)`.
    InvalidParameter(&'static str, JsValue),
    /// `BalenaNotLoggedIn`.
    NotLoggedIn,
    /// `BalenaRequestError`: an HTTP status of 400 or more.
    Request(RequestFailure),
    /// `BalenaApplicationNotFound(application)`.
    ApplicationNotFound(JsValue),
    /// `BalenaAmbiguousApplication(application)`.
    AmbiguousApplication(JsValue),
    /// `BalenaDeviceNotFound(device)`.
    DeviceNotFound(JsValue),
    /// `BalenaExpiredToken(token)`.
    ExpiredToken(JsValue),
    /// `BalenaMalformedToken(token)`.
    MalformedToken(JsValue),
    /// What pinejs-client-core's compiler throws.
    Pine(PineError),
    /// A plain `Error` with this message.
    Plain(String),
    /// An error thrown by JS (fetch, JSON parsing, a getter), passed through.
    Js(JsValue),
}

/// What a `BalenaRequestError` carries.
#[derive(Debug)]
pub struct RequestFailure {
    /// The HTTP status.
    pub status: u16,
    /// The message part taken from the body (balena-request's rules).
    pub body: JsValue,
    /// The request as sent, without credentials.
    pub request: JsValue,
    /// The response's `Headers`.
    pub headers: JsValue,
}

impl SdkError {
    /// Whether this is an HTTP failure with the given status.
    pub fn has_status(&self, status: u16) -> bool {
        matches!(self, SdkError::Request(failure) if failure.status == status)
    }

    /// The JS error to reject with.
    pub fn into_js(self) -> JsValue {
        let none = JsValue::UNDEFINED;
        let made = match self {
            SdkError::InvalidParameter(name, value) => make_error(
                "BalenaInvalidParameterError",
                &name.into(),
                &value,
                &none,
                &none,
            ),
            SdkError::NotLoggedIn => make_error("BalenaNotLoggedIn", &none, &none, &none, &none),
            SdkError::Request(failure) => make_error(
                "BalenaRequestError",
                &failure.body,
                &failure.status.into(),
                &failure.request,
                &failure.headers,
            ),
            SdkError::ApplicationNotFound(app) => {
                make_error("BalenaApplicationNotFound", &app, &none, &none, &none)
            }
            SdkError::AmbiguousApplication(app) => {
                make_error("BalenaAmbiguousApplication", &app, &none, &none, &none)
            }
            SdkError::DeviceNotFound(device) => {
                make_error("BalenaDeviceNotFound", &device, &none, &none, &none)
            }
            SdkError::ExpiredToken(token) => {
                make_error("BalenaExpiredToken", &token, &none, &none, &none)
            }
            SdkError::MalformedToken(token) => {
                make_error("BalenaMalformedToken", &token, &none, &none, &none)
            }
            SdkError::Pine(error) => return pine_error(&error),
            SdkError::Plain(message) => return js_sys::Error::new(&message).into(),
            SdkError::Js(value) => return value,
        };
        made.unwrap_or_else(|thrown| thrown)
    }
}

impl From<PineError> for SdkError {
    fn from(error: PineError) -> Self {
        SdkError::Pine(error)
    }
}

impl From<JsValue> for SdkError {
    fn from(thrown: JsValue) -> Self {
        SdkError::Js(thrown)
    }
}

/// The JS error pinejs-client-core would have thrown.
pub fn pine_error(error: &PineError) -> JsValue {
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
        // Resolved by `Thrown::rethrow` on every path that reads options.
        ErrorKind::Thrown(_) => js_sys::Error::new("A value's string conversion threw").into(),
    };
    if !well_formed {
        let _ = js_sys::Reflect::set(
            &made,
            &"message".into(),
            &to_js_string_value(&error.message),
        );
    }
    made
}
