//! Sends requests over the host's `fetch` as balena-request does: headers,
//! JSON bodies, the timeout, `requestLimit` throttling, the retry of 429s,
//! and the mapping of a failed response to `BalenaRequestError`.

use crate::prelude::*;
use alloc::rc::Rc;
use core::cell::RefCell;
use core::future::Future;
use core::panic::AssertUnwindSafe;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

use crate::errors::{RequestFailure, SdkError};
use crate::js_value::get;
use crate::throttle::Throttle;

#[wasm_bindgen(module = "/src/js/transport.js")]
extern "C" {
    #[wasm_bindgen(js_name = sendRequest)]
    fn send_request(
        fetch: &JsValue,
        url: &str,
        method: &str,
        token: &JsValue,
        client: &JsValue,
        json: bool,
        body: &JsValue,
        timeout_ms: f64,
        settle: &JsValue,
        id: u32,
    );

    fn watch(promise: &Promise, settle: &JsValue, id: u32);

    /// Resolves after `ms` milliseconds.
    pub fn sleep(ms: f64) -> js_sys::Promise;

    /// `Date.now()`.
    pub fn now() -> f64;

    #[wasm_bindgen(js_name = debugFailure)]
    fn debug_failure(status: u16, method: &str, url: &str);

    #[wasm_bindgen(js_name = isNetworkError)]
    fn is_network_error(error: &JsValue) -> bool;
}

#[wasm_bindgen]
extern "C" {
    /// What `sendRequest` resolves: the plain object `{ status, headers, body }`
    /// it builds, read through typed getters (no property names cross).
    type Exchange;
    #[wasm_bindgen(method, getter)]
    fn status(this: &Exchange) -> f64;
    #[wasm_bindgen(method, getter)]
    fn headers(this: &Exchange) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn body(this: &Exchange) -> JsValue;

    /// What `settle` is called with: `{ id, ok, value }`.
    type Settlement;
    #[wasm_bindgen(method, getter)]
    fn id(this: &Settlement) -> u32;
    #[wasm_bindgen(method, getter)]
    fn ok(this: &Settlement) -> bool;
    #[wasm_bindgen(method, getter)]
    fn value(this: &Settlement) -> JsValue;
}

/// One request, before credentials and client headers are added.
pub struct Request {
    /// `GET`, `POST`, `PATCH` or `DELETE`.
    pub method: &'static str,
    /// The absolute URL.
    pub url: String,
    /// The body, as balena-request hands it to fetch.
    pub body: Body,
    /// The session token (a JS string) to send as `Authorization: Bearer …`.
    pub token: Option<JsValue>,
    /// Whether to send `X-Balena-Client`.
    pub identify: bool,
}

/// A request body as balena-request hands it to fetch: a truthy body as
/// JSON, a falsy one (`false`, `0`, `''`…) as it is, so that fetch sends it
/// as text or, for a GET, refuses it, as it does under balena-sdk.
pub enum Body {
    /// `null` or `undefined`: no body.
    None,
    /// A truthy body as `JSON.stringify` writes it (None when it writes
    /// nothing, as for a symbol), sent as `application/json`.
    Json(Option<String>),
    /// A falsy body other than `null`/`undefined`, handed to fetch.
    Raw(JsValue),
}

impl Body {
    /// balena-request's reading of a caller's body.
    pub fn of(body: &JsValue) -> Result<Body, SdkError> {
        Ok(if body.is_truthy() {
            Body::Json(js_sys::JSON::stringify(body)?.as_string())
        } else if body.is_null() || body.is_undefined() {
            Body::None
        } else {
            Body::Raw(body.clone())
        })
    }

    /// What fetch gets as `body`.
    fn to_js(&self) -> JsValue {
        match self {
            Body::Json(Some(text)) => text.as_str().into(),
            Body::Raw(value) => value.clone(),
            Body::None | Body::Json(None) => JsValue::UNDEFINED,
        }
    }
}

/// A response with a status below 400; its body decoded as a JS value.
pub struct Response {
    /// The decoded body (`response.json()`, `.text()` or `.blob()`).
    pub body: JsValue,
}

/// When and whether to retry a 429 response (`retryRateLimitedRequests`).
pub enum RetryPolicy {
    /// Never retry.
    Never,
    /// Always retry after the `Retry-After` delay.
    Always,
    /// Ask this function, with the delay in ms, each time.
    Ask(Function),
}

/// Waits on JS work (an exchange, a Promise) through one JS callback made
/// once per sdk, `settle({ id, ok, value })`: a wait makes no closures of
/// its own, where a `JsFuture` makes two, each registered for finalization.
pub struct Settlements {
    slots: Rc<RefCell<Vec<Slot>>>,
    settle: Closure<dyn FnMut(JsValue) -> Result<(), JsError>>,
}

