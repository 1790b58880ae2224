//! A scripted host for the core's unit tests: values are JSON (plus
//! `undefined`), responses come from a queue, and every request, sleep and
//! stored token is recorded.

use alloc::collections::VecDeque;
use core::cell::{Cell, RefCell};
use core::future::{ready, Future};
use core::pin::pin;
use core::task::{Context, Poll, Waker};

use serde_json::{json, Value as Json};

use super::*;
use crate::pine::{JsStr, Object, Value};
use crate::prelude::*;

/// A host value: JSON, or `undefined`.
#[derive(Clone, Debug, PartialEq)]
pub enum TestValue {
    /// `undefined`.
    Undefined,
    /// A JSON value.
    Json(Json),
}

impl From<Json> for TestValue {
    fn from(json: Json) -> Self {
        TestValue::Json(json)
    }
}

impl HostValue for TestValue {
    fn undefined() -> Self {
        TestValue::Undefined
    }
    fn null() -> Self {
        Json::Null.into()
    }
    fn from_str(text: &str) -> Self {
        json!(text).into()
    }
    fn from_f64(number: f64) -> Self {
        json!(number).into()
    }
    fn parse_float(text: &str) -> Self {
        json!(text.parse::<f64>().unwrap_or(f64::NAN)).into()
    }
    fn parse_json(text: &str) -> Option<Self> {
        serde_json::from_str::<Json>(text).ok().map(TestValue::Json)
    }
    fn is_undefined(&self) -> bool {
        matches!(self, TestValue::Undefined)
    }
    fn is_null(&self) -> bool {
        matches!(self, TestValue::Json(Json::Null))
    }
    fn is_truthy(&self) -> bool {
        match self {
            TestValue::Undefined | TestValue::Json(Json::Null) => false,
            TestValue::Json(Json::Bool(b)) => *b,
            TestValue::Json(Json::Number(n)) => n.as_f64().is_some_and(|n| n != 0.0 && !n.is_nan()),
            TestValue::Json(Json::String(s)) => !s.is_empty(),
            TestValue::Json(_) => true,
        }
    }
    fn is_object(&self) -> bool {
        matches!(self, TestValue::Json(Json::Object(_) | Json::Array(_)))
    }
    fn is_string(&self) -> bool {
        matches!(self, TestValue::Json(Json::String(_)))
    }
    fn as_f64(&self) -> Option<f64> {
        match self {
            TestValue::Json(Json::Number(n)) => n.as_f64(),
            _ => None,
        }
    }
    fn as_string(&self) -> Option<String> {
        match self {
            TestValue::Json(Json::String(s)) => Some(s.clone()),
            _ => None,
        }
    }
    fn type_of(&self) -> String {
        match self {
            TestValue::Undefined => "undefined",
            TestValue::Json(Json::Bool(_)) => "boolean",
            TestValue::Json(Json::Number(_)) => "number",
            TestValue::Json(Json::String(_)) => "string",
            TestValue::Json(_) => "object",
        }
        .to_string()
    }
    fn get(&self, key: &str) -> Result<Self, Error<Self>> {
        Ok(match self {
            TestValue::Json(Json::Object(map)) => map
                .get(key)
                .cloned()
                .map_or(TestValue::Undefined, Into::into),
            TestValue::Json(Json::Array(items)) if key == "length" => json!(items.len()).into(),
            TestValue::Json(Json::Array(items)) => key
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i).cloned())
                .map_or(TestValue::Undefined, Into::into),
            _ => TestValue::Undefined,
        })
    }
    fn string_form(&self) -> Result<Self, Error<Self>> {
        Ok(match self {
            TestValue::Undefined => json!("undefined").into(),
            TestValue::Json(Json::String(s)) => json!(s).into(),
            TestValue::Json(other) => json!(other.to_string()).into(),
        })
    }
    fn json_text(&self) -> Result<Option<String>, Error<Self>> {
        Ok(match self {
            TestValue::Undefined => None,
            TestValue::Json(json) => Some(json.to_string()),
        })
    }
    fn fields_json(fields: &[(&'static str, Self)]) -> Result<Option<String>, Error<Self>> {
        let mut map = serde_json::Map::new();
        for (key, value) in fields {
            if let TestValue::Json(json) = value {
                map.insert((*key).to_string(), json.clone());
            }
        }
        Ok(Some(Json::Object(map).to_string()))
    }
    fn to_pine(&self) -> Result<Value, Error<Self>> {
        Ok(match self {
            TestValue::Undefined => Value::Undefined,
            TestValue::Json(json) => pine_value(json),
        })
    }
}

/// A JSON value in the pine value model.
pub fn pine_value(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
        Json::String(s) => Value::String(JsStr::new(s.clone())),
        Json::Array(items) => Value::Array(items.iter().map(pine_value).collect()),
        Json::Object(map) => {
            let mut object = Object::new();
            for (key, value) in map {
                object.insert(key.as_str(), pine_value(value));
            }
            Value::Object(object)
        }
    }
}

