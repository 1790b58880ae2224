//! The wasm-bindgen surface the npm package is built from. Thin by design:
//! arguments are converted at the edge (options walked once into the pine
//! value model, synchronously, as balena-sdk reads them), the work happens
//! in the plain modules, and results go back as the JS values they are.

use crate::prelude::*;
use alloc::rc::Rc;
use core::future::Future;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::errors::SdkError;
use crate::js_value::{
    from_encoded, get, read_options, read_value, to_js_string_value, Read, Thrown,
};
use crate::models::api_key;
use crate::pine::{compile_parts, Value};
use crate::pine_client::{get_d, one_row, request, Verb};
use crate::sdk::{promise, Sdk, Work};

#[wasm_bindgen(module = "/src/js/sdk.js")]
extern "C" {
    #[wasm_bindgen(js_name = buildSdk)]
    fn build_sdk(core: Core) -> JsValue;
}

#[wasm_bindgen(module = "/src/js/errors.js")]
extern "C" {
    #[wasm_bindgen(thread_local_v2, js_name = errors)]
    static ERRORS: JsValue;
}

/// Creates a balena SDK object, as balena-sdk's `getSdk`.
#[wasm_bindgen(js_name = getSdk, skip_typescript)]
pub fn get_sdk(options: JsValue) -> Result<JsValue, JsValue> {
    let sdk = Sdk::from_options(&options).map_err(SdkError::into_js)?;
    Ok(build_sdk(Core { sdk: Rc::new(sdk) }))
}

/// The error classes, for the package's `errors` export.
#[wasm_bindgen(js_name = errorClasses, skip_typescript)]
pub fn error_classes() -> JsValue {
    ERRORS.with(JsValue::clone)
}

/// The state behind one sdk object; `src/js/sdk.js` wraps it.
#[wasm_bindgen(skip_typescript)]
pub struct Core {
    sdk: Rc<Sdk>,
}

/// Runs `work` as a Promise, rejecting with the JS form of its error.
fn spawn<F>(work: F) -> Promise
where
    F: Future<Output = Result<JsValue, SdkError>> + 'static,
{
    promise(Box::pin(work))
}

/// A value walked now: the value (or the walk's error, for the work to
/// raise where balena-sdk would) and what its string conversions threw.
fn split(read: Result<Read, SdkError>) -> (Result<Value, SdkError>, Option<Thrown>) {
    match read {
        Ok(Read { value, thrown }) => (Ok(value), Some(thrown)),
        Err(error) => (Err(error), None),
    }
}

/// [`spawn`], where a string conversion's failure that `work` meets rejects
/// with what the conversion threw (`thrown`).
fn spawn_rethrowing<F>(thrown: Option<Thrown>, work: F) -> Promise
where
    F: Future<Output = Result<JsValue, SdkError>> + 'static,
{
    rethrowing(thrown, Box::pin(work))
}

/// The one instantiation behind [`spawn_rethrowing`].
fn rethrowing(thrown: Option<Thrown>, work: Work) -> Promise {
    spawn(async move {
        let result = work.await;
        match thrown {
            Some(thrown) => result.map_err(|error| thrown.rethrow(error)),
            None => result,
        }
    })
}

#[wasm_bindgen]
impl Core {
    /// pinejs-client-core's `compile(params)`, of params already walked by
    /// `encodeParams` in JS (`src/js/sdk.js` does that, saving a crossing).
    pub fn compile(&self, params: &[u8]) -> Result<JsValue, JsValue> {
        let params = from_encoded(params).map_err(SdkError::into_js)?;
        match compile_parts(&params) {
            Ok(compiled) => Ok(to_js_string_value(&compiled.url)),
            // The walk of these params was the last one (src/js/sdk.js).
            Err(e) => Err(Thrown::take().rethrow(e.into()).into_js()),
        }
    }

    /// `pine.get(params)` / `post` / `patch` / `delete`.
    pub fn pine(&self, verb: &str, params: JsValue) -> Promise {
        let sdk = Rc::clone(&self.sdk);
        // pinejs-client-core spreads params (`{ ...params, method }`): a
        // function's own properties count, the function itself does not.
        let params = match params.dyn_ref::<js_sys::Function>() {
            Some(function) => js_sys::Object::assign(&js_sys::Object::new(), function).into(),
            None => params,
        };
        let verb = match verb {
            "post" => Verb::Post,
            "patch" => Verb::Patch,
            "delete" => Verb::Delete,
            _ => Verb::Get,
        };
        let (decoded, thrown) = split(read_value(&params));
        spawn_rethrowing(thrown, async move {
            if !params.is_object() {
                return Err(SdkError::Plain("Params must be an object.".to_string()));
            }
            let body = get(&params, "body")?;
            let decoded = decoded?;
            match verb {
                Verb::Get => {
                    let rows = get_d(&sdk, &decoded, &body).await?;
                    // pinejs-client-core spreads params into the request
                    // but reads `params.id` of the caller's object, after
                    // the response: an inherited id asks for one row too.
                    let id = get(&params, "id")?;
                    if id.is_null() || id.is_undefined() {
                        Ok(rows)
                    } else {
                        one_row(rows)
                    }
                }
                _ => request(&sdk, verb, &decoded, &body).await,
            }
        })
    }

