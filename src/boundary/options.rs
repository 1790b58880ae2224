//! `getSdk`'s options read into the core's [`Settings`], as balena-sdk and
//! balena-settings-storage read them.

use js_sys::Object;
use wasm_bindgen::prelude::*;

use super::host::JsHost;
use super::value::thrown;
use crate::core::{
    Endpoint, Error, HostValue, Place, RetryPolicy, Session, Settings, Throttle, TokenStore,
    DEFAULT_API_URL, DEFAULT_API_VERSION, DEFAULT_MAX_RETRIES,
};
use crate::prelude::*;

#[wasm_bindgen(module = "/src/boundary/js/executor.js")]
extern "C" {
    #[wasm_bindgen(js_name = resolveUrl, catch)]
    fn resolve_url(path: &str, base: &str) -> Result<String, JsValue>;
}

#[wasm_bindgen(module = "/src/boundary/js/storage.js")]
extern "C" {
    #[wasm_bindgen(js_name = hasLocalStorage)]
    fn has_local_storage() -> bool;
    #[wasm_bindgen(js_name = hasFileSystem)]
    fn has_file_system() -> bool;
    #[wasm_bindgen(js_name = defaultDataDirectory)]
    fn default_data_directory() -> Option<String>;
}

/// balena-request's default timeout, in ms.
const DEFAULT_TIMEOUT_MS: f64 = 59_000.0;

/// The default `maxResponseBytes`: 64 MiB.
const DEFAULT_MAX_RESPONSE_BYTES: f64 = 64.0 * 1024.0 * 1024.0;

/// `options[key]` when `key` is an own property (spread semantics: a
/// present `undefined` wins over the default).
fn option(options: &JsValue, key: &str) -> Result<Option<JsValue>, Error<JsValue>> {
    if !options.is_object() {
        return Ok(None);
    }
    let own = Object::has_own(options.unchecked_ref::<Object>(), &key.into());
    Ok(if own {
        Some(HostValue::get(options, key)?)
    } else {
        None
    })
}

/// `String(value)` as a Rust string.
fn text(value: &JsValue) -> Result<String, Error<JsValue>> {
    Ok(value.string_form()?.as_string().unwrap_or_default())
}

/// A number option, when it is a number.
fn number(options: &JsValue, key: &str) -> Result<Option<f64>, Error<JsValue>> {
    Ok(option(options, key)?.and_then(|value| value.as_f64()))
}

/// Builds an instance from balena-sdk's `getSdk` options plus ours.
pub fn session(options: &JsValue) -> Result<Session<JsHost>, Error<JsValue>> {
    let api_url = match option(options, "apiUrl")? {
        Some(value) => text(&value)?,
        None => DEFAULT_API_URL.to_string(),
    };
    let api_version = match option(options, "apiVersion")? {
        Some(value) => text(&value)?,
        None => DEFAULT_API_VERSION.to_string(),
    };
    let resolve = |path: &str| resolve_url(path, &api_url).map_err(thrown);
    let api_prefix = resolve(&["/", api_version.as_str(), "/"].concat())?;
    let endpoints = Endpoint::ALL.map(|endpoint| resolve(endpoint.path()));
    let [whoami, refresh, create] = endpoints;
    let is_browser = match option(options, "isBrowser")? {
        Some(value) => value.is_truthy(),
        None => is_window_defined(),
    };
    let data_directory = option(options, "dataDirectory")?.unwrap_or(JsValue::UNDEFINED);
    let store = token_store(&data_directory, is_browser);
    let fetch = option(options, "fetch")?.unwrap_or(JsValue::UNDEFINED);
    if !fetch.is_undefined() && !fetch.is_function() {
        return Err(Error::type_error("The fetch option must be a function"));
    }
    let timeout_ms = number(options, "requestTimeout")?
        .filter(|t| *t >= 0.0)
        .unwrap_or(DEFAULT_TIMEOUT_MS);
    let max_response_bytes = number(options, "maxResponseBytes")?
        .filter(|most| *most >= 0.0)
        .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES);
    let throttle = match number(options, "requestLimit")? {
        Some(limit) if limit > 0.0 => {
            let interval = number(options, "requestLimitInterval")?.unwrap_or(60_000.0);
            Some(Throttle::new(limit as usize, interval))
        }
        _ => None,
    };
    let max_retries = match number(options, "maxRateLimitRetries")? {
        Some(most) if most >= 0.0 => most as u32,
        _ => DEFAULT_MAX_RETRIES,
    };
    let retry = match option(options, "retryRateLimitedRequests")? {
        Some(value) if value.is_function() => RetryPolicy::Ask {
            ask: value,
            max_retries,
        },
        Some(value) if value.is_truthy() => RetryPolicy::Always { max_retries },
        _ => RetryPolicy::Never,
    };
    let debug = option(options, "debug")?.is_some_and(|v| v.is_truthy());
    let settings = Settings {
        api_url,
        api_prefix,
        endpoints: [whoami?, refresh?, create?],
        throttle,
        retry,
        debug,
    };
    Ok(Session::new(
        JsHost::new(&fetch, timeout_ms, max_response_bytes),
        settings,
        store,
    ))
}

fn is_window_defined() -> bool {
    let global: JsValue = js_sys::global().into();
    !HostValue::get(&global, "window")
        .map(|w| w.is_undefined())
        .unwrap_or(true)
}

/// Where the token lives, as balena-settings-storage decides it.
fn token_store(data_directory: &JsValue, is_browser: bool) -> TokenStore {
    if data_directory.as_bool() == Some(false) {
        return TokenStore::memory();
    }
    if is_window_defined() {
        return if has_local_storage() {
            TokenStore::Host(Place::LocalStorage)
        } else {
            TokenStore::memory()
        };
    }
    let directory = match data_directory.as_string() {
        Some(directory) => Some(directory),
        None if !is_browser && data_directory.is_nullish() => default_data_directory(),
        None => None,
    };
    match directory {
        Some(directory) if has_file_system() => TokenStore::Host(Place::File(directory)),
        _ => TokenStore::memory(),
    }
}
