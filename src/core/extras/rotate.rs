//! Key rotation: a new named key with the old one's name, description and
//! lifetime, then the old key revoked. The new key is never lost: when the
//! revoke fails, the error carries it.

use super::{key_id, row_id, KEY_FIELDS};
use crate::core::error::Error;
use crate::core::host::{Host, HostValue};
use crate::core::models::api_key::user_key_body;
use crate::core::session::Session;
use crate::pine::{iso_string, parse_iso, Value};
use crate::prelude::*;

/// A finished rotation.
#[derive(Clone, Debug)]
pub struct Rotation<V> {
    /// The new key's secret, shown to nobody before.
    pub key: V,
    /// The new key's id; `None` when another key of the same name appeared
    /// at the same time, so the new one could not be told apart.
    pub id: Option<f64>,
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
        let name = old.get("name")?;
        let before = self.ids_named(&name).await?;
        let expiry_date = if expiry_date.is_undefined() {
            self.same_lifetime(&old, old_id)?
        } else {
            expiry_date.clone()
        };
        let body = user_key_body(name.clone(), expiry_date, old.get("description")?)?;
        let key = self.post_user_key(body).await?;
        // From here on the new key exists: nothing may fail without it.
        let after = self.ids_named(&name).await;
        let new_ids: Vec<f64> = match after {
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
        match self.revoke_api_key(Ok(Value::Number(old_id))).await {
            Ok(()) => Ok(Rotation {
                key,
                id,
                revoked: old_id,
            }),
            Err(cause) => Err(Error::RotationIncomplete {
                key,
                id,
                old_id,
                cause: Box::new(cause),
            }),
        }
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
