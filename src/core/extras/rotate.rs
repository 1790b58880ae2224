//! New named keys that know their id, and key rotation: a new named key
//! with the old one's name, description and lifetime, then the old key
//! revoked. The new key is never lost: when the revoke fails, the error
//! carries it.

use super::{key_id, row_id, KEY_FIELDS};
use crate::core::error::Error;
use crate::core::host::{Host, HostValue};
use crate::core::models::api_key::NewUserKey;
use crate::core::session::Session;
use crate::pine::{iso_string, parse_iso, Value};
use crate::prelude::*;

/// A new named user key.
#[derive(Clone, Debug)]
pub struct NewKey<V> {
    /// The key's secret, shown to nobody before.
    pub key: V,
    /// The key's id; `None` when another key of the same name appeared at
    /// the same time, so the new one could not be told apart.
    pub id: Option<f64>,
}

/// A finished rotation.
#[derive(Clone, Debug)]
pub struct Rotation<V> {
    /// The new key.
    pub new: NewKey<V>,
    /// The id of the key that was revoked.
    pub revoked: f64,
}

impl<H: Host> Session<H> {
    /// Rotates the named user key `id`: creates a key with its name and
    /// description that expires on `expiry_date` (`undefined`: after the
    /// old key's lifetime, counted from now; `null`: never), then revokes
    /// the old key.
    pub async fn rotate_api_key(
        &self,
        id: &H::Value,
        expiry_date: &H::Value,
    ) -> Result<Rotation<H::Value>, Error<H::Value>> {
        let old_id = key_id(id, "id")?;
        let old = self
            .named_user_keys(vec![("id", Value::Number(old_id))], &KEY_FIELDS)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| Error::ApiKeyNotFound { id: id.clone() })?;
        let expiry_date = if expiry_date.is_undefined() {
            self.same_lifetime(&old, old_id)?
        } else {
            expiry_date.clone()
        };
        let new = NewUserKey {
            name: old.get("name")?,
            expiry_date,
            description: old.get("description")?,
        };
        let new = self.create_named_key(new).await?;
        match self.revoke_api_key(Ok(Value::Number(old_id))).await {
            Ok(()) => Ok(Rotation {
                new,
                revoked: old_id,
            }),
            Err(cause) => Err(Error::RotationIncomplete {
                key: new.key,
                id: new.id,
                old_id,
                cause: Box::new(cause),
            }),
        }
    }

    /// `create({ name, expiryDate, description })` that also tells the new
    /// key's id, and says why a create failed (balena-sdk's `create` calls
    /// every failure "not logged in"; here only a 401 is).
    pub async fn create_identified_key(
        &self,
        params: &H::Value,
    ) -> Result<NewKey<H::Value>, Error<H::Value>> {
        let new = NewUserKey::read(params)?;
        if new.name.as_string().is_none_or(|name| name.is_empty()) {
            return Err(Error::InvalidParameter {
                name: "createApiKeyParams.name",
                value: new.name,
            });
        }
        self.create_named_key(new).await
    }

    /// Creates `new`, telling its id by the ids of its name before and after.
    async fn create_named_key(
        &self,
        new: NewUserKey<H::Value>,
    ) -> Result<NewKey<H::Value>, Error<H::Value>> {
        let before = self.ids_named(&new.name).await?;
        // The endpoint answers 401 to a token that may not make keys (an
        // API key rather than a fresh login): that one means "log in".
        let key = match self.post_user_key(new.body()?).await {
            Err(error) if error.has_status(401) => return Err(Error::NotLoggedIn),
            other => other?,
        };
        // From here on the key exists: nothing may fail without it.
        let new_ids: Vec<f64> = match self.ids_named(&new.name).await {
            Ok(after) => after
                .into_iter()
                .filter(|id| !before.contains(id))
                .collect(),
            Err(_) => Vec::new(),
        };
        let id = match new_ids.as_slice() {
            [only] => Some(*only),
            _ => None,
        };
        Ok(NewKey { key, id })
    }

    /// The ids of the user's named keys called `name`.
    async fn ids_named(&self, name: &H::Value) -> Result<Vec<f64>, Error<H::Value>> {
        let rows = self
            .named_user_keys(vec![("name", name.to_pine()?)], &["id"])
            .await?;
        rows.iter().map(row_id).collect()
    }

    /// The expiry date that gives a new key the old key's lifetime from
    /// now: `null` when the old key never expires.
    fn same_lifetime(&self, old: &H::Value, old_id: f64) -> Result<H::Value, Error<H::Value>> {
        let expiry = old.get("expiry_date")?;
        if expiry.is_nullish() {
            return Ok(H::Value::null());
        }
        let time = |field: &H::Value| field.as_string().as_deref().and_then(parse_iso);
        let lifetime = match (time(&expiry), time(&old.get("created_at")?)) {
            (Some(end), Some(start)) if end > start => end - start,
            _ => {
                let mut message = String::from("Cannot tell the lifetime of API key ");
                crate::pine::write_digits(&mut message, old_id as u64);
                message.push_str(": pass an expiryDate");
                return Err(Error::plain(message));
            }
        };
        Ok(H::Value::from_str(&iso_string(self.host.now() + lifetime)?))
    }
}
