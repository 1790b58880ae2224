//! [`Host`] in JS: the one fetch executor (`js/executor.js`), the clock and
//! timers, and token storage (`js/storage.js`).

use core::future::Future;

use js_sys::Function;
use wasm_bindgen::prelude::*;

use super::settle::Settlements;
use super::value::thrown;
use crate::core::{Error, Exchange, Host, Place, Request, RequestBody};
use crate::prelude::*;

#[wasm_bindgen(module = "/src/boundary/js/executor.js")]
extern "C" {
    /// The executor of one sdk.
    type Executor;
    #[wasm_bindgen(js_name = createExecutor)]
    fn create_executor(
        fetch: &JsValue,
        timeout_ms: f64,
        max_response_bytes: f64,
        client: &str,
        settle: &JsValue,
    ) -> Executor;
    #[wasm_bindgen(method)]
    fn send(this: &Executor, request: &JsRequest, id: u32);
    #[wasm_bindgen(method)]
    fn sleep(this: &Executor, ms: f64, id: u32);

    /// A request as the executor takes it.
    #[wasm_bindgen(js_name = Request)]
    type JsRequest;
    #[wasm_bindgen(constructor, js_class = Request)]
    fn new(
        method: &str,
        url: &str,
        token: &JsValue,
        identify: bool,
        json: bool,
        body: &JsValue,
    ) -> JsRequest;

    /// What an exchange settles with: `{ status, headers, body, sent }`.
    type JsExchange;
    #[wasm_bindgen(method, getter)]
    fn status(this: &JsExchange) -> f64;
    #[wasm_bindgen(method, getter)]
    fn headers(this: &JsExchange) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn body(this: &JsExchange) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn sent(this: &JsExchange) -> JsValue;

    #[wasm_bindgen(js_name = retryAfter)]
    fn retry_after_header(headers: &JsValue) -> Option<String>;
    #[wasm_bindgen(js_name = debugFailure)]
    fn debug_failure(status: u16, method: &str, url: &str);
}

#[wasm_bindgen(module = "/src/boundary/js/storage.js")]
extern "C" {
    #[wasm_bindgen(js_name = readStored, catch)]
    fn read_stored(directory: Option<&str>) -> Result<Option<String>, JsValue>;
    #[wasm_bindgen(js_name = writeStored, catch)]
    fn write_stored(directory: Option<&str>, text: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = removeStored, catch)]
    fn remove_stored(directory: Option<&str>) -> Result<(), JsValue>;
}

/// `X-Balena-Client` names this package and its version.
const CLIENT: &str = concat!("balena-api-key-wasm/", env!("CARGO_PKG_VERSION"));

/// The JS host of one sdk.
pub struct JsHost {
    settlements: Settlements,
    executor: Executor,
}

impl JsHost {
    /// A host sending through `fetch` (undefined: the global one) with a
    /// timeout of `timeout_ms` for each exchange, refusing response bodies
    /// of more than `max_response_bytes`.
    pub fn new(fetch: &JsValue, timeout_ms: f64, max_response_bytes: f64) -> JsHost {
        let settlements = Settlements::default();
        let callback = settlements.callback();
        let executor = create_executor(fetch, timeout_ms, max_response_bytes, CLIENT, callback);
        JsHost {
            settlements,
            executor,
        }
    }
}

/// The storage functions' name for a place (`null`: localStorage).
fn directory(place: &Place) -> Option<&str> {
    match place {
        Place::LocalStorage => None,
        Place::File(directory) => Some(directory),
    }
}

impl Host for JsHost {
    type Value = JsValue;

    fn send(
        &self,
        request: &Request<JsValue>,
    ) -> impl Future<Output = Result<Exchange<JsValue>, Error<JsValue>>> {
        let (id, settled) = self.settlements.open();
        let body = match &request.body {
            RequestBody::Json(Some(text)) => JsValue::from_str(text),
            RequestBody::Raw(value) => value.clone(),
            RequestBody::None | RequestBody::Json(None) => JsValue::UNDEFINED,
        };
        let token = request.token.clone().unwrap_or(JsValue::UNDEFINED);
        let described = JsRequest::new(
            request.method.as_str(),
            &request.url,
            &token,
            request.identify,
            request.body.is_json(),
            &body,
        );
        self.executor.send(&described, id);
        async move {
            let exchange: JsExchange = settled.await.map_err(thrown)?.unchecked_into();
            Ok(Exchange {
                status: exchange.status() as u16,
                body: exchange.body(),
                headers: exchange.headers(),
                sent: exchange.sent(),
            })
        }
    }

    fn sleep(&self, ms: f64) -> impl Future<Output = Result<(), Error<JsValue>>> {
        let (id, settled) = self.settlements.open();
        self.executor.sleep(ms, id);
        async move { settled.await.map(drop).map_err(thrown) }
    }

    fn now(&self) -> f64 {
        js_sys::Date::now()
    }

    fn retry_after(&self, headers: &JsValue) -> Option<String> {
        retry_after_header(headers)
    }

    fn ask_retry(&self, ask: &JsValue, delay_ms: f64) -> Result<bool, Error<JsValue>> {
        let ask: &Function = ask.unchecked_ref();
        Ok(ask
            .call1(&JsValue::UNDEFINED, &delay_ms.into())
            .map_err(thrown)?
            .is_truthy())
    }

    fn report_failure(&self, status: u16, request: &Request<JsValue>) {
        debug_failure(status, request.method.as_str(), &request.url);
    }

    fn read_token(&self, place: &Place) -> Result<Option<String>, Error<JsValue>> {
        read_stored(directory(place)).map_err(thrown)
    }

    fn write_token(&self, place: &Place, text: &str) -> Result<(), Error<JsValue>> {
        write_stored(directory(place), text).map_err(thrown)
    }

    fn remove_token(&self, place: &Place) -> Result<(), Error<JsValue>> {
        remove_stored(directory(place)).map_err(thrown)
    }
}
