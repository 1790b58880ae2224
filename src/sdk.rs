//! The state of one sdk instance (what `getSdk` builds) and the two request
//! paths everything goes through: balena-request's `send` (token, refresh)
//! and the memoised whoami behind `auth.getActorId`.

use crate::prelude::*;
use alloc::rc::Rc;
use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;

use js_sys::{Function, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::auth::{Auth, Token};
use crate::errors::SdkError;
use crate::js_value::{get, to_js_string};
use crate::throttle::Throttle;
use crate::token_store::TokenStore;
use crate::transport::{Body, Request, RetryPolicy, Settlements, Transport};

#[wasm_bindgen(module = "/src/js/transport.js")]
extern "C" {
    #[wasm_bindgen(js_name = resolveUrl, catch)]
    fn resolve_url(path: &str, base: &str) -> Result<String, JsValue>;
}

#[wasm_bindgen(module = "/src/js/storage.js")]
extern "C" {
    #[wasm_bindgen(js_name = hasLocalStorage)]
    fn has_local_storage() -> bool;
    #[wasm_bindgen(js_name = hasFileSystem)]
    fn has_file_system() -> bool;
    #[wasm_bindgen(js_name = defaultDataDirectory)]
    fn default_data_directory() -> Option<String>;
}

/// `X-Balena-Client` names this package and its version.
const CLIENT: &str = concat!("balena-api-key-wasm/", env!("CARGO_PKG_VERSION"));

/// One sdk instance.
pub struct Sdk {
    /// `<origin>/<apiVersion>/`, the prefix of every pine URL.
    pub api_prefix: String,
    /// `apiUrl` as given, the base of the non-pine endpoints.
    api_url: String,
    /// How requests go out.
    pub transport: Transport,
    /// The session token.
    pub auth: Auth,
    whoami: RefCell<Option<Promise>>,
}

/// `options[key]` when `key` is an own property (spread semantics: a
/// present `undefined` wins over the default).
fn option(options: &JsValue, key: &str) -> Result<Option<JsValue>, SdkError> {
    if !options.is_object() {
        return Ok(None);
    }
    let own = Object::has_own(options.unchecked_ref::<Object>(), &key.into());
    Ok(if own { Some(get(options, key)?) } else { None })
}

/// Work that ends in a JS value or an [`SdkError`].
pub type Work = Pin<Box<dyn Future<Output = Result<JsValue, SdkError>>>>;

/// Runs `work` as a Promise, rejecting with the JS form of its error. The
/// work is boxed so that every method shares one instantiation of the
/// future-to-Promise machinery instead of one per async body.
pub fn promise(work: Work) -> Promise {
    future_to_promise(async move { work.await.map_err(SdkError::into_js) })
}

impl Sdk {
    /// Builds an instance from balena-sdk's `getSdk` options plus ours.
    pub fn from_options(options: &JsValue) -> Result<Sdk, SdkError> {
        let api_url = match option(options, "apiUrl")? {
            Some(value) => to_js_string(&value)?,
            None => "https://api.balena-cloud.com/".to_string(),
        };
        let api_version = match option(options, "apiVersion")? {
            Some(value) => to_js_string(&value)?,
            None => "v7".to_string(),
        };
        let api_prefix = resolve_url(&["/", api_version.as_str(), "/"].concat(), &api_url)?;
        let is_browser = match option(options, "isBrowser")? {
            Some(value) => value.is_truthy(),
            None => is_window_defined(),
        };
        let data_directory = option(options, "dataDirectory")?.unwrap_or(JsValue::UNDEFINED);
        let store = token_store(&data_directory, is_browser);
        let fetch = option(options, "fetch")?.unwrap_or(JsValue::UNDEFINED);
        if !fetch.is_undefined() && !fetch.is_function() {
            return Err(SdkError::Js(
                js_sys::TypeError::new("The fetch option must be a function").into(),
            ));
        }
        let number = |key| -> Result<Option<f64>, SdkError> {
            Ok(option(options, key)?.and_then(|v| v.as_f64()))
        };
        let timeout_ms = number("requestTimeout")?
            .filter(|t| *t >= 0.0)
            .unwrap_or(59_000.0);
        let throttle = match number("requestLimit")? {
            Some(limit) if limit > 0.0 => Some(Throttle::new(
                limit as usize,
                number("requestLimitInterval")?.unwrap_or(60_000.0),
            )),
            _ => None,
        };
        let retry = match option(options, "retryRateLimitedRequests")? {
            Some(value) if value.is_function() => {
                RetryPolicy::Ask(value.unchecked_into::<Function>())
            }
            Some(value) if value.is_truthy() => RetryPolicy::Always,
            _ => RetryPolicy::Never,
        };
        let debug = option(options, "debug")?.is_some_and(|v| v.is_truthy());
        Ok(Sdk {
            api_prefix,
            transport: Transport {
                fetch,
                timeout_ms,
                client: JsValue::from_str(CLIENT),
                throttle,
                turn: RefCell::new(None),
                retry,
                debug,
                settlements: Settlements::default(),
            },
            api_url,
            auth: Auth::new(store),
            whoami: RefCell::new(None),
        })
    }

    /// The absolute URL of a non-pine endpoint such as `/actor/v1/whoami`.
    pub fn endpoint(&self, path: &str) -> Result<String, SdkError> {
        Ok(resolve_url(path, &self.api_url)?)
    }

    /// balena-request's `send`: adds the token when asked and one is stored,
    /// refreshes a day-old JWT first on non-pine requests, refuses an expired
    /// one; resolves with the decoded body.
    pub async fn send(
        &self,
        method: &'static str,
        url: String,
        body: Body,
        send_token: bool,
        pine: bool,
    ) -> Result<JsValue, SdkError> {
        let mut token = None;
        if send_token && self.auth.has_key()? {
            let mut current = self.auth.token()?;
            if current.wants_refresh() {
                if !pine {
                    current = self.refresh(current).await?;
                }
                if current.is_expired() {
                    return Err(SdkError::ExpiredToken(current.key));
                }
            }
            token = Some(current.header_value()?);
        }
        // balena-sdk names itself when `baseUrl + url` starts with `apiUrl`:
        // always for the endpoints it resolves against `apiUrl`, and for pine
        // URLs only when `apiUrl` has no path of its own.
        let identify = !pine || url.starts_with(&self.api_url);
        let response = self
            .transport
            .send(&Request {
                method,
                url,
                body,
                token,
                identify,
            })
            .await?;
        Ok(response.body)
    }

    /// Swaps a day-old JWT for a fresh one (`GET /user/v1/refresh-token`).
    async fn refresh(&self, old: Token) -> Result<Token, SdkError> {
        let url = self.endpoint("/user/v1/refresh-token")?;
        let request = Request {
            method: "GET",
            url,
            body: Body::None,
            token: Some(old.header_value()?),
            identify: true,
        };
        match self.transport.send(&request).await {
            Ok(response) => {
                self.auth.set_key(&response.body)?;
                self.auth.token()
            }
            Err(error) if error.has_status(401) && old.is_expired() => {
                self.auth.remove_key()?;
                Err(SdkError::ExpiredToken(old.key))
            }
            Err(error) => Err(error),
        }
    }

    /// Forgets the memoised whoami (login, logout, isLoggedIn do this).
    pub fn forget_actor(&self) {
        self.whoami.borrow_mut().take();
    }

    /// `GET /actor/v1/whoami`, memoised: concurrent callers share one
    /// request, successes are reused, failures are not kept.
    pub async fn actor(self: &Rc<Self>) -> Result<JsValue, SdkError> {
        let cached = self.whoami.borrow().clone();
        let promise = match cached {
            Some(promise) => promise,
            None => {
                let sdk = Rc::clone(self);
                let promise = promise(Box::pin(async move {
                    let url = sdk.endpoint("/actor/v1/whoami")?;
                    sdk.send("GET", url, Body::None, true, false).await
                }));
                *self.whoami.borrow_mut() = Some(promise.clone());
                promise
            }
        };
        match self.transport.settlements.promise(&promise).await {
            Ok(body) => Ok(body),
            Err(error) => {
                let mut slot = self.whoami.borrow_mut();
                if slot
                    .as_ref()
                    .is_some_and(|current| JsValue::from(current) == JsValue::from(&promise))
                {
                    slot.take();
                }
                Err(not_logged_in_if_unauthorised(error)?)
            }
        }
    }
}

/// balena-sdk's `normalizeAuthError`: a 401 or a malformed token means
/// "not logged in".
fn not_logged_in_if_unauthorised(error: JsValue) -> Result<SdkError, SdkError> {
    let status = get(&error, "statusCode")?;
    let code = get(&error, "code")?;
    if status.as_f64() == Some(401.0) || code.as_string().as_deref() == Some("BalenaMalformedToken")
    {
        Ok(SdkError::NotLoggedIn)
    } else {
        Ok(SdkError::Js(error))
    }
}

fn is_window_defined() -> bool {
    !get(&js_sys::global(), "window")
        .map(|w| w.is_undefined())
        .unwrap_or(true)
}

/// Where the token lives, as balena-settings-storage decides it.
fn token_store(data_directory: &JsValue, is_browser: bool) -> TokenStore {
    let memory = || TokenStore::Memory(RefCell::new(None));
    if data_directory.as_bool() == Some(false) {
        return memory();
    }
    if is_window_defined() {
        return if has_local_storage() {
            TokenStore::LocalStorage
        } else {
            memory()
        };
    }
    let directory = match data_directory.as_string() {
        Some(directory) => Some(directory),
        None if !is_browser && (data_directory.is_null() || data_directory.is_undefined()) => {
            default_data_directory()
        }
        None => None,
    };
    match directory {
        Some(directory) if has_file_system() => TokenStore::File(directory),
        _ => memory(),
    }
}
