//! The exports of the helpers beyond balena-sdk (`extras.apiKey` in
//! `js/sdk.js`): arguments cross as the drop-in methods' do, and results
//! come back as plain JS objects around the rows the API sent.

use alloc::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

use super::exports::{lookup_key, spawn, Core};
use crate::core::{Error, ExpiringKey, ExpiryAudit, Fleet, KeyOwner, NewKey, Progress, Rotation};
use crate::prelude::*;

#[wasm_bindgen]
impl Core {
    /// `extras.apiKey.create({ name, expiryDate, description })`.
    #[wasm_bindgen(js_name = createKey)]
    pub fn create_key(&self, params: JsValue) -> Promise {
        let session = Rc::clone(&self.session);
        spawn(
            None,
            Box::pin(async move {
                let new = session.create_identified_key(&params).await?;
                Ok(new_key_object(&new).into())
            }),
        )
    }

    /// `extras.apiKey.rotate(id, { expiryDate })`.
    pub fn rotate(&self, id: JsValue, expiry_date: JsValue) -> Promise {
        let session = Rc::clone(&self.session);
        spawn(
            None,
            Box::pin(async move {
                let rotation = session.rotate_api_key(&id, &expiry_date).await?;
                Ok(rotation_object(rotation))
            }),
        )
    }

    /// `extras.apiKey.getExpiring({ days, kinds, fleet, onProgress })`.
    #[wasm_bindgen(js_name = getExpiring)]
    pub fn get_expiring(
        &self,
        days: JsValue,
        kinds: JsValue,
        fleet: JsValue,
        on_progress: JsValue,
    ) -> Promise {
        let session = Rc::clone(&self.session);
        spawn(
            None,
            Box::pin(async move {
                let fleet = (!fleet.is_undefined()).then(|| lookup_key(fleet));
                let audit = ExpiryAudit::new(&days, &kinds, fleet)?;
                let listener = progress_listener(on_progress)?;
                let mut report = |progress: Progress| match &listener {
                    Some(listener) => tell(listener, progress),
                    None => Ok(()),
                };
                let keys = session.expiring_api_keys(&audit, &mut report).await?;
                Ok(keys.into_iter().map(key_object).collect::<Array>().into())
            }),
        )
    }
}

/// `onProgress`: a function, or nothing.
fn progress_listener(given: JsValue) -> Result<Option<Function>, Error<JsValue>> {
    if given.is_undefined() {
        return Ok(None);
    }
    given
        .dyn_into::<Function>()
        .map(Some)
        .map_err(|value| Error::InvalidParameter {
            name: "options.onProgress",
            value,
        })
}

/// Calls `listener` with `{ kind, scanned, found }`; what it throws ends
/// the audit.
fn tell(listener: &Function, progress: Progress) -> Result<(), Error<JsValue>> {
    let event = Object::new();
    set(&event, "kind", &progress.kind.name().into());
    set(&event, "scanned", &(progress.scanned as f64).into());
    set(&event, "found", &(progress.found as f64).into());
    listener
        .call1(&JsValue::UNDEFINED, &event)
        .map(drop)
        .map_err(|value| Error::Thrown { value })
}

/// `{ id, key }`.
fn new_key_object(new: &NewKey<JsValue>) -> Object {
    let object = Object::new();
    set(&object, "id", &new.id.map_or(JsValue::NULL, JsValue::from));
    set(&object, "key", &new.key);
    object
}

/// `{ id, key, revoked }`.
fn rotation_object(rotation: Rotation<JsValue>) -> JsValue {
    let object = new_key_object(&rotation.new);
    set(&object, "revoked", &rotation.revoked.into());
    object.into()
}

/// The key's row with `kind`, `expired` and its owner (`application`,
/// `device`) in place of `is_of__actor`.
fn key_object(key: ExpiringKey<JsValue>) -> JsValue {
    let row = Object::from(key.row);
    let _ = Reflect::delete_property(&row, &"is_of__actor".into());
    set(&row, "kind", &key.kind.name().into());
    set(&row, "expired", &key.expired.into());
    match key.owner {
        KeyOwner::User => {}
        KeyOwner::Fleet(fleet) => set(&row, "application", &fleet_object(fleet)),
        KeyOwner::Device { id, uuid, fleet } => {
            let device = Object::new();
            set(&device, "id", &id);
            set(&device, "uuid", &uuid);
            set(&row, "device", &device);
            if let Some(fleet) = fleet {
                set(&row, "application", &fleet_object(fleet));
            }
        }
    }
    row.into()
}

/// `{ id, slug }`.
fn fleet_object(fleet: Fleet<JsValue>) -> JsValue {
    let object = Object::new();
    set(&object, "id", &fleet.id);
    set(&object, "slug", &fleet.slug);
    object.into()
}

/// `target[key] = value` on an object of ours or a parsed row, where it
/// cannot throw.
fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &key.into(), value);
}