    /// `auth.loginWithToken(token)`.
    #[wasm_bindgen(js_name = loginWithToken)]
    pub fn login_with_token(&self, token: JsValue) -> Promise {
        let sdk = Rc::clone(&self.sdk);
        spawn(async move {
            sdk.forget_actor();
            sdk.auth.set_key(&token)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// `auth.logout()`.
    pub fn logout(&self) -> Promise {
        let sdk = Rc::clone(&self.sdk);
        spawn(async move {
            sdk.forget_actor();
            sdk.auth.remove_key()?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// `auth.getToken()`.
    #[wasm_bindgen(js_name = getToken)]
    pub fn get_token(&self) -> Promise {
        let sdk = Rc::clone(&self.sdk);
        spawn(async move {
            match sdk.auth.token() {
                Ok(token) => Ok(token.key),
                Err(SdkError::MalformedToken(_)) => Err(SdkError::NotLoggedIn),
                Err(error) => Err(error),
            }
        })
    }

    /// `auth.isLoggedIn()`: asks the API afresh.
    #[wasm_bindgen(js_name = isLoggedIn)]
    pub fn is_logged_in(&self) -> Promise {
        let sdk = Rc::clone(&self.sdk);
        spawn(async move {
            sdk.forget_actor();
            match sdk.actor().await {
                Ok(_) => Ok(true.into()),
                Err(SdkError::NotLoggedIn | SdkError::ExpiredToken(_)) => Ok(false.into()),
                Err(SdkError::Js(error)) if is_expired_token(&error) => Ok(false.into()),
                Err(error) => Err(error),
            }
        })
    }

    /// `auth.whoami()`: the actor, or undefined when not logged in.
    pub fn whoami(&self) -> Promise {
        let sdk = Rc::clone(&self.sdk);
        spawn(async move {
            match sdk.actor().await {
                Err(SdkError::NotLoggedIn) => Ok(JsValue::UNDEFINED),
                other => other,
            }
        })
    }

    /// `auth.getActorId()`.
    #[wasm_bindgen(js_name = getActorId)]
    pub fn get_actor_id(&self) -> Promise {
        let sdk = Rc::clone(&self.sdk);
        spawn(async move { get(&sdk.actor().await?, "id") })
    }

    /// `models.apiKey.create(params)`.
    pub fn create(&self, params: JsValue) -> Promise {
        let sdk = Rc::clone(&self.sdk);
        spawn(async move { api_key::create(&sdk, &params).await })
    }

    /// `models.apiKey.getAll(options)`.
    #[wasm_bindgen(js_name = getAll)]
    pub fn get_all(&self, options: JsValue) -> Promise {
        let sdk = Rc::clone(&self.sdk);
        let (options, thrown) = split(read_options(&options));
        spawn_rethrowing(thrown, async move { api_key::get_all(&sdk, options).await })
    }

    /// `models.apiKey.getAllNamedUserApiKeys(options)`.
    #[wasm_bindgen(js_name = getAllNamedUserApiKeys)]
    pub fn get_all_named_user_api_keys(&self, options: JsValue) -> Promise {
        let sdk = Rc::clone(&self.sdk);
        let (options, thrown) = split(read_options(&options));
        spawn_rethrowing(thrown, async move {
            api_key::get_all_named_user_api_keys(&sdk, options).await
        })
    }

    /// `models.apiKey.getProvisioningApiKeysByApplication(slugOrUuidOrId, options)`.
    #[wasm_bindgen(js_name = getProvisioningApiKeysByApplication)]
    pub fn get_provisioning_api_keys_by_application(
        &self,
        application: JsValue,
        options: JsValue,
    ) -> Promise {
        let sdk = Rc::clone(&self.sdk);
        let (options, thrown) = split(read_options(&options));
        spawn_rethrowing(thrown, async move {
            api_key::get_provisioning_api_keys_by_application(&sdk, &application, options).await
        })
    }

    /// `models.apiKey.getDeviceApiKeysByDevice(uuidOrId, options)`.
    #[wasm_bindgen(js_name = getDeviceApiKeysByDevice)]
    pub fn get_device_api_keys_by_device(&self, device: JsValue, options: JsValue) -> Promise {
        let sdk = Rc::clone(&self.sdk);
        let (options, thrown) = split(read_options(&options));
        spawn_rethrowing(thrown, async move {
            api_key::get_device_api_keys_by_device(&sdk, &device, options).await
        })
    }

    /// `models.apiKey.update(id, apiKeyInfo)`.
    pub fn update(&self, id: JsValue, info: JsValue) -> Promise {
        let sdk = Rc::clone(&self.sdk);
        let (id, thrown) = split(read_value(&id));
        spawn_rethrowing(
            thrown,
            async move { api_key::update(&sdk, id?, &info).await },
        )
    }

    /// `models.apiKey.revoke(id)`.
    pub fn revoke(&self, id: JsValue) -> Promise {
        let sdk = Rc::clone(&self.sdk);
        let (id, thrown) = split(read_value(&id));
        spawn_rethrowing(thrown, async move { api_key::revoke(&sdk, id?).await })
    }
}

fn is_expired_token(error: &JsValue) -> bool {
    get(error, "code")
        .ok()
        .and_then(|c| c.as_string())
        .as_deref()
        == Some("BalenaExpiredToken")
}
