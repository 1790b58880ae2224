//! Every way a call can fail. The boundary turns each into the JS error
//! balena-sdk throws: a balena-errors class, the plain `Error` or
//! `TypeError` JS or pinejs would throw, or a host error passed through.

use crate::pine::{ErrorKind, JsStr, PineError};
use crate::prelude::*;

/// A failed call.
#[derive(Clone, Debug)]
pub enum Error<V> {
    /// `BalenaInvalidParameterError`: `value` is not valid for `name`.
    InvalidParameter {
        /// The parameter, as balena-sdk names it (`apiKeyInfo.name`).
        name: &'static str,
        /// The value supplied.
        value: V,
    },
    /// `BalenaNotLoggedIn`.
    NotLoggedIn,
    /// `BalenaRequestError`: the API answered with a status of 400 or more.
    Request(Box<RequestFailure<V>>),
    /// `BalenaApplicationNotFound`.
    ApplicationNotFound {
        /// The slug, uuid or id asked for.
        application: V,
    },
    /// `BalenaAmbiguousApplication`.
    AmbiguousApplication {
        /// The slug or uuid asked for.
        application: V,
    },
    /// `BalenaDeviceNotFound`.
    DeviceNotFound {
        /// The uuid or id asked for.
        device: V,
    },
    /// `BalenaExpiredToken`.
    ExpiredToken {
        /// The token.
        token: V,
    },
    /// `BalenaMalformedToken`.
    MalformedToken {
        /// What was stored.
        token: V,
    },
    /// `BalenaApiKeyNotFound`: no named key of the user has this id.
    #[cfg(feature = "extras")]
    ApiKeyNotFound {
        /// The id asked for.
        id: V,
    },
    /// `BalenaApiKeyRotationIncomplete`: the new key was made but the old
    /// one could not be revoked, so both are valid.
    #[cfg(feature = "extras")]
    RotationIncomplete {
        /// The new key's secret.
        key: V,
        /// The new key's id, when it could be told apart.
        id: Option<f64>,
        /// The key that is still valid.
        old_id: f64,
        /// Why the revoke failed.
        cause: Box<Error<V>>,
    },
    /// A JS error of this class and message, as pinejs or the JS engine
    /// would throw it (what a compile throws; a property read of null).
    Js(PineError),
    /// Something the host threw (fetch, a getter, the timeout), as it is.
    Thrown {
        /// The thrown value.
        value: V,
    },
}

/// What a `BalenaRequestError` carries.
#[derive(Clone, Debug)]
pub struct RequestFailure<V> {
    /// The HTTP status.
    pub status: u16,
    /// The message part of the body, by balena-request's rules.
    pub body: V,
    /// The request as sent, without credentials.
    pub sent: V,
    /// The response's headers.
    pub headers: V,
}

impl<V> Error<V> {
    /// A plain `Error` with `message`.
    pub fn plain(message: impl Into<JsStr>) -> Self {
        Error::Js(PineError::new(message))
    }

    /// A `TypeError` with `message`.
    pub fn type_error(message: impl Into<JsStr>) -> Self {
        Error::Js(PineError::type_error(message))
    }

    /// Whether this is an HTTP failure with `status`.
    pub fn has_status(&self, status: u16) -> bool {
        matches!(self, Error::Request(failure) if failure.status == status)
    }

    /// The index of the value a string conversion threw, when this error
    /// stands for it (see [`ErrorKind::Thrown`]).
    pub fn thrown_index(&self) -> Option<u32> {
        match self {
            Error::Js(PineError {
                kind: ErrorKind::Thrown(index),
                ..
            }) => Some(*index),
            _ => None,
        }
    }
}

impl<V> From<PineError> for Error<V> {
    fn from(error: PineError) -> Self {
        Error::Js(error)
    }
}
