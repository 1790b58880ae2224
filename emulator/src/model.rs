//! The emulated data: rows of every table, held by the store as one
//! [`Snapshot`] that requests share, and the OData schema of the exposed
//! resources.

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The role of an API key, which decides what it may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `named-user-api-key`: created by `/api-key/user/full`.
    NamedUser,
    /// `user-api-key`: the legacy, usually unnamed, user key.
    User,
    /// `provisioning-api-key`: belongs to an application.
    Provisioning,
    /// `device-api-key`: belongs to a device.
    Device,
}

impl Role {
    /// Every role, for lookups by name.
    pub const ALL: [Role; 4] = [
        Role::NamedUser,
        Role::User,
        Role::Provisioning,
        Role::Device,
    ];

    /// The role's name as balena spells it.
    pub fn name(self) -> &'static str {
        match self {
            Role::NamedUser => "named-user-api-key",
            Role::User => "user-api-key",
            Role::Provisioning => "provisioning-api-key",
            Role::Device => "device-api-key",
        }
    }

    /// The role called `name`.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.name() == name)
    }
}

/// A user account.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// User id.
    pub id: i64,
    /// The user's actor id.
    pub actor: i64,
    /// Login name.
    pub username: String,
    /// E-mail address.
    pub email: Option<String>,
}

/// An application (fleet).
#[derive(Debug, Clone, PartialEq)]
pub struct Application {
    /// Application id.
    pub id: i64,
    /// The application's actor id.
    pub actor: i64,
    /// Creation time, ms since the epoch.
    pub created_at: i64,
    /// Display name.
    pub app_name: String,
    /// Lower-case `org/app`.
    pub slug: String,
    /// 32 lower-case hex digits.
    pub uuid: String,
    /// The owning user's id.
    pub owner: i64,
}

/// A device.
#[derive(Debug, Clone, PartialEq)]
pub struct Device {
    /// Device id.
    pub id: i64,
    /// The device's actor id.
    pub actor: i64,
    /// Creation time, ms since the epoch.
    pub created_at: i64,
    /// Display name.
    pub device_name: String,
    /// 32 (or 62) lower-case hex digits.
    pub uuid: String,
    /// The application the device belongs to.
    pub application: i64,
}

/// An API key.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiKey {
    /// Key id.
    pub id: i64,
    /// Creation time, ms since the epoch.
    pub created_at: i64,
    /// Last change, ms since the epoch.
    pub modified_at: i64,
    /// The secret; never returned by the OData API.
    pub key: String,
    /// Expiry, ms since the epoch, or never.
    pub expiry_date: Option<i64>,
    /// The actor the key acts as.
    pub actor: i64,
    /// Name (named keys) or `None`.
    pub name: Option<String>,
    /// Free text or `None`.
    pub description: Option<String>,
    /// What the key may do.
    pub role: Role,
}

/// Everything in the store at one moment, keyed by id. API keys, the only
/// rows that change while the emulator runs, are indexed by secret and by
/// actor; users, applications and devices are few and fixed at start-up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// Actor ids (every user, application and device has one).
    pub actors: Vec<i64>,
    /// Users by id.
    pub users: BTreeMap<i64, User>,
    /// Applications by id.
    pub applications: BTreeMap<i64, Application>,
    /// Devices by id.
    pub devices: BTreeMap<i64, Device>,
    /// Session tokens and the user id each logs in as.
    pub sessions: BTreeMap<String, i64>,
    api_keys: BTreeMap<i64, ApiKey>,
    key_ids_by_secret: HashMap<String, i64>,
    key_ids_by_actor: HashMap<i64, BTreeSet<i64>>,
}

impl Snapshot {
    /// API keys by id.
    pub fn api_keys(&self) -> &BTreeMap<i64, ApiKey> {
        &self.api_keys
    }

    /// The key whose secret is `secret`.
    pub fn key_by_secret(&self, secret: &str) -> Option<&ApiKey> {
        self.api_keys.get(self.key_ids_by_secret.get(secret)?)
    }

