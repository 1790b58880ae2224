//! `models.device.get(uuidOrId, options)`: by id or by a full uuid (32 or 62
//! characters), with invalid-parameter and not-found errors.

use js_sys::JsString;
use wasm_bindgen::{JsCast, JsValue};

use crate::errors::SdkError;
use crate::js_value::to_value;
use crate::pine::{Object, Value};
use crate::pine_client::{get_rows, params};
use crate::sdk::Sdk;

/// The device's row with the `$select: 'actor'` options.
pub async fn get_with_actor(sdk: &Sdk, uuid_or_id: &JsValue) -> Result<JsValue, SdkError> {
    if uuid_or_id.is_null() || uuid_or_id.is_undefined() {
        return Err(SdkError::DeviceNotFound(uuid_or_id.clone()));
    }
    let id = if let Some(id) = uuid_or_id.as_f64() {
        Value::Number(id)
    } else {
        match uuid_or_id.dyn_ref::<JsString>() {
            Some(uuid) if uuid.length() == 32 || uuid.length() == 62 => {
                let mut natural_key = Object::new();
                natural_key.insert("uuid", to_value(uuid_or_id)?);
                Value::Object(natural_key)
            }
            _ => return Err(SdkError::InvalidParameter("uuidOrId", uuid_or_id.clone())),
        }
    };
    let row = get_rows(
        sdk,
        &params("device", Some(id), Some(super::select_actor())),
    )
    .await?;
    if row.is_null() || row.is_undefined() {
        return Err(SdkError::DeviceNotFound(uuid_or_id.clone()));
    }
    Ok(row)
}
