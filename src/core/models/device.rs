//! `models.device.get(uuidOrId, { $select: 'actor' })`: by id or by a full
//! uuid (32 or 62 characters), with invalid-parameter and not-found errors.

use super::{select_actor, KeyKind, LookupKey};
use crate::core::error::Error;
use crate::core::host::{Host, HostValue};
use crate::core::pine_client::params;
use crate::core::session::Session;
use crate::pine::{Object, Value};

impl<H: Host> Session<H> {
    /// The device's row, with its actor selected.
    pub(super) async fn device_with_actor(
        &self,
        device: &LookupKey<H::Value>,
    ) -> Result<H::Value, Error<H::Value>> {
        let id = match &device.kind {
            KeyKind::Nullish => {
                return Err(Error::DeviceNotFound {
                    device: device.given.clone(),
                })
            }
            KeyKind::Number(id) => Value::Number(*id),
            KeyKind::Text {
                text,
                length: 32 | 62,
                ..
            } => {
                let mut natural_key = Object::new();
                natural_key.insert("uuid", text.clone());
                Value::Object(natural_key)
            }
            KeyKind::Text { .. } | KeyKind::Other => {
                return Err(Error::InvalidParameter {
                    name: "uuidOrId",
                    value: device.given.clone(),
                })
            }
        };
        let row = self
            .pine_get(&params("device", Some(id), Some(select_actor())))
            .await?;
        if row.is_nullish() {
            return Err(Error::DeviceNotFound {
                device: device.given.clone(),
            });
        }
        Ok(row)
    }
}
