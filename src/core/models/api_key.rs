//! `balena.models.apiKey`: the seven methods, with balena-sdk's defaults,
//! option merging, validation and error translation.
//!
//! The `options` of the listing methods were read when the method was
//! called (as balena-sdk reads them); an error reading them surfaces where
//! balena-sdk's merge would have thrown: after any lookup request.

use super::{actor_id, LookupKey};
use crate::core::error::Error;
use crate::core::host::{Host, HostValue};
use crate::core::pine_client::{params, Body, Verb};
use crate::core::request::{Method, RequestBody};
use crate::core::session::{Endpoint, Route, Session};
use crate::pine::{merge, Object, Value};
use crate::prelude::*;

fn name_asc() -> Value {
    Value::object(vec![("name", Value::str("asc"))])
}

/// `{ $filter: { is_of__actor: <actor>, ...more } }`.
pub(crate) fn actor_filter(actor: Value, more: Vec<(&str, Value)>) -> Object {
    let mut filter = vec![("is_of__actor", actor)];
    filter.extend(more);
    let mut defaults = Object::new();
    defaults.insert("$filter", Value::object(filter));
    defaults
}

/// What a new named user key is made of: `createApiKeyParams` as
/// balena-sdk's `create` reads them.
pub(crate) struct NewUserKey<V> {
    /// `name`.
    pub name: V,
    /// `expiryDate`: a date, or `null` for never.
    pub expiry_date: V,
    /// `description`.
    pub description: V,
}

impl<V: HostValue> NewUserKey<V> {
    /// Reads `{ name, expiryDate, description }`, refusing what balena-sdk
    /// refuses before any request: no object, or no `expiryDate`.
    pub(crate) fn read(params: &V) -> Result<Self, Error<V>> {
        if params.is_nullish() {
            let what = if params.is_null() {
                "null"
            } else {
                "undefined"
            };
            let message = [
                "Cannot destructure property 'name' of '",
                what,
                "' as it is ",
                what,
                ".",
            ]
            .concat();
            return Err(Error::type_error(message));
        }
        let name = params.get("name")?;
        let expiry_date = params.get("expiryDate")?;
        let description = params.get("description")?;
        if expiry_date.is_undefined() {
            return Err(Error::InvalidParameter {
                name: "createApiKeyParams.expiryDate",
                value: expiry_date,
            });
        }
        Ok(NewUserKey {
            name,
            expiry_date,
            description,
        })
    }

    /// The body that creates the key: `{ name, expiryDate, description }`,
    /// the description only when it is a non-empty string.
    pub(crate) fn body(&self) -> Result<RequestBody<V>, Error<V>> {
        let mut fields = vec![
            ("name", self.name.clone()),
            ("expiryDate", self.expiry_date.clone()),
        ];
        if self.description.as_string().is_some_and(|d| !d.is_empty()) {
            fields.push(("description", self.description.clone()));
        }
        RequestBody::fields(&fields)
    }
}

impl<H: Host> Session<H> {
    /// `create({ name, expiryDate, description })`: a new named user API
    /// key; its secret.
    pub async fn create_api_key(&self, params: &H::Value) -> Result<H::Value, Error<H::Value>> {
        let body = NewUserKey::read(params)?.body()?;
        let created = self.post_user_key(body).await;
        created.map_err(|_| Error::NotLoggedIn)
    }

    /// `POST /api-key/user/full` of `body`: the new key.
    pub(crate) async fn post_user_key(
        &self,
        body: RequestBody<H::Value>,
    ) -> Result<H::Value, Error<H::Value>> {
        let url = self.endpoint(Endpoint::CreateUserKey).to_string();
        self.send(Method::Post, url, body, Route::Endpoint).await
    }

    /// `getAll(options)`: every API key the credentials can see, by name.
    pub async fn get_all_api_keys(
        &self,
        options: Result<Value, Error<H::Value>>,
    ) -> Result<H::Value, Error<H::Value>> {
        let defaults = Value::object(vec![("$orderby", name_asc())]);
        self.pine_get(&params("api_key", None, Some(merge(&defaults, &options?))))
            .await
    }

    /// `getAllNamedUserApiKeys(options)`: the current user's named keys.
    pub async fn get_all_named_user_api_keys(
        &self,
        options: Result<Value, Error<H::Value>>,
    ) -> Result<H::Value, Error<H::Value>> {
        let actor = self.actor().await?.get("id")?.to_pine()?;
        let not_null = Value::object(vec![("$ne", Value::Null)]);
        let defaults = Value::Object(actor_filter(actor, vec![("name", not_null)]));
        self.get_all_api_keys(Ok(merge(&defaults, &options?))).await
    }

    /// `getProvisioningApiKeysByApplication(slugOrUuidOrId, options)`.
    pub async fn get_provisioning_api_keys_by_application(
        &self,
        application: &LookupKey<H::Value>,
        options: Result<Value, Error<H::Value>>,
    ) -> Result<H::Value, Error<H::Value>> {
        let app = self.application_with_actor(application).await?;
        let defaults = Value::Object(actor_filter(actor_id(&app)?, vec![]));
        self.get_all_api_keys(Ok(merge(&defaults, &options?))).await
    }

    /// `getDeviceApiKeysByDevice(uuidOrId, options)`.
    pub async fn get_device_api_keys_by_device(
        &self,
        device: &LookupKey<H::Value>,
        options: Result<Value, Error<H::Value>>,
    ) -> Result<H::Value, Error<H::Value>> {
        let device = self.device_with_actor(device).await?;
        let mut defaults = actor_filter(actor_id(&device)?, vec![]);
        defaults.insert("$orderby", name_asc());
        let options = merge(&Value::Object(defaults), &options?);
        self.pine_get(&params("api_key", None, Some(options))).await
    }

    /// `update(id, { name, description, expiryDate })`.
    pub async fn update_api_key(
        &self,
        id: Result<Value, Error<H::Value>>,
        info: &H::Value,
    ) -> Result<(), Error<H::Value>> {
        let id = id?;
        if !info.is_truthy() {
            return Err(Error::InvalidParameter {
                name: "apiKeyInfo",
                value: info.clone(),
            });
        }
        let name = info.get("name")?;
        if name.is_null() || name.as_string().is_some_and(|n| n.is_empty()) {
            return Err(Error::InvalidParameter {
                name: "apiKeyInfo.name",
                value: name,
            });
        }
        let fields = vec![
            ("name", name),
            ("description", info.get("description")?),
            ("expiry_date", info.get("expiryDate")?),
        ];
        let params = params("api_key", Some(id), None);
        self.pine_request(Verb::Patch, &params, Body::Fields(fields))
            .await?;
        Ok(())
    }

    /// `revoke(id)`.
    pub async fn revoke_api_key(
        &self,
        id: Result<Value, Error<H::Value>>,
    ) -> Result<(), Error<H::Value>> {
        let params = params("api_key", Some(id?), None);
        self.pine_request(Verb::Delete, &params, Body::None).await?;
        Ok(())
    }
}
