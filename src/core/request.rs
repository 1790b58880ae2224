//! What the core asks the host to send, and what it gets back.

use crate::prelude::*;

/// An HTTP method of the balena API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method as it goes on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// A request body as balena-request hands it to fetch.
#[derive(Clone, Debug, PartialEq)]
pub enum RequestBody<V> {
    /// No body.
    None,
    /// `JSON.stringify` of the body, sent as `application/json` (None when
    /// it wrote nothing, as for a symbol: no body, still the JSON type).
    Json(Option<String>),
    /// A caller's falsy body other than `null`/`undefined` (`0`, `''`,
    /// `false`…), handed to fetch as it is, as balena-request does.
    Raw(V),
}

impl<V> RequestBody<V> {
    /// Whether the request is sent with `Content-Type: application/json`.
    pub fn is_json(&self) -> bool {
        matches!(self, RequestBody::Json(_))
    }
}

/// One request, credentials included.
#[derive(Clone, Debug, PartialEq)]
pub struct Request<V> {
    /// The method.
    pub method: Method,
    /// The absolute URL.
    pub url: String,
    /// The body.
    pub body: RequestBody<V>,
    /// The token to send as `Authorization: Bearer <token>`.
    pub token: Option<V>,
    /// Whether to send `X-Balena-Client`.
    pub identify: bool,
}

/// What the host got back for a request: the status and the body decoded
/// as balena-request decodes it (JSON, text or a blob, by content type).
#[derive(Clone, Debug)]
pub struct Exchange<V> {
    /// The HTTP status (0 when fetch's is not a number).
    pub status: u16,
    /// The decoded body.
    pub body: V,
    /// The response's headers, as the host has them.
    pub headers: V,
    /// The request as sent, without credentials (`{ method, url, body }`):
    /// what errors carry as `requestOptions`.
    pub sent: V,
}
