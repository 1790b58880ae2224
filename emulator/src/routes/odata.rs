//! The OData resources at `/v7/` (spec 6.4, 6.5): reads of every resource,
//! and PATCH/DELETE of API keys.

use std::io;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::{json_object, Caller};
use crate::auth::{Principal, Scope};
use crate::errors::ApiError;
use crate::key_fields::read_patch;
use crate::model::Resource;
use crate::odata::ast::{Options, Request};
use crate::odata::budget::{Budget, Cancel};
use crate::odata::eval::Context;
use crate::odata::execute::{check_options, key_filter, matching_ids, render};
use crate::odata::parser::parse_request;
use crate::store::{self, Store};

/// The largest answer body, in bytes (32 MiB: every key of a store of
/// 100,000 keys fits).
pub const MAX_RESPONSE_BYTES: usize = 32 << 20;

/// `GET /v7/<resource>[(key)][/$count][?options]` → `{"d": [...]}` or
/// `{"d": n}`; never 404 for a missing row.
pub async fn get(
    State(store): State<Store>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, ApiError> {
    let caller = Caller::load(&store, &headers, &uri);
    let principal = caller.principal()?;
    let (request, resource) = parse(&uri)?;
    let scope = Scope::of(&caller.snap, &principal);
    if resource == Resource::ApiKey && !scope.read_keys {
        return Err(ApiError::unauthorized());
    }
    let body = evaluate(caller, scope, request, move |ctx, request| {
        let ids = select(ctx, resource, request)?;
        let d = if request.count {
            json!(ids.len())
        } else {
            let rows = ids
                .into_iter()
                .map(|id| render(ctx, resource, id, &request.options).map(Value::Object));
            Value::Array(
                rows.collect::<Result<_, _>>()
                    .map_err(ApiError::bad_request)?,
            )
        };
        serialise(&json!({ "d": d }))
    })
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response())
}

/// `PATCH /v7/api_key(<id>)` (or a `$filter`ed collection): 200, empty.
pub async fn patch(
    State(store): State<Store>,
    headers: HeaderMap,
    uri: Uri,
    body: Result<Bytes, BytesRejection>,
) -> Result<StatusCode, ApiError> {
    let (caller, principal, request) = writable(&store, &headers, &uri)?;
    let patch = read_patch(&json_object(&headers, body)?)?;
    let ids = writable_ids(caller, &principal, request).await?;
    store
        .write(move |conn, snap| {
            let changed = store::update_api_keys(conn, &ids, &patch, crate::dates::now_ms())?;
            changed.into_iter().for_each(|key| snap.put_key(key));
            Ok(())
        })
        .await?;
    Ok(StatusCode::OK)
}

/// `DELETE /v7/api_key(<id>)` (or every permitted key matching `$filter`):
/// 200, empty, also when nothing matched.
pub async fn delete(
    State(store): State<Store>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<StatusCode, ApiError> {
    let (caller, principal, request) = writable(&store, &headers, &uri)?;
    let ids = writable_ids(caller, &principal, request).await?;
    store
        .write(move |conn, snap| {
            store::delete_api_keys(conn, &ids)?;
            ids.iter().for_each(|&id| snap.remove_key(id));
            Ok(())
        })
        .await?;
    Ok(StatusCode::OK)
}

/// `POST /v7/…`: creating rows through OData is never allowed.
pub async fn post() -> ApiError {
    ApiError::unauthorized()
}

/// The request and its resource; unknown resources are 404.
fn parse(uri: &Uri) -> Result<(Request, Resource), ApiError> {
    let path = uri.path().strip_prefix("/v7/").unwrap_or_default();
    let request = parse_request(path, uri.query()).map_err(ApiError::bad_request)?;
    let resource = Resource::from_name(&request.resource).ok_or_else(|| {
        ApiError::json(
            StatusCode::NOT_FOUND,
            format!("Unknown resource '{}'", request.resource),
        )
    })?;
    Ok((request, resource))
}

/// The rows a GET, PATCH or DELETE addresses, after checking the query.
fn select(ctx: &Context, resource: Resource, request: &Request) -> Result<Vec<i64>, ApiError> {
    check_options(&request.options, resource, &request.aliases).map_err(ApiError::bad_request)?;
    let key = request
        .key
        .as_ref()
        .map(|k| key_filter(resource, k, &request.aliases))
        .transpose();
    let key = key.map_err(ApiError::bad_request)?;
    matching_ids(ctx, resource, key.as_ref(), &request.options).map_err(ApiError::bad_request)
}

/// Authentication and the write rules shared by PATCH and DELETE: only a
/// session may change keys (401 otherwise), only `api_key` rows, and only
/// `$filter` may narrow them.
fn writable(
    store: &Store,
    headers: &HeaderMap,
    uri: &Uri,
) -> Result<(Caller, Principal, Request), ApiError> {
    let caller = Caller::load(store, headers, uri);
    let principal = caller.principal()?;
    let (request, resource) = parse(uri)?;
    if resource != Resource::ApiKey || !principal.is_session() {
        return Err(ApiError::unauthorized());
    }
    let only_filter = Options {
        filter: request.options.filter.clone(),
        ..Options::default()
    };
    if request.count || request.options != only_filter {
        return Err(ApiError::bad_request(
            "Only $filter is supported when changing api keys",
        ));
    }
    Ok((caller, principal, request))
}

/// The ids of the permitted keys a write addresses.
async fn writable_ids(
    caller: Caller,
    principal: &Principal,
    request: Request,
) -> Result<Vec<i64>, ApiError> {
    let scope = Scope::of(&caller.snap, principal);
    evaluate(caller, scope, request, |ctx, request| {
        select(ctx, Resource::ApiKey, request)
    })
    .await
}

/// Runs `work` on the blocking pool, off the async workers, with the
/// evaluation context of `request` under a fresh [`Budget`]. The budget is
/// cancelled when the future returned is dropped, which the server does
/// when the client goes away, so abandoned work stops.
async fn evaluate<T, F>(
    caller: Caller,
    scope: Scope,
    request: Request,
    work: F,
) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Context, &Request) -> Result<T, ApiError> + Send + 'static,
{
    let cancel = Cancel::default();
    let _cancel_when_dropped = cancel.on_drop();
    let run = move || {
        let budget = Budget::new(cancel);
        let ctx = Context {
            snap: &caller.snap,
            scope: &scope,
            aliases: &request.aliases,
            now: caller.now,
            budget: &budget,
        };
        work(&ctx, &request)
    };
    tokio::task::spawn_blocking(run)
        .await
        .map_err(|e| ApiError::internal(format!("query task failed: {e}")))?
}

/// `value` as JSON text; 400 past [`MAX_RESPONSE_BYTES`].
fn serialise(value: &Value) -> Result<Vec<u8>, ApiError> {
    let mut out = CappedBuffer(Vec::new());
    serde_json::to_writer(&mut out, value).map_err(|_| {
        ApiError::bad_request(format!(
            "the answer would be larger than {} MiB: select fewer rows or fields",
            MAX_RESPONSE_BYTES >> 20
        ))
    })?;
    Ok(out.0)
}

/// A byte buffer that refuses to grow past [`MAX_RESPONSE_BYTES`].
struct CappedBuffer(Vec<u8>);

impl io::Write for CappedBuffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.0.len() + bytes.len() > MAX_RESPONSE_BYTES {
            return Err(io::Error::other("the answer is too large"));
        }
        self.0.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
