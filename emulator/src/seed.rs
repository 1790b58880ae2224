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
/// every kind. The first user's named keys cover every expiry state the
/// dashboard shows (never, later, within 7 days, expired); the new ones
/// come last so that the ids of the others stay as they were, and were
/// made 30 days before they expire, so that a rotation can keep that
/// lifetime.
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
            now,
        ),
        (
            demo.actor,
            Role::NamedUser,
            Some("ci-deploy"),
            None,
            Some(now + 365 * DAY_MS),
            now,
        ),
        (demo.actor, Role::User, None, None, None, now),
        (
            app.actor,
            Role::Provisioning,
            Some("fleet-provisioning"),
            Some("Seeded provisioning key"),
            None,
            now,
        ),
        (
            app.actor,
            Role::Provisioning,
            None,
            None,
            Some(now + 30 * DAY_MS),
            now,
        ),
        (
            device.actor,
            Role::Device,
            Some("device-key"),
            None,
            None,
            now,
        ),
        (
            device.actor,
            Role::Device,
            None,
            None,
            Some(now + 5 * DAY_MS),
            now,
        ),
        (
            other.actor,
            Role::NamedUser,
            Some("other-user-key"),
            Some("Belongs to another user"),
            None,
            now,
        ),
        (other.actor, Role::User, None, None, None, now),
        (
            demo.actor,
            Role::NamedUser,
            Some("release-bot"),
            Some("Due for rotation"),
            Some(now + 3 * DAY_MS),
            now - 27 * DAY_MS,
        ),
        (
            demo.actor,
            Role::NamedUser,
            Some("old-laptop"),
            Some("Expired, no longer accepted"),
            Some(now - 2 * DAY_MS),
            now - 32 * DAY_MS,
        ),
    ];
    for (actor, role, name, description, expiry_date, created_at) in keys {
        let new = NewKey {
            actor,
            role,
            name: name.map(str::to_owned),
            description: description.map(str::to_owned),
            expiry_date,
            key: None,
        };
        store::insert_api_key(conn, &new, created_at)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use std::sync::Arc;

    const NOW: i64 = 1_900_000_000_000;

    /// A freshly seeded store at `NOW`.
    fn seeded() -> Arc<Snapshot> {
        let store = Store::open(None).expect("in-memory store");
        let fresh = store.with(|conn| prepare(conn, "t", NOW)).expect("seed");
        assert!(fresh);
        store.snapshot()
    }

    /// The keys of `actor` with `role`: name and expiry relative to `NOW`.
    fn keys_of(snap: &Snapshot, actor: i64, role: Role) -> Vec<(Option<&str>, Option<i64>)> {
        let keys = snap.api_keys().values();
        keys.filter(|k| k.actor == actor && k.role == role)
            .map(|k| (k.name.as_deref(), k.expiry_date.map(|at| at - NOW)))
            .collect()
    }

    #[test]
    fn the_first_user_s_named_keys_never_expire_expire_later_within_a_week_and_expired() {
        let snap = seeded();
        assert_eq!(
            keys_of(&snap, snap.users[&1].actor, Role::NamedUser),
            [
                (Some("dashboard"), None),
                (Some("ci-deploy"), Some(365 * DAY_MS)),
                (Some("release-bot"), Some(3 * DAY_MS)),
                (Some("old-laptop"), Some(-2 * DAY_MS)),
            ]
        );
    }

    #[test]
    fn the_fleet_has_two_provisioning_keys_and_its_device_two_device_keys() {
        let snap = seeded();
        assert_eq!(
            keys_of(&snap, snap.applications[&1].actor, Role::Provisioning),
            [
                (Some("fleet-provisioning"), None),
                (None, Some(30 * DAY_MS))
            ]
        );
        assert_eq!(
            keys_of(&snap, snap.devices[&1].actor, Role::Device),
            [(Some("device-key"), None), (None, Some(5 * DAY_MS))]
        );
    }
}
