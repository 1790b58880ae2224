//! The key-creation endpoints: `/api-key/user/full` (the SDK's `create`),
//! provisioning and device keys, and the generic `/api-key/v1|v2/`
//! (spec 6.6, 6.7). Every success is 200 with the key as a JSON string.
//! A caller-chosen secret must have at least [`MIN_CHOSEN_KEY_CHARS`]
//! characters, and only a clash with a key of the same actor is reported as
//! such: a clash with another actor's key gets the answer of any refused
//! body, so that creating keys cannot tell whose secrets exist.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::Json;
use serde_json::{Map, Value};

use super::{json_object, Caller};
use crate::auth::{key_owner_actor, Credential, KeyOwner};
use crate::errors::ApiError;
use crate::key_fields::{optional_string, CreateFields, INVALID_EXPIRY};
use crate::model::Role;
use crate::store::{self, Insertion, NewKey, Store};

type Body = Result<Bytes, BytesRejection>;

/// The fewest characters a caller-chosen secret (`apiKey`) may have.
pub const MIN_CHOSEN_KEY_CHARS: usize = 16;

/// `POST /api-key/user/full`: a named key for the logged-in user. Only a
/// session may do this (API keys lack `auth.create_token`); the emulator's
/// session always counts as a fresh login, so the sudo check passes.
pub async fn user_full(
    State(store): State<Store>,
    headers: HeaderMap,
    uri: Uri,
    body: Body,
) -> Result<Json<String>, ApiError> {
    let caller = Caller::load(&store, &headers, &uri);
    let principal = caller.principal()?;
    let Credential::Session { user } = principal.credential else {
        return Err(ApiError::unauthorized());
    };
    let actor = key_owner_actor(&caller.snap, &principal, KeyOwner::User(user))?;
    let fields = CreateFields::read(&json_object(&headers, body)?, true)?;
    create(&store, actor, Role::NamedUser, fields, None).await
}

