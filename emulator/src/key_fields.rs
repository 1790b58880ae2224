//! The rules for an API key's name, description and expiry, shared by the
//! creation endpoints and PATCH (spec 6.5, 6.6).

use serde_json::{Map, Value as Json};

use crate::dates::{parse_js_date, MAX_MS};
use crate::errors::ApiError;
use crate::store::KeyPatch;

/// 400 message for a name over 50 characters.
pub const NAME_TOO_LONG: &str = "It is necessary that each api key that has a name, has a name that has a Length (Type) that is less than or equal to 50.";
/// 400 message for a description over 150 characters.
pub const DESCRIPTION_TOO_LONG: &str = "It is necessary that each api key that has a description, has a description that has a Length (Type) that is less than or equal to 150.";
/// 400 message for an expiry date the creation endpoints cannot read.
pub const INVALID_EXPIRY: &str = "Key expiry date should be a valid date";

/// The length hooks: name ≤ 50 and description ≤ 150 characters.
pub fn check_lengths(name: Option<&str>, description: Option<&str>) -> Result<(), ApiError> {
    if name.is_some_and(|n| n.chars().count() > 50) {
        return Err(ApiError::bad_request(NAME_TOO_LONG));
    }
    if description.is_some_and(|d| d.chars().count() > 150) {
        return Err(ApiError::bad_request(DESCRIPTION_TOO_LONG));
    }
    Ok(())
}

/// The fields of a creation body, type-checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CreateFields {
    /// `name`.
    pub name: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `expiryDate` as sent.
    pub expiry_date: Option<String>,
}

impl CreateFields {
    /// Reads `name`, `description` and `expiryDate` (each a string, null or
    /// absent; `name` a non-empty string when `name_required`). A violation
    /// is a schema failure: 400 with an empty body.
    pub fn read(body: &Map<String, Json>, name_required: bool) -> Result<CreateFields, ApiError> {
        let name = optional_string(body, "name")?;
        if name_required && name.as_deref().is_none_or(str::is_empty) {
            return Err(ApiError::bad_request_empty());
        }
        Ok(CreateFields {
            name,
            description: optional_string(body, "description")?,
            expiry_date: optional_string(body, "expiryDate")?,
        })
    }

    /// The expiry as `new Date(expiryDate)` (empty or absent: never), then
    /// the length hooks.
    pub fn validate(&self) -> Result<Option<i64>, ApiError> {
        let expiry = match self.expiry_date.as_deref() {
            None | Some("") => None,
            Some(text) => {
                Some(parse_js_date(text).ok_or_else(|| ApiError::bad_request(INVALID_EXPIRY))?)
            }
        };
        check_lengths(self.name.as_deref(), self.description.as_deref())?;
        Ok(expiry)
    }
}

/// A string, null or absent member; anything else → 400 empty.
pub fn optional_string(body: &Map<String, Json>, key: &str) -> Result<Option<String>, ApiError> {
    match body.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::bad_request_empty()),
    }
}

/// Reads a PATCH body: `name`, `description` (string or null) and
/// `expiry_date`; `{}` → 400 "No fields to update".
pub fn read_patch(body: &Map<String, Json>) -> Result<KeyPatch, ApiError> {
    if body.is_empty() {
        return Err(ApiError::bad_request("No fields to update"));
    }
    let mut patch = KeyPatch::default();
    for (field, value) in body {
        match field.as_str() {
            "name" => patch.name = Some(text_or_null(field, value)?),
            "description" => patch.description = Some(text_or_null(field, value)?),
            "expiry_date" => patch.expiry_date = Some(patch_expiry(value)?),
            "id" | "created_at" | "modified_at" | "key" | "is_of__actor" => {
                return Err(ApiError::bad_request(format!(
                    "The field '{field}' of an api key cannot be changed"
                )))
            }
            _ => {
                return Err(ApiError::bad_request(format!(
                    "An api key has no field '{field}'"
                )))
            }
        }
    }
    check_lengths(
        patch.name.as_ref().and_then(Option::as_deref),
        patch.description.as_ref().and_then(Option::as_deref),
    )?;
    Ok(patch)
}

