//! Error answers: a status and a body that balena-request turns into the
//! right `BalenaRequestError` message (spec 5.2).

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// What an error answer carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorBody {
    /// No body at all (balena answers most auth failures like this).
    Empty,
    /// A JSON string, the way open-balena reports validation errors.
    Json(String),
    /// Plain text.
    Text(String),
}

/// An HTTP error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The status code.
    pub status: StatusCode,
    /// The body.
    pub body: ErrorBody,
}

impl ApiError {
    /// 401 with an empty body: missing, invalid or insufficient credentials.
    pub fn unauthorized() -> Self {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            body: ErrorBody::Empty,
        }
    }

    /// 403 with an empty body: the target is not accessible.
    pub fn forbidden() -> Self {
        ApiError {
            status: StatusCode::FORBIDDEN,
            body: ErrorBody::Empty,
        }
    }

    /// 400 with an empty body (a body that fails schema validation).
    pub fn bad_request_empty() -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            body: ErrorBody::Empty,
        }
    }

    /// 400 with a JSON string message.
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::json(StatusCode::BAD_REQUEST, message)
    }

    /// 400 with a plain-text message.
    pub fn bad_request_text(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            body: ErrorBody::Text(message.into()),
        }
    }

    /// Any status with a JSON string message.
    pub fn json(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            body: ErrorBody::Json(message.into()),
        }
    }

    /// 500 for a failure of the emulator itself (never for client mistakes).
    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::json(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(error: rusqlite::Error) -> Self {
        ApiError::internal(format!("database error: {error}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self.body {
            ErrorBody::Empty => self.status.into_response(),
            ErrorBody::Json(message) => (
                self.status,
                [(header::CONTENT_TYPE, "application/json")],
                serde_json::Value::String(message).to_string(),
            )
                .into_response(),
            ErrorBody::Text(message) => (
                self.status,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                message,
            )
                .into_response(),
        }
    }
}
