//! balena-sdk's pine client: pinejs-client-core's `get`/`post`/`patch`/
//! `delete` over balena-request, with the SDK's 401 rule (no stored token
//! → `BalenaNotLoggedIn`) and pinejs' reading of a GET's response.

use super::error::Error;
use super::host::{Host, HostValue};
use super::request::{Method, RequestBody};
use super::session::{Route, Session};
use crate::pine::{compile_parts, Object, Value};
use crate::prelude::*;

/// A pine request's verb.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// The verb of a pine method name: `get`, `post`, `patch` or `delete`.
    pub fn parse(name: &str) -> Option<Verb> {
        match name {
            "get" => Some(Verb::Get),
            "post" => Some(Verb::Post),
            "patch" => Some(Verb::Patch),
            "delete" => Some(Verb::Delete),
            _ => None,
        }
    }

    fn method(self) -> Method {
        match self {
            Verb::Get => Method::Get,
            Verb::Post => Method::Post,
            Verb::Patch => Method::Patch,
            Verb::Delete => Method::Delete,
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

impl<V: HostValue> RequestBody<V> {
    /// balena-request's reading of a caller's body: a truthy one as its
    /// JSON, `null`/`undefined` as none, another falsy one as it is.
    pub fn of(body: V) -> Result<Self, Error<V>> {
        Ok(if body.is_truthy() {
            RequestBody::Json(body.json_text()?)
        } else if body.is_nullish() {
            RequestBody::None
        } else {
            RequestBody::Raw(body)
        })
    }

    /// A JSON body of these fields, in this order.
    pub fn fields(fields: &[(&'static str, V)]) -> Result<Self, Error<V>> {
        Ok(RequestBody::Json(V::fields_json(fields)?))
    }
}

/// The body of a pine request, turned into its JSON once the request is
/// compiled (where pinejs-client-core and balena-request read it).
pub enum Body<V> {
    /// No body.
    None,
    /// The caller's `params.body`.
    Caller(V),
    /// An object of these fields (what the models send).
    Fields(Vec<(&'static str, V)>),
}

/// The params object `{ resource, id?, options? }`.
pub fn params(resource: &str, id: Option<Value>, options: Option<Value>) -> Value {
    let mut object = Object::new();
    object.insert("resource", Value::str(resource));
    if let Some(id) = id {
        object.insert("id", id);
    }
    if let Some(options) = options {
        object.insert("options", options);
    }
    Value::Object(object)
}

/// Whether pine params ask for one row: a non-null `id`.
fn asks_for_one_row(params: &Value) -> bool {
    matches!(params, Value::Object(o) if o.get("id").is_some_and(|id| !id.is_nullish()))
}

impl<H: Host> Session<H> {
    /// `pine.get/post/patch/delete(params)` as called by a user: `params` as
    /// given, `read` as the options encoder read them. A GET answers one
    /// row when the caller's `params.id` (read after the response, as
    /// pinejs does, so an inherited one counts) is set.
    pub async fn pine(
        &self,
        verb: Verb,
        params: &H::Value,
        read: Result<Value, Error<H::Value>>,
    ) -> Result<H::Value, Error<H::Value>> {
        if !params.is_object() {
            return Err(Error::plain("Params must be an object."));
        }
        let body = params.get("body")?;
        let read = read?;
        if verb != Verb::Get {
            return self.pine_request(verb, &read, Body::Caller(body)).await;
        }
        let rows = self.pine_get_d(&read, Body::Caller(body)).await?;
        if params.get("id")?.is_nullish() {
            Ok(rows)
        } else {
            one_row(rows)
        }
    }

    /// Sends a pine request of `params` (as pinejs-client-core takes them,
    /// the body apart so that it stays a host value).
    pub(super) async fn pine_request(
        &self,
        verb: Verb,
        params: &Value,
        body: Body<H::Value>,
    ) -> Result<H::Value, Error<H::Value>> {
        if let Value::Object(object) = params {
            if object.get("url").is_some_and(|url| !url.is_nullish()) {
                return Err(Error::plain(
                    [
                        "Passing `url` to `",
                        verb.name(),
                        "` has been removed, please use a query object instead or use `request` directly.",
                    ]
                    .concat(),
                ));
            }
        }
        let compiled = compile_parts(params)?;
        if matches!(params, Value::Object(_)) {
            check_target(&compiled.path())?;
        }
        let url = [self.settings.api_prefix.as_str(), compiled.url.as_str()].concat();
        let body = match body {
            Body::Caller(body) => RequestBody::of(body)?,
            Body::Fields(fields) => RequestBody::fields(&fields)?,
            Body::None => RequestBody::None,
        };
        let authenticated = self.auth.has_key(&self.host)?;
        match self.send(verb.method(), url, body, Route::Pine).await {
            Err(error) if error.has_status(401) && !authenticated => Err(Error::NotLoggedIn),
            other => other,
        }
    }

    /// pinejs-client-core's `get` of params the sdk built: the `d` array,
    /// or with an id its one row.
    pub(super) async fn pine_get(&self, params: &Value) -> Result<H::Value, Error<H::Value>> {
        let rows = self.pine_get_d(params, Body::None).await?;
        if asks_for_one_row(params) {
            one_row(rows)
        } else {
            Ok(rows)
        }
    }

    /// A GET of `params` with `body` (pinejs-client-core passes a caller's
    /// body on, so the host's fetch refuses a GET with one): the `d` of
    /// the response.
    async fn pine_get_d(
        &self,
        params: &Value,
        body: Body<H::Value>,
    ) -> Result<H::Value, Error<H::Value>> {
        let data = self.pine_request(Verb::Get, params, body).await?;
        if !data.is_object() {
            let message = ["Response was not a JSON object: '", &data.type_of(), "'"].concat();
            return Err(Error::plain(message));
        }
        let rows = data.get("d")?;
        if rows.is_nullish() {
            return Err(Error::plain(
                "Invalid response received, the 'd' property is missing.",
            ));
        }
        Ok(rows)
    }
}

/// The one row of a GET by id: `d[0]`, refusing more than one.
fn one_row<V: HostValue>(rows: V) -> Result<V, Error<V>> {
    if rows.has_several()? {
        return Err(Error::plain(
            "Returned multiple results when only one was expected.",
        ));
    }
    rows.get("0")
}

/// pinejs-client-core writes the keys of an id object and `action` verbatim
/// and keeps a `.` or `..` resource, so some params compile to a path that
/// the URL parser would send elsewhere (`revoke({ '../x?': 1 })`): `?` and
/// `#` end the path, `\` is read as `/`, tabs and line breaks are dropped,
/// and so are a trailing space or control character; `.`/`..` segments are
/// resolved. Refuse those instead of sending the request to another target.
fn check_target<V>(path: &str) -> Result<(), Error<V>> {
    let rewritten = path.contains(['?', '#', '\\', '\t', '\n', '\r'])
        || path.ends_with(|c: char| c <= ' ')
        || path.split('/').any(is_dot_segment);
    if rewritten {
        return Err(Error::plain(
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
