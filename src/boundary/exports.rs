//! The wasm-bindgen surface the npm package is built from. `js/sdk.js`
//! wraps it: it encodes each method's options and ids before the call
//! crosses, and these functions decode them once, hand them to the core
//! ([`Session`]) and turn what comes back into a Promise of a JS value.

use alloc::rc::Rc;
use core::future::Future;
use core::pin::Pin;

use js_sys::{JsString, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::encoded::{read, Encoded, Thrown};
use super::errors::to_js_error;
use super::host::JsHost;
use super::options::session;
use super::value::{js_str, js_string};
use crate::core::{Error, KeyKind, LookupKey, Session, Verb};
use crate::pine::{compile_parts, Value, MERGED_KEYS};
use crate::prelude::*;

#[wasm_bindgen(module = "/src/boundary/js/sdk.js")]
extern "C" {
    #[wasm_bindgen(js_name = buildSdk)]
    fn build_sdk(core: Core, merged_keys: Vec<JsValue>, with_extras: bool) -> JsValue;
}

#[wasm_bindgen(module = "/src/boundary/js/errors.js")]
extern "C" {
    #[wasm_bindgen(thread_local_v2, js_name = errors)]
    static ERRORS: JsValue;
}

/// Creates a balena SDK object, as balena-sdk's `getSdk`.
#[wasm_bindgen(js_name = getSdk, skip_typescript)]
pub fn get_sdk(options: JsValue) -> Result<JsValue, JsValue> {
    let session = session(&options).map_err(to_js_error)?;
    let merged_keys = MERGED_KEYS
        .iter()
        .map(|&key| JsValue::from_str(key))
        .collect();
    Ok(build_sdk(
        Core {
            session: Rc::new(session),
        },
        merged_keys,
        cfg!(feature = "extras"),
    ))
}

/// The error classes, for the package's `errors` export.
#[wasm_bindgen(js_name = errorClasses, skip_typescript)]
pub fn error_classes() -> JsValue {
    ERRORS.with(JsValue::clone)
}

/// The state behind one sdk object; `js/sdk.js` wraps it.
#[wasm_bindgen(skip_typescript)]
pub struct Core {
    pub(super) session: Rc<Session<JsHost>>,
}

/// A call's work, boxed so that every method shares one instantiation of
/// the future-to-Promise machinery.
type Work = Pin<Box<dyn Future<Output = Result<JsValue, Error<JsValue>>>>>;

/// Runs `work` as a Promise, rejecting with the JS form of its error; an
/// error that stands for what a string conversion of `read` threw rejects
/// with that very value.
pub(super) fn spawn(thrown: Option<Thrown>, work: Work) -> Promise {
    future_to_promise(async move {
        let result = work.await;
        result.map_err(|error| {
            let error = match &thrown {
                Some(thrown) => thrown.rethrow(error),
                None => error,
            };
            to_js_error(error)
        })
    })
}

/// The lookup argument of a model method, read at the call.
pub(super) fn lookup_key(given: JsValue) -> LookupKey<JsValue> {
    let kind = if let Some(number) = given.as_f64() {
        KeyKind::Number(number)
    } else if let Some(text) = given.dyn_ref::<JsString>() {
        KeyKind::Text {
            text: Value::String(js_str(text)),
            lower: Value::String(js_str(&text.to_lower_case())),
            length: text.length() as usize,
        }
    } else if given.is_null() || given.is_undefined() {
        KeyKind::Nullish
    } else {
        KeyKind::Other
    };
    LookupKey { given, kind }
}

/// `Ok(undefined)` for the methods that fulfil with nothing.
fn nothing(result: Result<(), Error<JsValue>>) -> Result<JsValue, Error<JsValue>> {
    result.map(|()| JsValue::UNDEFINED)
}

#[wasm_bindgen]
impl Core {
    /// pinejs-client-core's `compile(params)`, of params encoded by
    /// `encodeParams`.
    pub fn compile(&self, params: &Encoded) -> Result<JsValue, JsValue> {
        let (params, thrown) = read(params);
        match params.and_then(|params| Ok(compile_parts(&params)?)) {
            Ok(compiled) => Ok(js_string(&compiled.url)),
            Err(error) => Err(to_js_error(thrown.rethrow(error))),
        }
    }

    /// `pine.get(params)` / `post` / `patch` / `delete`, with `params` as
    /// given (spread when a function) and encoded.
    pub fn pine(&self, verb: &str, params: JsValue, encoded: &Encoded) -> Promise {
        let session = Rc::clone(&self.session);
        let (value, thrown) = read(encoded);
        let Some(verb) = Verb::parse(verb) else {
            let error = Error::plain(["Unknown pine verb '", verb, "'"].concat());
            return Promise::reject(&to_js_error(error));
        };
        spawn(
            Some(thrown),
            Box::pin(async move { session.pine(verb, &params, value).await }),
        )
    }

    /// `auth.loginWithToken(token)`.
    #[wasm_bindgen(js_name = loginWithToken)]
    pub fn login_with_token(&self, token: JsValue) -> Promise {
        let session = Rc::clone(&self.session);
        spawn(
            None,
            Box::pin(async move { nothing(session.login_with_token(&token)) }),
        )
    }

    /// `auth.logout()`.
    pub fn logout(&self) -> Promise {
        let session = Rc::clone(&self.session);
        spawn(None, Box::pin(async move { nothing(session.logout()) }))
    }

    /// `auth.getToken()`.
    #[wasm_bindgen(js_name = getToken)]
    pub fn get_token(&self) -> Promise {
        let session = Rc::clone(&self.session);
        spawn(None, Box::pin(async move { session.get_token() }))
    }

    /// `auth.isLoggedIn()`.
    #[wasm_bindgen(js_name = isLoggedIn)]
    pub fn is_logged_in(&self) -> Promise {
        let session = Rc::clone(&self.session);
        spawn(
            None,
            Box::pin(async move { session.is_logged_in().await.map(JsValue::from) }),
        )
    }

    /// `auth.whoami()`.
    pub fn whoami(&self) -> Promise {
        let session = Rc::clone(&self.session);
        spawn(None, Box::pin(async move { session.whoami().await }))
    }

    /// `auth.getActorId()`.
    #[wasm_bindgen(js_name = getActorId)]
    pub fn get_actor_id(&self) -> Promise {
        let session = Rc::clone(&self.session);
        spawn(None, Box::pin(async move { session.get_actor_id().await }))
    }

    /// `models.apiKey.create(params)`.
    pub fn create(&self, params: JsValue) -> Promise {
        let session = Rc::clone(&self.session);
        spawn(
            None,
            Box::pin(async move { session.create_api_key(&params).await }),
        )
    }

    /// `models.apiKey.getAll(options)`, its options encoded.
    #[wasm_bindgen(js_name = getAll)]
    pub fn get_all(&self, options: &Encoded) -> Promise {
        let session = Rc::clone(&self.session);
        let (options, thrown) = read(options);
        spawn(
            Some(thrown),
            Box::pin(async move { session.get_all_api_keys(options).await }),
        )
    }

    /// `models.apiKey.getAllNamedUserApiKeys(options)`, its options encoded.
    #[wasm_bindgen(js_name = getAllNamedUserApiKeys)]
    pub fn get_all_named_user_api_keys(&self, options: &Encoded) -> Promise {
        let session = Rc::clone(&self.session);
        let (options, thrown) = read(options);
        spawn(
            Some(thrown),
            Box::pin(async move { session.get_all_named_user_api_keys(options).await }),
        )
    }

    /// `models.apiKey.getProvisioningApiKeysByApplication(slugOrUuidOrId,
    /// options)`, its options encoded.
    #[wasm_bindgen(js_name = getProvisioningApiKeysByApplication)]
    pub fn get_provisioning_api_keys_by_application(
        &self,
        application: JsValue,
        options: &Encoded,
    ) -> Promise {
        let session = Rc::clone(&self.session);
        let application = lookup_key(application);
        let (options, thrown) = read(options);
        spawn(
            Some(thrown),
            Box::pin(async move {
                session
                    .get_provisioning_api_keys_by_application(&application, options)
                    .await
            }),
        )
    }

    /// `models.apiKey.getDeviceApiKeysByDevice(uuidOrId, options)`, its
    /// options encoded.
    #[wasm_bindgen(js_name = getDeviceApiKeysByDevice)]
    pub fn get_device_api_keys_by_device(&self, device: JsValue, options: &Encoded) -> Promise {
        let session = Rc::clone(&self.session);
        let device = lookup_key(device);
        let (options, thrown) = read(options);
        spawn(
            Some(thrown),
            Box::pin(async move {
                session
                    .get_device_api_keys_by_device(&device, options)
                    .await
            }),
        )
    }

    /// `models.apiKey.update(id, apiKeyInfo)`, the id encoded.
    pub fn update(&self, id: &Encoded, info: JsValue) -> Promise {
        let session = Rc::clone(&self.session);
        let (id, thrown) = read(id);
        spawn(
            Some(thrown),
            Box::pin(async move { nothing(session.update_api_key(id, &info).await) }),
        )
    }

    /// `models.apiKey.revoke(id)`, the id encoded.
    pub fn revoke(&self, id: &Encoded) -> Promise {
        let session = Rc::clone(&self.session);
        let (id, thrown) = read(id);
        spawn(
            Some(thrown),
            Box::pin(async move { nothing(session.revoke_api_key(id).await) }),
        )
    }
}