/// One wait: in use until its result has been taken.
struct Slot {
    used: bool,
    result: Option<Result<JsValue, JsValue>>,
    waker: Option<Waker>,
}

impl Default for Settlements {
    /// Nothing waited on yet.
    fn default() -> Settlements {
        let slots: Rc<RefCell<Vec<Slot>>> = Rc::default();
        let shared = AssertUnwindSafe(Rc::clone(&slots));
        // The signature of JsFuture's callbacks, whose glue is already there.
        let settle = Closure::new(move |settlement: JsValue| -> Result<(), JsError> {
            let settlement: Settlement = settlement.unchecked_into();
            let waker = {
                let mut slots = shared.borrow_mut();
                let Some(slot) = slots.get_mut(settlement.id() as usize) else {
                    return Ok(());
                };
                let value = settlement.value();
                slot.result = Some(if settlement.ok() {
                    Ok(value)
                } else {
                    Err(value)
                });
                slot.waker.take()
            };
            if let Some(waker) = waker {
                waker.wake();
            }
            Ok(())
        });
        Settlements { slots, settle }
    }
}

impl Settlements {
    /// A free slot: its id, and the future of what it is settled with.
    fn open(&self) -> (u32, Settled<'_>) {
        let mut slots = self.slots.borrow_mut();
        let fresh = Slot {
            used: true,
            result: None,
            waker: None,
        };
        let id = match slots.iter().position(|slot| !slot.used) {
            Some(free) => {
                slots[free] = fresh;
                free
            }
            None => {
                slots.push(fresh);
                slots.len() - 1
            }
        };
        (
            id as u32,
            Settled {
                slots: &self.slots,
                id: id as u32,
            },
        )
    }

    /// What `promise` settles with (`Err` its rejection), as `JsFuture`.
    pub fn promise(
        &self,
        promise: &Promise,
    ) -> impl Future<Output = Result<JsValue, JsValue>> + '_ {
        let (id, settled) = self.open();
        watch(promise, self.settle.as_ref(), id);
        settled
    }
}

/// What one wait settles with. Its slot is freed when it is polled to the
/// end, which every wait is (requests run as Promises, never dropped
/// half-way); a drop impl would add drop glue to every future awaiting it.
struct Settled<'a> {
    slots: &'a RefCell<Vec<Slot>>,
    id: u32,
}

