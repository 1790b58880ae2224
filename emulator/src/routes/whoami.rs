//! `GET /actor/v1/whoami` (spec 6.8).

use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::Json;
use serde_json::{json, Value};

use super::Caller;
use crate::auth::Credential;
use crate::errors::ApiError;
use crate::store::Store;

/// The caller's actor: a user, an application or a device.
pub async fn whoami(
    State(store): State<Store>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Json<Value>, ApiError> {
    let caller = Caller::load(&store, &headers, &uri);
    let principal = caller.principal()?;
    let snap = &caller.snap;
    let body = match principal.credential {
        Credential::Session { user } | Credential::UserKey { user } => {
            let user = snap.users.get(&user).ok_or_else(ApiError::unauthorized)?;
            json!({
                "id": user.actor,
                "actorType": "user",
                "actorTypeId": user.id,
                "username": user.username,
                "email": user.email,
            })
        }
        Credential::ApplicationKey { application } => {
            let app = snap
                .applications
                .get(&application)
                .ok_or_else(ApiError::unauthorized)?;
            json!({ "id": app.actor, "actorType": "application", "actorTypeId": app.id, "slug": app.slug })
        }
        Credential::DeviceKey { device } => {
            let device = snap
                .devices
                .get(&device)
                .ok_or_else(ApiError::unauthorized)?;
            json!({ "id": device.actor, "actorType": "device", "actorTypeId": device.id, "uuid": device.uuid })
        }
    };
    Ok(Json(body))
}