/// A canned answer: an exchange, or what the host throws.
pub type Answer = Result<Exchange<TestValue>, Error<TestValue>>;

/// A response of `status` with a JSON `body` and `headers`.
pub fn reply(status: u16, body: Json, headers: Json) -> Answer {
    Ok(Exchange {
        status,
        body: body.into(),
        headers: headers.into(),
        sent: json!({}).into(),
    })
}

/// A 200 response with a JSON `body`.
pub fn ok(body: Json) -> Answer {
    reply(200, body, json!({}))
}

/// The scripted host.
#[derive(Default)]
pub struct Scripted {
    answers: RefCell<VecDeque<Answer>>,
    /// Every request sent, in order.
    pub sent: RefCell<Vec<Request<TestValue>>>,
    /// Every sleep, in ms.
    pub slept: RefCell<Vec<f64>>,
    /// The clock, in ms; sleeps advance it.
    pub clock: Cell<f64>,
    /// The token stored at a host place.
    pub stored: RefCell<Option<String>>,
}

impl Host for Scripted {
    type Value = TestValue;

    fn send(&self, request: &Request<TestValue>) -> impl Future<Output = Answer> {
        self.sent.borrow_mut().push(request.clone());
        let answer = self.answers.borrow_mut().pop_front();
        ready(answer.unwrap_or_else(|| panic!("no answer scripted for {}", request.url)))
    }
    fn sleep(&self, ms: f64) -> impl Future<Output = Result<(), Error<TestValue>>> {
        self.slept.borrow_mut().push(ms);
        self.clock.set(self.clock.get() + ms);
        ready(Ok(()))
    }
    fn now(&self) -> f64 {
        self.clock.get()
    }
    fn retry_after(&self, headers: &TestValue) -> Option<String> {
        headers.get("Retry-After").ok()?.as_string()
    }
    fn ask_retry(&self, ask: &TestValue, _delay_ms: f64) -> Result<bool, Error<TestValue>> {
        Ok(ask.is_truthy())
    }
    fn report_failure(&self, _status: u16, _request: &Request<TestValue>) {}
    fn read_token(&self, _place: &Place) -> Result<Option<String>, Error<TestValue>> {
        Ok(self.stored.borrow().clone())
    }
    fn write_token(&self, _place: &Place, text: &str) -> Result<(), Error<TestValue>> {
        *self.stored.borrow_mut() = Some(text.to_string());
        Ok(())
    }
    fn remove_token(&self, _place: &Place) -> Result<(), Error<TestValue>> {
        *self.stored.borrow_mut() = None;
        Ok(())
    }
}

/// The API the tests talk to.
pub const API: &str = "https://api.balena-cloud.com";

/// The default settings against [`API`].
pub fn settings() -> Settings<TestValue> {
    Settings {
        api_url: [API, "/"].concat(),
        api_prefix: [API, "/v7/"].concat(),
        endpoints: Endpoint::ALL.map(|endpoint| [API, endpoint.path()].concat()),
        throttle: None,
        retry: RetryPolicy::Never,
        debug: false,
    }
}

/// A session over a scripted host with `answers`, logged in with an API key.
pub fn logged_in(answers: Vec<Answer>) -> Session<Scripted> {
    let session = logged_out(answers);
    session
        .login_with_token(&TestValue::from_str("tok_abcdef"))
        .unwrap();
    session
}

/// A session over a scripted host with `answers`, with no token.
pub fn logged_out(answers: Vec<Answer>) -> Session<Scripted> {
    with_settings(settings(), answers)
}

/// A session with `settings` over a scripted host with `answers`.
pub fn with_settings(settings: Settings<TestValue>, answers: Vec<Answer>) -> Session<Scripted> {
    let host = Scripted {
        answers: RefCell::new(answers.into()),
        ..Scripted::default()
    };
    Session::new(host, settings, TokenStore::memory())
}

/// The targets (path and query after [`API`]) of the requests sent, as
/// they reach the server: encoded as the WHATWG URL parser (fetch) encodes
/// a path and a special scheme's query, the form the recorded vectors have.
pub fn targets(session: &Session<Scripted>) -> Vec<String> {
    let sent = session.host.sent.borrow();
    sent.iter()
        .map(|r| on_the_wire(r.url.trim_start_matches(API)))
        .collect()
}

fn on_the_wire(target: &str) -> String {
    let (path, query) = target
        .split_once('?')
        .map_or((target, None), |(p, q)| (p, Some(q)));
    let encode = |text: &str, set: &str| -> String {
        text.chars()
            .map(|c| {
                if c == ' ' || set.contains(c) {
                    format!("%{:02X}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect()
    };
    let mut wire = encode(path, "\"<>`{}");
    if let Some(query) = query {
        wire.push('?');
        wire.push_str(&encode(query, "\"#<>'"));
    }
    wire
}

/// Runs `future` to the end; the scripted host never leaves it pending.
pub fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    for _ in 0..1000 {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
    panic!("the future never finished")
}