impl Future for Settled<'_> {
    type Output = Result<JsValue, JsValue>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut slots = self.slots.borrow_mut();
        let slot = &mut slots[self.id as usize];
        match slot.result.take() {
            Some(result) => {
                slot.used = false;
                Poll::Ready(result)
            }
            None => {
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// How requests go out; one per sdk.
pub struct Transport {
    /// The `fetch` option, or undefined for the global `fetch`.
    pub fetch: JsValue,
    /// `requestTimeout` in ms.
    pub timeout_ms: f64,
    /// The `X-Balena-Client` value, made a JS string once.
    pub client: JsValue,
    /// `requestLimit` throttling.
    pub throttle: Option<Throttle>,
    /// Settles when the latest caller waiting on the throttle has started:
    /// the queue that keeps throttled requests in call order.
    pub turn: RefCell<Option<Promise>>,
    /// `retryRateLimitedRequests`.
    pub retry: RetryPolicy,
    /// `debug`: print failed requests to the console.
    pub debug: bool,
    /// The waits on JS work.
    pub settlements: Settlements,
}

impl Transport {
    /// Sends `request`, retrying 429s as the policy allows.
    pub async fn send(&self, request: &Request) -> Result<Response, SdkError> {
        loop {
            if let Some(throttle) = &self.throttle {
                self.wait_for_turn(throttle).await?;
            }
            match self.exchange(request).await {
                Err(SdkError::Request(failure)) if failure.status == 429 => {
                    match self.retry_delay(&failure)? {
                        Some(delay) => {
                            self.settlements.promise(&sleep(delay)).await?;
                        }
                        None => return Err(SdkError::Request(failure)),
                    }
                }
                other => return other,
            }
        }
    }

    /// Waits until every earlier caller has started and the window has room,
    /// then records this start (on the clock, after any late timer).
    async fn wait_for_turn(&self, throttle: &Throttle) -> Result<(), SdkError> {
        let mut release = None;
        let mine = Promise::new(&mut |resolve, _reject| release = Some(resolve));
        let previous = self.turn.replace(Some(mine));
        let waited = async {
            if let Some(previous) = previous {
                // Only ever resolved, by the caller before this one.
                self.settlements.promise(&previous).await?;
            }
            loop {
                let wait = throttle.delay(now());
                if wait <= 0.0 {
                    break;
                }
                self.settlements.promise(&sleep(wait)).await?;
            }
            throttle.record(now());
            Ok(())
        }
        .await;
        if let Some(release) = release {
            release.call0(&JsValue::UNDEFINED)?;
        }
        waited
    }

    async fn exchange(&self, request: &Request) -> Result<Response, SdkError> {
        // sendRequest builds the headers object in this order: Authorization,
        // X-Balena-Client, Content-Type (then Accept-Encoding in Node).
        let body = request.body.to_js();
        let none = JsValue::UNDEFINED;
        let (id, settled) = self.settlements.open();
        send_request(
            &self.fetch,
            &request.url,
            request.method,
            request.token.as_ref().unwrap_or(&none),
            if request.identify {
                &self.client
            } else {
                &none
            },
            matches!(request.body, Body::Json(_)),
            &body,
            self.timeout_ms,
            self.settlements.settle.as_ref(),
            id,
        );
        let response: Exchange = match settled.await {
            Ok(response) => response.unchecked_into(),
            Err(error) => {
                // As balena-request does, without the headers (the token).
                if is_network_error(&error) {
                    let _ = Reflect::set(&error, &"requestOptions".into(), &describe(request)?);
                }
                return Err(SdkError::Js(error));
            }
        };
        let status = response.status() as u16;
        let body = response.body();
        if status < 400 {
            return Ok(Response { body });
        }
        if self.debug {
            debug_failure(status, request.method, &request.url);
        }
        Err(SdkError::Request(RequestFailure {
            status,
            body: error_body(&body)?,
            request: describe(request)?,
            headers: response.headers(),
        }))
    }

    /// The delay before retrying a 429, or None to give up.
    fn retry_delay(&self, failure: &RequestFailure) -> Result<Option<f64>, SdkError> {
        if matches!(self.retry, RetryPolicy::Never) {
            return Ok(None);
        }
        let header = Reflect::get(&failure.headers, &"get".into())
            .ok()
            .and_then(|get| get.dyn_into::<Function>().ok())
            .and_then(|get| get.call1(&failure.headers, &"Retry-After".into()).ok())
            .and_then(|value| value.as_string());
        let Some(seconds) = header.as_deref().and_then(parse_int).filter(|&s| s >= 0.0) else {
            return Ok(None);
        };
        let delay = seconds * 1000.0;
        if let RetryPolicy::Ask(ask) = &self.retry {
            if !ask.call1(&JsValue::UNDEFINED, &delay.into())?.is_truthy() {
                return Ok(None);
            }
        }
        Ok(Some(delay))
    }
}

/// What goes into `err.requestOptions`: the request without credentials.
fn describe(request: &Request) -> Result<JsValue, SdkError> {
    let options = Object::new();
    Reflect::set(&options, &"method".into(), &request.method.into())?;
    Reflect::set(&options, &"url".into(), &request.url.as_str().into())?;
    let body = request.body.to_js();
    if !body.is_undefined() {
        Reflect::set(&options, &"body".into(), &body)?;
    }
    Ok(options.into())
}

/// balena-request's choice of what a failed response's error says.
fn error_body(body: &JsValue) -> Result<JsValue, SdkError> {
    if !body.is_truthy() {
        return Ok("The request was unsuccessful".into());
    }
    let text = get(&get(body, "error")?, "text")?;
    if !text.is_undefined() && !text.is_null() {
        return Ok(text);
    }
    if body.is_object() {
        for key in ["message", "error"] {
            let value = get(body, key)?;
            if value.is_string() {
                return Ok(value);
            }
        }
    }
    Ok(body.clone())
}

/// JavaScript's `parseInt(text, 10)`, for `Retry-After` (None for NaN).
fn parse_int(text: &str) -> Option<f64> {
    let text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let (sign, digits) = match text.as_bytes().first() {
        Some(b'-') => (-1.0, &text[1..]),
        Some(b'+') => (1.0, &text[1..]),
        _ => (1.0, text),
    };
    let end = digits
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(digits.len());
    if end == 0 {
        return None;
    }
    // Exact up to 19 digits; a longer run (a delay of more than 3e11
    // years) is read in floating point and may be off in the last place.
    let (exact, rest) = digits[..end].split_at(end.min(19));
    let mut value = exact
        .bytes()
        .fold(0u64, |n, b| n * 10 + u64::from(b - b'0')) as f64;
    for b in rest.bytes() {
        value = value * 10.0 + f64::from(b - b'0');
    }
    Some(sign * value)
}

#[cfg(test)]
mod tests {
    use super::parse_int;

    #[test]
    fn parse_int_reads_a_leading_integer_like_javascript() {
        assert_eq!(parse_int("5"), Some(5.0));
        assert_eq!(parse_int("  7s"), Some(7.0));
        assert_eq!(parse_int("1.9"), Some(1.0));
        assert_eq!(parse_int("-3"), Some(-3.0));
        assert_eq!(parse_int("+4"), Some(4.0));
        assert_eq!(parse_int(""), None);
        assert_eq!(parse_int("soon"), None);
        assert_eq!(parse_int("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
