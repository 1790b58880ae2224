//! The OData resources at `/v7/` (spec 6.4, 6.5): reads of every resource,
//! and PATCH/DELETE of API keys.

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
use crate::odata::eval::Context;
use crate::odata::execute::{check_options, key_filter, matching_ids, render};
use crate::odata::parser::parse_request;
use crate::store::{self, Store};

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
    let ctx = Context {
        snap: &caller.snap,
        scope: &scope,
        aliases: &request.aliases,
        now: caller.now,
    };
    let ids = select(&ctx, resource, &request)?;
    let d = if request.count {
        json!(ids.len())
    } else {
        let rows = ids
            .into_iter()
            .map(|id| render(&ctx, resource, id, &request.options).map(Value::Object));
        Value::Array(
            rows.collect::<Result<_, _>>()
                .map_err(ApiError::bad_request)?,
        )
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        json!({ "d": d }).to_string(),
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
    let patch = read_patch(&json_object(body)?)?;
    let ids = writable_ids(&caller, &principal, &request)?;
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
    let ids = writable_ids(&caller, &principal, &request)?;
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
fn writable_ids(
    caller: &Caller,
    principal: &Principal,
    request: &Request,
) -> Result<Vec<i64>, ApiError> {
    let scope = Scope::of(&caller.snap, principal);
    let ctx = Context {
        snap: &caller.snap,
        scope: &scope,
        aliases: &request.aliases,
        now: caller.now,
    };
    select(&ctx, Resource::ApiKey, request)
}
