//! The initial content, so that every list of the dashboard has rows, and
//! the start-up summary of what the store holds.

use std::collections::BTreeMap;

use rusqlite::Connection;

use crate::model::{Role, Snapshot};
use crate::random::hex;
use crate::store::{self, NewKey};

const DAY_MS: i64 = 86_400_000;

/// Seeds an empty store (if it is empty), makes `token` the session of the
/// first user, and returns whether it was seeded.
pub fn prepare(conn: &Connection, token: &str, now: i64) -> rusqlite::Result<bool> {
    let tx = conn.unchecked_transaction()?;
    let fresh = store::is_empty(&tx)?;
    if fresh {
        seed(&tx, now)?;
    }
    if let Some(user) = store::first_user(&tx)? {
        store::replace_sessions(&tx, token, user.id)?;
    }
    tx.commit()?;
    Ok(fresh)
}

/// Two users, an application of the first with one device, and keys of
/// every kind.
fn seed(conn: &Connection, now: i64) -> rusqlite::Result<()> {
    let demo = store::insert_user(conn, "demo", "demo@example.com")?;
    let other = store::insert_user(conn, "other", "other@example.com")?;
    let app = store::insert_application(
        conn,
        demo.id,
        "emulated-fleet",
        "demo/emulated-fleet",
        &hex(32),
        now,
    )?;
    let device = store::insert_device(conn, app.id, "emulated-device", &hex(32), now)?;
    let keys = [
        (
            demo.actor,
            Role::NamedUser,
            Some("dashboard"),
            Some("Seeded named key"),
            None,
        ),
        (
            demo.actor,
            Role::NamedUser,
            Some("ci-deploy"),
            None,
            Some(now + 365 * DAY_MS),
        ),
        (demo.actor, Role::User, None, None, None),
        (
            app.actor,
            Role::Provisioning,
            Some("fleet-provisioning"),
            Some("Seeded provisioning key"),
            None,
        ),
        (
            app.actor,
            Role::Provisioning,
            None,
            None,
            Some(now + 30 * DAY_MS),
        ),
        (device.actor, Role::Device, Some("device-key"), None, None),
        (device.actor, Role::Device, None, None, None),
        (
            other.actor,
            Role::NamedUser,
            Some("other-user-key"),
            Some("Belongs to another user"),
            None,
        ),
        (other.actor, Role::User, None, None, None),
    ];
    for (actor, role, name, description, expiry_date) in keys {
        let new = NewKey {
            actor,
            role,
            name: name.map(str::to_owned),
            description: description.map(str::to_owned),
            expiry_date,
            key: None,
        };
        store::insert_api_key(conn, &new, now)?;
    }
    Ok(())
}

/// A human-readable summary of users, applications, devices and keys.
pub fn describe(snap: &Snapshot) -> String {
    let mut owners: BTreeMap<i64, String> = BTreeMap::new();
    let mut out = String::new();
    for user in snap.users.values() {
        out += &format!(
            "  user '{}': id {}, actor {}\n",
            user.username, user.id, user.actor
        );
        owners.insert(user.actor, format!("user '{}'", user.username));
    }
    for app in snap.applications.values() {
        let owner = snap
            .users
            .get(&app.owner)
            .map_or("?", |u| u.username.as_str());
        out += &format!(
            "  application '{}': id {}, actor {}, uuid {}, owned by '{owner}'\n",
            app.slug, app.id, app.actor, app.uuid
        );
        owners.insert(app.actor, format!("application '{}'", app.slug));
    }
    for device in snap.devices.values() {
        out += &format!(
            "  device '{}': id {}, actor {}, uuid {}, of application {}\n",
            device.device_name, device.id, device.actor, device.uuid, device.application
        );
        owners.insert(device.actor, format!("device '{}'", device.device_name));
    }
    for (actor, owner) in &owners {
        let mut roles: BTreeMap<&str, usize> = BTreeMap::new();
        let keys = snap
            .key_ids_of(*actor)
            .filter_map(|id| snap.api_keys().get(&id));
        for key in keys {
            *roles.entry(key.role.name()).or_default() += 1;
        }
        if !roles.is_empty() {
            let counts: Vec<String> = roles
                .iter()
                .map(|(role, n)| format!("{n} {role}"))
                .collect();
            out += &format!("  api keys of {owner}: {}\n", counts.join(", "));
        }
    }
    out
}
