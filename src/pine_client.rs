//! balena-sdk's pine client: pinejs-client-core's `get`/`post`/`patch`/
//! `delete` over balena-request, with the SDK's 401 rule (no stored token →
//! `BalenaNotLoggedIn`).

use crate::prelude::*;
use wasm_bindgen::JsValue;

use crate::errors::SdkError;
use crate::js_value::get;
use crate::pine::{compile_parts, Value};
use crate::sdk::Sdk;
use crate::transport::Body;

/// A pine request's verb.
#[derive(Clone, Copy)]
pub enum Verb {
    /// `get`
    Get,
    /// `post`
    Post,
    /// `patch`
    Patch,
    /// `delete`
    Delete,
}

impl Verb {
    fn method(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Post => "POST",
            Verb::Patch => "PATCH",
            Verb::Delete => "DELETE",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Verb::Get => "get",
            Verb::Post => "post",
            Verb::Patch => "patch",
            Verb::Delete => "delete",
        }
    }
}

/// Sends a pine request; `params` as pinejs-client-core takes them (without
/// the body, which is passed apart so that it stays a JS value).
pub async fn request(
    sdk: &Sdk,
    verb: Verb,
    params: &Value,
    body: &JsValue,
) -> Result<JsValue, SdkError> {
    if let Value::Object(object) = params {
        if object.get("url").is_some_and(|url| !url.is_nullish()) {
            return Err(SdkError::Plain(match verb {
                Verb::Get => "Passing `url` to `get` has been removed, please use a query object instead or use `request` directly.".to_string(),
                _ => ["Passing `url` to `", verb.name(), "` has been removed, please use a query object instead or use `request` directly."].concat(),
            }));
        }
    }
    let compiled = compile_parts(params)?;
    if matches!(params, Value::Object(_)) {
        check_target(&compiled.path())?;
    }
    let url = [sdk.api_prefix.as_str(), compiled.url.as_str()].concat();
    let body = Body::of(body)?;
    let authenticated = sdk.auth.has_key()?;
    let result = sdk
        .send(verb.method(), url, body, authenticated, true)
        .await;
    match result {
        Err(error) if error.has_status(401) && !authenticated => Err(SdkError::NotLoggedIn),
        other => other,
    }
}

/// pinejs-client-core writes the keys of an id object and `action` verbatim
/// and keeps a `.` or `..` resource, so some params compile to a path that
/// the URL parser would send elsewhere (`revoke({ '../x?': 1 })`): `?` and
/// `#` end the path, `\` is read as `/`, tabs and line breaks are dropped,
/// and so are a trailing space or control character; `.`/`..` segments are
/// resolved. Refuse those instead of sending the request to another target.
fn check_target(path: &str) -> Result<(), SdkError> {
    let rewritten = path.contains(['?', '#', '\\', '\t', '\n', '\r'])
        || path.ends_with(|c: char| c <= ' ')
        || path.split('/').any(is_dot_segment);
    if rewritten {
        return Err(SdkError::Plain(
            [
                "Refusing to send a request whose path the URL parser would rewrite: '",
                path,
                "'",
            ]
            .concat(),
        ));
    }
    Ok(())
}

/// Whether the URL parser reads `segment` as `.` or `..`: one or two dots,
/// each written `.` or `%2e` (either case).
fn is_dot_segment(segment: &str) -> bool {
    let mut rest = segment.as_bytes();
    let mut dots = 0;
    while !rest.is_empty() {
        rest = match rest {
            [b'.', tail @ ..] => tail,
            [b'%', b'2', e, tail @ ..] if e.eq_ignore_ascii_case(&b'e') => tail,
            _ => return false,
        };
        dots += 1;
    }
    matches!(dots, 1 | 2)
}

/// pinejs-client-core's `get`: the `d` array, or with an id its one row.
pub async fn get_rows(sdk: &Sdk, params: &Value) -> Result<JsValue, SdkError> {
    let rows = get_d(sdk, params, &JsValue::UNDEFINED).await?;
    if matches!(params, Value::Object(o) if o.get("id").is_some_and(|id| !id.is_nullish())) {
        one_row(rows)
    } else {
        Ok(rows)
    }
}

/// A GET of `params` with the caller's `body` (pinejs-client-core passes it
/// on like any other verb's, so the host's fetch refuses a GET with a body):
/// the response's `d`.
pub async fn get_d(sdk: &Sdk, params: &Value, body: &JsValue) -> Result<JsValue, SdkError> {
    let data = request(sdk, Verb::Get, params, body).await?;
    if !data.is_object() {
        return Err(SdkError::Plain(
            ["Response was not a JSON object: '", &type_of(&data), "'"].concat(),
        ));
    }
    let rows = get(&data, "d")?;
    if rows.is_null() || rows.is_undefined() {
        return Err(SdkError::Plain(
            "Invalid response received, the 'd' property is missing.".to_string(),
        ));
    }
    Ok(rows)
}

/// The one row of a GET by id: `d[0]`, refusing more than one.
pub fn one_row(rows: JsValue) -> Result<JsValue, SdkError> {
    if get(&rows, "length")?.as_f64().is_some_and(|n| n > 1.0) {
        return Err(SdkError::Plain(
            "Returned multiple results when only one was expected.".to_string(),
        ));
    }
    get(&rows, "0")
}

/// The params object `{ resource, id?, options? }`.
pub fn params(resource: &str, id: Option<Value>, options: Option<Value>) -> Value {
    let mut object = crate::pine::Object::new();
    object.insert("resource", Value::str(resource));
    if let Some(id) = id {
        object.insert("id", id);
    }
    if let Some(options) = options {
        object.insert("options", options);
    }
    Value::Object(object)
}

fn type_of(value: &JsValue) -> String {
    value.js_typeof().as_string().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::is_dot_segment;

    #[test]
    fn dot_segments_are_what_the_lowercase_and_replace_reading_finds() {
        let old = |s: &str| {
            matches!(
                s.to_ascii_lowercase().replace("%2e", ".").as_str(),
                "." | ".."
            )
        };
        for segment in [
            "",
            ".",
            "..",
            "...",
            "%2e",
            "%2E",
            ".%2e",
            "%2E.",
            "%2e%2E",
            "%2e%2e%2e",
            "a.",
            ".a",
            "%2",
            "%2f",
            "%%2e",
            "%2e%",
            "x",
            "api_key",
            "%2e.",
            "..%2e",
            "%2e%2",
            "%2E%2Ea",
        ] {
            assert_eq!(is_dot_segment(segment), old(segment), "{segment:?}");
        }
    }
}
