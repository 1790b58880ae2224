//! `balena.models.apiKey`: the seven methods, with balena-sdk's defaults,
//! option merging, validation and error translation.

use crate::prelude::*;
use alloc::rc::Rc;

use js_sys::{Object as JsObject, Reflect};
use wasm_bindgen::JsValue;

use crate::errors::SdkError;
use crate::js_value::{get, to_value};
use crate::pine::{merge, JsStr, Object, Value};
use crate::pine_client::{get_rows, params, request, Verb};
use crate::sdk::Sdk;
use crate::transport::Body;

use super::{application, device};

fn object(entries: Vec<(&str, Value)>) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (JsStr::from(k), v))
            .collect(),
    )
}

fn name_asc() -> Value {
    object(vec![("name", Value::str("asc"))])
}

/// `{ $filter: { is_of__actor: <actor> } }`, plus more filter entries.
fn actor_filter(actor: Value, more: Vec<(&str, Value)>) -> Object {
    let mut filter = vec![("is_of__actor", actor)];
    filter.extend(more);
    let mut defaults = Object::new();
    defaults.insert("$filter", object(filter));
    defaults
}

/// `create({ name, expiryDate, description })`: a new named user API key.
pub async fn create(sdk: &Sdk, params: &JsValue) -> Result<JsValue, SdkError> {
    if params.is_null() || params.is_undefined() {
        let what = if params.is_null() {
            "null"
        } else {
            "undefined"
        };
        let message = [
            "Cannot destructure property 'name' of '",
            what,
            "' as it is ",
            what,
            ".",
        ]
        .concat();
        return Err(SdkError::Js(js_sys::TypeError::new(&message).into()));
    }
    let name = get(params, "name")?;
    let expiry_date = get(params, "expiryDate")?;
    let description = get(params, "description")?;
    if expiry_date.is_undefined() {
        return Err(SdkError::InvalidParameter(
            "createApiKeyParams.expiryDate",
            expiry_date,
        ));
    }
    let body = JsObject::new();
    Reflect::set(&body, &"name".into(), &name)?;
    Reflect::set(&body, &"expiryDate".into(), &expiry_date)?;
    if description.as_string().is_some_and(|d| !d.is_empty()) {
        Reflect::set(&body, &"description".into(), &description)?;
    }
    let body = js_sys::JSON::stringify(&body)?.as_string();
    let url = sdk.endpoint("/api-key/user/full")?;
    sdk.send("POST", url, Body::Json(body), true, false)
        .await
        .map_err(|_| SdkError::NotLoggedIn)
}

// The `options` of the methods below were read when the method was called
// (as balena-sdk reads them); an error reading them surfaces where
// balena-sdk's merge would have thrown: after any lookup request.

/// `getAll(options)`: every API key the credentials can see, by name.
pub async fn get_all(sdk: &Sdk, options: Result<Value, SdkError>) -> Result<JsValue, SdkError> {
    let defaults = object(vec![("$orderby", name_asc())]);
    get_rows(
        sdk,
        &params("api_key", None, Some(merge(&defaults, &options?))),
    )
    .await
}

/// `getAllNamedUserApiKeys(options)`: the current user's named keys.
pub async fn get_all_named_user_api_keys(
    sdk: &Rc<Sdk>,
    options: Result<Value, SdkError>,
) -> Result<JsValue, SdkError> {
    let actor = to_value(&get(&sdk.actor().await?, "id")?)?;
    let not_null = object(vec![("$ne", Value::Null)]);
    let defaults = Value::Object(actor_filter(actor, vec![("name", not_null)]));
    get_all(sdk, Ok(merge(&defaults, &options?))).await
}

/// `getProvisioningApiKeysByApplication(slugOrUuidOrId, options)`.
pub async fn get_provisioning_api_keys_by_application(
    sdk: &Sdk,
    slug_or_uuid_or_id: &JsValue,
    options: Result<Value, SdkError>,
) -> Result<JsValue, SdkError> {
    let app = application::get_with_actor(sdk, slug_or_uuid_or_id).await?;
    let actor = actor_id(&app)?;
    get_all(
        sdk,
        Ok(merge(
            &Value::Object(actor_filter(actor, vec![])),
            &options?,
        )),
    )
    .await
}

/// `getDeviceApiKeysByDevice(uuidOrId, options)`.
pub async fn get_device_api_keys_by_device(
    sdk: &Sdk,
    uuid_or_id: &JsValue,
    options: Result<Value, SdkError>,
) -> Result<JsValue, SdkError> {
    let device = device::get_with_actor(sdk, uuid_or_id).await?;
    let mut defaults = actor_filter(actor_id(&device)?, vec![]);
    defaults.insert("$orderby", name_asc());
    get_rows(
        sdk,
        &params(
            "api_key",
            None,
            Some(merge(&Value::Object(defaults), &options?)),
        ),
    )
    .await
}

/// `update(id, { name, description, expiryDate })`.
pub async fn update(sdk: &Sdk, id: Value, info: &JsValue) -> Result<JsValue, SdkError> {
    if !info.is_truthy() {
        return Err(SdkError::InvalidParameter("apiKeyInfo", info.clone()));
    }
    let name = get(info, "name")?;
    if name.is_null() || name.as_string().is_some_and(|n| n.is_empty()) {
        return Err(SdkError::InvalidParameter("apiKeyInfo.name", name));
    }
    let body = JsObject::new();
    Reflect::set(&body, &"name".into(), &name)?;
    Reflect::set(&body, &"description".into(), &get(info, "description")?)?;
    Reflect::set(&body, &"expiry_date".into(), &get(info, "expiryDate")?)?;
    request(sdk, Verb::Patch, &params("api_key", Some(id), None), &body).await?;
    Ok(JsValue::UNDEFINED)
}

/// `revoke(id)`.
pub async fn revoke(sdk: &Sdk, id: Value) -> Result<JsValue, SdkError> {
    request(
        sdk,
        Verb::Delete,
        &params("api_key", Some(id), None),
        &JsValue::UNDEFINED,
    )
    .await?;
    Ok(JsValue::UNDEFINED)
}

/// `row.actor.__id`, failing as JS would when `actor` is missing.
fn actor_id(row: &JsValue) -> Result<Value, SdkError> {
    let actor = get(row, "actor")?;
    if actor.is_null() || actor.is_undefined() {
        let what = if actor.is_null() { "null" } else { "undefined" };
        let message = ["Cannot read properties of ", what, " (reading '__id')"].concat();
        return Err(SdkError::Js(js_sys::TypeError::new(&message).into()));
    }
    to_value(&get(&actor, "__id")?)
}
