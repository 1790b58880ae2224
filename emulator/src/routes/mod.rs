//! The HTTP surface: routes, request bodies, and who is calling.

pub mod api_key_create;
pub mod odata;
pub mod whoami;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::routing::{get, post};
use axum::{middleware, Router};
use serde_json::{Map, Value as Json};

use crate::auth::{self, Principal};
use crate::dates::now_ms;
use crate::errors::ApiError;
use crate::model::Snapshot;
use crate::store::Store;

/// The largest request body accepted.
pub const BODY_LIMIT: usize = 1 << 20;

/// The whole API.
pub fn router(store: Store) -> Router {
    let v1 = post(api_key_create::generic_v1);
    let v2 = post(api_key_create::generic_v2);
    Router::new()
        .route("/actor/v1/whoami", get(whoami::whoami))
        .route("/api-key/user/full", post(api_key_create::user_full))
        .route(
            "/api-key/application/{app_id}/provisioning",
            post(api_key_create::provisioning),
        )
        .route(
            "/api-key/device/{device_id}/device-key",
            post(api_key_create::device_key),
        )
        .route("/api-key/v1", v1.clone())
        .route("/api-key/v1/", v1)
        .route("/api-key/v2", v2.clone())
        .route("/api-key/v2/", v2)
        .route(
            "/v7/{*rest}",
            get(odata::get)
                .patch(odata::patch)
                .delete(odata::delete)
                .post(odata::post),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(crate::cors::cors))
        .with_state(store)
}

async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::json(
        StatusCode::NOT_FOUND,
        format!("No such endpoint: {method} {}", uri.path()),
    )
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::json(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} is not supported on {}", uri.path()),
    )
}

/// The data at the start of a request and the authenticated caller, if any.
pub struct Caller {
    /// The store's data as the request found it.
    pub snap: Arc<Snapshot>,
    /// Who is calling (`None`: no or invalid credentials).
    pub principal: Option<Principal>,
    /// The request time, ms since the epoch.
    pub now: i64,
}

impl Caller {
    /// Takes the current snapshot and authenticates the request's token.
    pub fn load(store: &Store, headers: &HeaderMap, uri: &Uri) -> Caller {
        let snap = store.snapshot();
        let now = now_ms();
        let principal = auth::request_token(headers, uri.query())
            .and_then(|token| auth::authenticate(&snap, &token, now));
        Caller {
            snap,
            principal,
            now,
        }
    }

    /// The caller, or 401 with an empty body.
    pub fn principal(&self) -> Result<Principal, ApiError> {
        self.principal.ok_or_else(ApiError::unauthorized)
    }
}

/// A request body as a JSON object (an empty body is `{}`). A body that is
/// not declared `application/json` is 415; bodies over [`BODY_LIMIT`],
/// malformed JSON and non-objects are 4xx with a message.
pub fn json_object(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Map<String, Json>, ApiError> {
    let bytes =
        body.map_err(|rejection| ApiError::json(rejection.status(), rejection.body_text()))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    check_json_content_type(headers)?;
    match serde_json::from_slice(&bytes) {
        Ok(Json::Object(object)) => Ok(object),
        Ok(other) => Err(ApiError::bad_request(format!(
            "The request body must be a JSON object, got {other}"
        ))),
        Err(error) => Err(ApiError::bad_request(format!(
            "Malformed JSON body: {error}"
        ))),
    }
}

/// 415 unless `Content-Type` is `application/json` (parameters such as
/// `charset` allowed).
fn check_json_content_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let declared = headers
        .get(header::CONTENT_TYPE)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    let essence = declared
        .as_deref()
        .and_then(|value| value.split(';').next())
        .map(str::trim);
    if essence.is_some_and(|essence| essence.eq_ignore_ascii_case("application/json")) {
        return Ok(());
    }
    Err(ApiError::json(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        format!(
            "The request body must be JSON sent with Content-Type: application/json (got {})",
            declared.as_deref().unwrap_or("no Content-Type")
        ),
    ))
}