    /// The ids of `actor`'s keys, ascending.
    pub fn key_ids_of(&self, actor: i64) -> impl Iterator<Item = i64> + '_ {
        self.key_ids_by_actor
            .get(&actor)
            .into_iter()
            .flatten()
            .copied()
    }

    /// Adds `key`, or replaces the key with its id.
    pub fn put_key(&mut self, key: ApiKey) {
        self.remove_key(key.id);
        self.key_ids_by_secret.insert(key.key.clone(), key.id);
        self.key_ids_by_actor
            .entry(key.actor)
            .or_default()
            .insert(key.id);
        self.api_keys.insert(key.id, key);
    }

    /// Removes the key `id`, if there is one.
    pub fn remove_key(&mut self, id: i64) {
        let Some(key) = self.api_keys.remove(&id) else {
            return;
        };
        self.key_ids_by_secret.remove(&key.key);
        if let Some(ids) = self.key_ids_by_actor.get_mut(&key.actor) {
            ids.remove(&id);
            if ids.is_empty() {
                self.key_ids_by_actor.remove(&key.actor);
            }
        }
    }
}

/// A resource exposed at `/v7/<name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resource {
    /// `api_key`.
    ApiKey,
    /// `application`.
    Application,
    /// `device`.
    Device,
    /// `actor`.
    Actor,
}

/// What a field of a resource holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A plain value.
    Scalar,
    /// A reference to one row of another resource (`{"__id": n}`).
    One(Resource),
    /// A collection of rows that refer back (only visible when expanded).
    Many(Resource),
}

/// A field's value in one row.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// `null`.
    Null,
    /// A number.
    Number(f64),
    /// Text.
    Text(String),
    /// A date, ms since the epoch.
    Date(i64),
    /// The id of the referenced row.
    One(Resource, i64),
    /// The ids of the referring rows.
    Many(Resource, Vec<i64>),
}

impl Resource {
    /// Every resource.
    pub const ALL: [Resource; 4] = [
        Resource::ApiKey,
        Resource::Application,
        Resource::Device,
        Resource::Actor,
    ];