fn text_or_null(field: &str, value: &Json) -> Result<Option<String>, ApiError> {
    match value {
        Json::Null => Ok(None),
        Json::String(s) => Ok(Some(s.clone())),
        other => Err(ApiError::bad_request(format!(
            "\"{field}\" must be a string or null, got {other}"
        ))),
    }
}

/// open-balena's check: `n = Number(v)`, `v` itself if that is NaN, and
/// `new Date(…)` must be valid; `null` clears the expiry.
fn patch_expiry(value: &Json) -> Result<Option<i64>, ApiError> {
    let invalid = |shown: &str| {
        ApiError::bad_request(format!("\"expiry_date\" is not a valid date: {shown}"))
    };
    let ms = match value {
        Json::Null => return Ok(None),
        Json::Bool(b) => Some(f64::from(u8::from(*b))),
        Json::Number(n) => n.as_f64(),
        Json::String(s) => match js_number(s) {
            Some(n) => Some(n),
            None => parse_js_date(s).map(|ms| ms as f64),
        },
        Json::Array(_) | Json::Object(_) => None,
    };
    match ms {
        Some(ms) if ms.abs() <= MAX_MS as f64 => Ok(Some(ms.trunc() as i64)),
        _ => Err(invalid(&match value {
            Json::String(s) => s.clone(),
            other => other.to_string(),
        })),
    }
}

/// JavaScript's `Number(text)` for decimal text (`""` is 0); `None` for NaN.
fn js_number(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return Some(0.0);
    }
    let numeric = text
        .bytes()
        .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
    if numeric {
        text.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Json) -> Map<String, Json> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn patch_rules() {
        assert_eq!(
            read_patch(&Map::new()).unwrap_err(),
            ApiError::bad_request("No fields to update")
        );
        let patch = read_patch(&object(
            json!({"name": "", "description": null, "expiry_date": "2030-01-01"}),
        ))
        .unwrap();
        assert_eq!(patch.name, Some(Some(String::new())));
        assert_eq!(patch.description, Some(None));
        assert_eq!(patch.expiry_date, Some(Some(1_893_456_000_000)));
        assert_eq!(
            read_patch(&object(json!({"expiry_date": ""})))
                .unwrap()
                .expiry_date,
            Some(Some(0))
        );
        assert_eq!(
            read_patch(&object(json!({"expiry_date": 5})))
                .unwrap()
                .expiry_date,
            Some(Some(5))
        );
        assert_eq!(
            read_patch(&object(json!({"expiry_date": "soon"}))).unwrap_err(),
            ApiError::bad_request("\"expiry_date\" is not a valid date: soon")
        );
        assert_eq!(
            read_patch(&object(json!({"name": "x".repeat(51)}))).unwrap_err(),
            ApiError::bad_request(NAME_TOO_LONG)
        );
        assert_eq!(
            read_patch(&object(json!({"description": "é".repeat(151)}))).unwrap_err(),
            ApiError::bad_request(DESCRIPTION_TOO_LONG)
        );
        assert!(read_patch(&object(
            json!({"name": "x".repeat(50), "description": "d".repeat(150)})
        ))
        .is_ok());
        assert!(read_patch(&object(json!({"key": "x"}))).is_err());
    }

    #[test]
    fn create_rules() {
        let empty = ApiError::bad_request_empty();
        assert_eq!(
            CreateFields::read(&object(json!({"expiryDate": null})), true).unwrap_err(),
            empty
        );
        assert_eq!(
            CreateFields::read(&object(json!({"name": ""})), true).unwrap_err(),
            empty
        );
        assert_eq!(
            CreateFields::read(&object(json!({"name": 5})), true).unwrap_err(),
            empty
        );
        assert_eq!(
            CreateFields::read(&object(json!({"name": "n", "description": 5})), true).unwrap_err(),
            empty
        );
        let fields = CreateFields::read(
            &object(json!({"name": "n", "expiryDate": "2030-10-12"})),
            true,
        )
        .unwrap();
        assert_eq!(fields.validate().unwrap(), Some(1_917_993_600_000));
        let fields =
            CreateFields::read(&object(json!({"name": "n", "expiryDate": "nope"})), true).unwrap();
        assert_eq!(
            fields.validate().unwrap_err(),
            ApiError::bad_request(INVALID_EXPIRY)
        );
        assert!(CreateFields::read(&object(json!({})), false).is_ok());
    }
}