/// `POST /api-key/application/:appId/provisioning`.
pub async fn provisioning(
    State(store): State<Store>,
    Path(app_id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    body: Body,
) -> Result<Json<String>, ApiError> {
    let app_id = app_id
        .parse()
        .map_err(|_| ApiError::bad_request_text("Application id must be a number"))?;
    create_for(
        &store,
        &headers,
        &uri,
        KeyOwner::Application(app_id),
        Role::Provisioning,
        body,
    )
    .await
}

/// `POST /api-key/device/:deviceId/device-key` (may bring its own `apiKey`).
pub async fn device_key(
    State(store): State<Store>,
    Path(device_id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    body: Body,
) -> Result<Json<String>, ApiError> {
    let device_id = device_id
        .parse()
        .map_err(|_| ApiError::bad_request_text("Device id must be a number"))?;
    create_for(
        &store,
        &headers,
        &uri,
        KeyOwner::Device(device_id),
        Role::Device,
        body,
    )
    .await
}

/// Authorises a key for `owner`, reads the optional fields and creates it.
async fn create_for(
    store: &Store,
    headers: &HeaderMap,
    uri: &Uri,
    owner: KeyOwner,
    role: Role,
    body: Body,
) -> Result<Json<String>, ApiError> {
    let caller = Caller::load(store, headers, uri);
    let actor = key_owner_actor(&caller.snap, &caller.principal()?, owner)?;
    let body = json_object(headers, body)?;
    let fields = CreateFields::read(&body, false)?;
    create(store, actor, role, fields, supplied_key(&body)?).await
}

/// `POST /api-key/v1/`: a key of any actor and role; expiry optional.
pub async fn generic_v1(
    State(store): State<Store>,
    headers: HeaderMap,
    uri: Uri,
    body: Body,
) -> Result<Json<String>, ApiError> {
    generic(store, headers, uri, body, false).await
}

/// `POST /api-key/v2/`: as v1, but `expiryDate` must be given (null allowed).
pub async fn generic_v2(
    State(store): State<Store>,
    headers: HeaderMap,
    uri: Uri,
    body: Body,
) -> Result<Json<String>, ApiError> {
    generic(store, headers, uri, body, true).await
}

async fn generic(
    store: Store,
    headers: HeaderMap,
    uri: Uri,
    body: Body,
    expiry_required: bool,
) -> Result<Json<String>, ApiError> {
    let caller = Caller::load(&store, &headers, &uri);
    let principal = caller.principal()?;
    if principal.user().is_none() {
        return Err(ApiError::unauthorized());
    }
    let body = json_object(&headers, body)?;
    let owner_id = body
        .get("actorTypeId")
        .and_then(Value::as_i64)
        .ok_or_else(ApiError::bad_request_empty)?;
    let owner = match body.get("actorType").and_then(Value::as_str) {
        Some("user") => KeyOwner::User(owner_id),
        Some("application") => KeyOwner::Application(owner_id),
        Some("device") => KeyOwner::Device(owner_id),
        _ => return Err(ApiError::bad_request_empty()),
    };
    let roles = roles(&body)?;
    let fields = CreateFields::read(&body, false)?;
    let key = supplied_key(&body)?;
    if roles.len() > 1 {
        return Err(ApiError::bad_request(
            "API Keys currently only support a single role",
        ));
    }
    if roles[0].starts_with("named-") && fields.name.as_deref().is_none_or(str::is_empty) {
        return Err(ApiError::bad_request(
            "API keys with the 'named-user-api-key' role require a name",
        ));
    }
    if expiry_required && !body.contains_key("expiryDate") {
        return Err(ApiError::bad_request(INVALID_EXPIRY));
    }
    let role = Role::from_name(&roles[0]).ok_or_else(|| {
        ApiError::bad_request(format!(
            "The emulator does not know the role '{}'",
            roles[0]
        ))
    })?;
    let actor = key_owner_actor(&caller.snap, &principal, owner)?;
    create(&store, actor, role, fields, key).await
}

/// `roles`: a non-empty array of non-empty strings, else 400 empty.
fn roles(body: &Map<String, Value>) -> Result<Vec<String>, ApiError> {
    let roles: Option<Vec<String>> =
        body.get("roles")
            .and_then(Value::as_array)
            .and_then(|items| {
                items
                    .iter()
                    .map(|r| r.as_str().filter(|s| !s.is_empty()).map(str::to_owned))
                    .collect()
            });
    roles
        .filter(|r| !r.is_empty())
        .ok_or_else(ApiError::bad_request_empty)
}

/// An optional caller-chosen secret (`apiKey`): an empty one fails the
/// schema (400, empty body), a short one is 400 with a message.
fn supplied_key(body: &Map<String, Value>) -> Result<Option<String>, ApiError> {
    match optional_string(body, "apiKey")? {
        Some(key) if key.is_empty() => Err(ApiError::bad_request_empty()),
        Some(key) if key.chars().count() < MIN_CHOSEN_KEY_CHARS => Err(ApiError::bad_request(
            format!("A chosen API key must have at least {MIN_CHOSEN_KEY_CHARS} characters"),
        )),
        key => Ok(key),
    }
}

/// Validates expiry and lengths, stores the key and answers its secret. A
/// chosen secret that `actor` already has is 409; one that another actor
/// has is 400 with an empty body, as a refused body is.
async fn create(
    store: &Store,
    actor: i64,
    role: Role,
    fields: CreateFields,
    key: Option<String>,
) -> Result<Json<String>, ApiError> {
    let expiry_date = fields.validate()?;
    let new = NewKey {
        actor,
        role,
        name: fields.name,
        description: fields.description,
        expiry_date,
        key,
    };
    let insertion = store
        .write(move |conn, snap| {
            let insertion = store::insert_api_key(conn, &new, crate::dates::now_ms())?;
            if let Insertion::Stored(key) = &insertion {
                snap.put_key(key.clone());
            }
            Ok(insertion)
        })
        .await?;
    match insertion {
        Insertion::Stored(key) => Ok(Json(key.key)),
        Insertion::Taken { actor: owner } if owner == actor => Err(ApiError::json(
            StatusCode::CONFLICT,
            "That API key already exists",
        )),
        Insertion::Taken { .. } => Err(ApiError::bad_request_empty()),
    }
}
