//! `models.application.get(slugOrUuidOrId, options)`: by id, or by slug or
//! uuid (lower-cased), with not-found and ambiguous errors.

use js_sys::JsString;
use wasm_bindgen::{JsCast, JsValue};

use crate::errors::SdkError;
use crate::js_value::{get, to_value};
use crate::pine::{merge, Object, Value};
use crate::pine_client::{get_rows, params};
use crate::sdk::Sdk;

/// The application's row with the `$select: 'actor'` options.
pub async fn get_with_actor(sdk: &Sdk, slug_or_uuid_or_id: &JsValue) -> Result<JsValue, SdkError> {
    let options = super::select_actor();
    let row = if let Some(id) = slug_or_uuid_or_id.as_f64() {
        let options = merge(&Value::Object(Object::new()), &options);
        get_rows(
            sdk,
            &params("application", Some(Value::Number(id)), Some(options)),
        )
        .await?
    } else if let Some(text) = slug_or_uuid_or_id.dyn_ref::<JsString>() {
        let lower = to_value(&text.to_lower_case().into())?;
        let mut either = Object::new();
        either.insert("slug", lower.clone());
        either.insert("uuid", lower);
        let mut filter = Object::new();
        filter.insert("$or", Value::Object(either));
        let mut defaults = Object::new();
        defaults.insert("$filter", Value::Object(filter));
        let options = merge(&Value::Object(defaults), &options);
        let rows = get_rows(sdk, &params("application", None, Some(options))).await?;
        if get(&rows, "length")?.as_f64().is_some_and(|n| n > 1.0) {
            return Err(SdkError::AmbiguousApplication(slug_or_uuid_or_id.clone()));
        }
        get(&rows, "0")?
    } else {
        JsValue::UNDEFINED
    };
    if row.is_null() || row.is_undefined() {
        return Err(SdkError::ApplicationNotFound(slug_or_uuid_or_id.clone()));
    }
    Ok(row)
}