    /// The name in URLs.
    pub fn name(self) -> &'static str {
        match self {
            Resource::ApiKey => "api_key",
            Resource::Application => "application",
            Resource::Device => "device",
            Resource::Actor => "actor",
        }
    }

    /// The resource called `name`.
    pub fn from_name(name: &str) -> Option<Resource> {
        Resource::ALL.into_iter().find(|r| r.name() == name)
    }

    /// Fields in the order a full row is serialised (spec 6.1).
    pub fn fields(self) -> &'static [(&'static str, FieldKind)] {
        use FieldKind::*;
        match self {
            Resource::ApiKey => &[
                ("created_at", Scalar),
                ("modified_at", Scalar),
                ("id", Scalar),
                ("expiry_date", Scalar),
                ("is_of__actor", One(Resource::Actor)),
                ("name", Scalar),
                ("description", Scalar),
            ],
            Resource::Application => &[
                ("created_at", Scalar),
                ("id", Scalar),
                ("actor", One(Resource::Actor)),
                ("app_name", Scalar),
                ("slug", Scalar),
                ("uuid", Scalar),
            ],
            Resource::Device => &[
                ("created_at", Scalar),
                ("id", Scalar),
                ("actor", One(Resource::Actor)),
                ("belongs_to__application", One(Resource::Application)),
                ("device_name", Scalar),
                ("uuid", Scalar),
            ],
            Resource::Actor => &[("id", Scalar), ("api_key", Many(Resource::ApiKey))],
        }
    }

    /// The kind of the field called `name`.
    pub fn field_kind(self, name: &str) -> Option<FieldKind> {
        self.fields()
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, kind)| *kind)
    }

    /// Unique fields usable as alternate keys: `device(uuid='…')`.
    pub fn alternate_keys(self) -> &'static [&'static str] {
        match self {
            Resource::Application => &["uuid", "slug"],
            Resource::Device => &["uuid"],
            Resource::ApiKey | Resource::Actor => &[],
        }
    }

    /// The value of field `name` in row `id`; `None` if either is unknown.
    pub fn field(self, snap: &Snapshot, id: i64, name: &str) -> Option<FieldValue> {
        use FieldValue as V;
        let text = |s: &str| V::Text(s.to_owned());
        let opt_text = |s: &Option<String>| s.as_deref().map_or(V::Null, text);
        let number = |n: i64| V::Number(n as f64);
        Some(match self {
            Resource::ApiKey => {
                let k = snap.api_keys.get(&id)?;
                match name {
                    "created_at" => V::Date(k.created_at),
                    "modified_at" => V::Date(k.modified_at),
                    "id" => number(k.id),
                    "expiry_date" => k.expiry_date.map_or(V::Null, V::Date),
                    "is_of__actor" => V::One(Resource::Actor, k.actor),
                    "name" => opt_text(&k.name),
                    "description" => opt_text(&k.description),
                    _ => return None,
                }
            }
            Resource::Application => {
                let a = snap.applications.get(&id)?;
                match name {
                    "created_at" => V::Date(a.created_at),
                    "id" => number(a.id),
                    "actor" => V::One(Resource::Actor, a.actor),
                    "app_name" => text(&a.app_name),
                    "slug" => text(&a.slug),
                    "uuid" => text(&a.uuid),
                    _ => return None,
                }
            }
            Resource::Device => {
                let d = snap.devices.get(&id)?;
                match name {
                    "created_at" => V::Date(d.created_at),
                    "id" => number(d.id),
                    "actor" => V::One(Resource::Actor, d.actor),
                    "belongs_to__application" => V::One(Resource::Application, d.application),
                    "device_name" => text(&d.device_name),
                    "uuid" => text(&d.uuid),
                    _ => return None,
                }
            }
            Resource::Actor => {
                snap.actors.binary_search(&id).ok()?;
                match name {
                    "id" => number(id),
                    "api_key" => V::Many(Resource::ApiKey, snap.key_ids_of(id).collect()),
                    _ => return None,
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: i64, secret: &str, actor: i64) -> ApiKey {
        ApiKey {
            id,
            created_at: 0,
            modified_at: 0,
            key: secret.into(),
            expiry_date: None,
            actor,
            name: None,
            description: None,
            role: Role::User,
        }
    }

    /// Putting, replacing and removing keys keeps both indexes right.
    #[test]
    fn key_indexes_follow_changes() {
        let mut snap = Snapshot::default();
        snap.put_key(key(1, "one", 7));
        snap.put_key(key(2, "two", 7));
        snap.put_key(key(3, "three", 8));
        assert_eq!(snap.key_by_secret("two").map(|k| k.id), Some(2));
        assert_eq!(snap.key_ids_of(7).collect::<Vec<_>>(), [1, 2]);
        snap.put_key(key(2, "moved", 8));
        assert_eq!(snap.key_by_secret("two"), None);
        assert_eq!(snap.key_by_secret("moved").map(|k| k.actor), Some(8));
        assert_eq!(snap.key_ids_of(7).collect::<Vec<_>>(), [1]);
        assert_eq!(snap.key_ids_of(8).collect::<Vec<_>>(), [2, 3]);
        snap.remove_key(1);
        snap.remove_key(99);
        assert_eq!(snap.key_by_secret("one"), None);
        assert_eq!(snap.key_ids_of(7).count(), 0);
        assert_eq!(snap.api_keys().keys().copied().collect::<Vec<_>>(), [2, 3]);
    }

    /// The schema table and the row accessor name the same fields.
    #[test]
    fn schema_and_rows_agree() {
        let mut snap = Snapshot {
            actors: vec![1],
            ..Snapshot::default()
        };
        snap.put_key(ApiKey {
            id: 1,
            created_at: 0,
            modified_at: 0,
            key: "k".into(),
            expiry_date: None,
            actor: 1,
            name: None,
            description: None,
            role: Role::User,
        });
        snap.applications.insert(
            1,
            Application {
                id: 1,
                actor: 1,
                created_at: 0,
                app_name: "a".into(),
                slug: "o/a".into(),
                uuid: "u".into(),
                owner: 1,
            },
        );
        snap.devices.insert(
            1,
            Device {
                id: 1,
                actor: 1,
                created_at: 0,
                device_name: "d".into(),
                uuid: "u".into(),
                application: 1,
            },
        );
        for resource in Resource::ALL {
            for (name, _) in resource.fields() {
                assert!(
                    resource.field(&snap, 1, name).is_some(),
                    "{}.{name}",
                    resource.name()
                );
            }
            assert!(resource.field(&snap, 1, "key").is_none());
        }
    }
}
