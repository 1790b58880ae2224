//! Who is calling, and what they may see and change — the balena-cloud-like
//! variant of spec 6.3: users reach their own keys and those of their
//! applications and of those applications' devices; API keys may read but
//! never create, update or delete keys.

use std::collections::HashSet;

use axum::http::{header, HeaderMap};

use crate::model::{Resource, Role, Snapshot};
use crate::wire;

/// The kind of credential a request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// The emulator's session token: a fresh login of `user`.
    Session {
        /// User id.
        user: i64,
    },
    /// An API key of a user (named or legacy).
    UserKey {
        /// User id.
        user: i64,
    },
    /// A provisioning key of an application.
    ApplicationKey {
        /// Application id.
        application: i64,
    },
    /// A device key.
    DeviceKey {
        /// Device id.
        device: i64,
    },
}

/// An authenticated caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Principal {
    /// The caller's actor id.
    pub actor: i64,
    /// How the caller authenticated.
    pub credential: Credential,
}

impl Principal {
    /// The user behind a session or a user API key.
    pub fn user(&self) -> Option<i64> {
        match self.credential {
            Credential::Session { user } | Credential::UserKey { user } => Some(user),
            _ => None,
        }
    }

    /// Only a (fresh) login may create, update or delete keys of the user.
    pub fn is_session(&self) -> bool {
        matches!(self.credential, Credential::Session { .. })
    }
}

/// The token of a request: `Authorization: Bearer <token>`, else the
/// `apikey` query parameter.
pub fn request_token(headers: &HeaderMap, raw_query: Option<&str>) -> Option<String> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim().to_owned());
    bearer.or_else(|| {
        wire::query_pairs(raw_query?)
            .ok()?
            .into_iter()
            .find(|(k, _)| k == "apikey")
            .map(|(_, v)| v)
    })
}

/// Resolves a token by index lookups: a session token, or a stored API key
/// that has not expired at `now`. Unknown, expired and revoked keys give
/// `None`. Finding the key's owner scans the users, applications or devices,
/// which the emulator never adds to at run time.
pub fn authenticate(snap: &Snapshot, token: &str, now: i64) -> Option<Principal> {
    if let Some(&user) = snap.sessions.get(token) {
        let actor = snap.users.get(&user)?.actor;
        return Some(Principal {
            actor,
            credential: Credential::Session { user },
        });
    }
    let key = snap.key_by_secret(token)?;
    if key.expiry_date.is_some_and(|expiry| expiry <= now) {
        return None;
    }
    let credential = match key.role {
        Role::NamedUser | Role::User => Credential::UserKey {
            user: snap.users.values().find(|u| u.actor == key.actor)?.id,
        },
        Role::Provisioning => Credential::ApplicationKey {
            application: snap
                .applications
                .values()
                .find(|a| a.actor == key.actor)?
                .id,
        },
        Role::Device => Credential::DeviceKey {
            device: snap.devices.values().find(|d| d.actor == key.actor)?.id,
        },
    };
    Some(Principal {
        actor: key.actor,
        credential,
    })
}

/// The rows a principal can reach.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// Reachable actors; keys of these actors are the reachable keys.
    pub actors: HashSet<i64>,
    /// Reachable applications.
    pub applications: HashSet<i64>,
    /// Reachable devices.
    pub devices: HashSet<i64>,
    /// Whether the principal may read API keys at all.
    pub read_keys: bool,
}

impl Scope {
    /// What `principal` can reach in `snap`.
    pub fn of(snap: &Snapshot, principal: &Principal) -> Scope {
        let (applications, devices): (HashSet<i64>, HashSet<i64>) = match principal.credential {
            Credential::Session { user } | Credential::UserKey { user } => {
                let apps: HashSet<i64> = snap
                    .applications
                    .values()
                    .filter(|a| a.owner == user)
                    .map(|a| a.id)
                    .collect();
                let devices = snap
                    .devices
                    .values()
                    .filter(|d| apps.contains(&d.application))
                    .map(|d| d.id);
                let devices = devices.collect();
                (apps, devices)
            }
            Credential::ApplicationKey { application } => (
                HashSet::from([application]),
                snap.devices
                    .values()
                    .filter(|d| d.application == application)
                    .map(|d| d.id)
                    .collect(),
            ),
            Credential::DeviceKey { device } => (
                snap.devices
                    .get(&device)
                    .map(|d| d.application)
                    .into_iter()
                    .collect(),
                HashSet::from([device]),
            ),
        };
        let mut actors: HashSet<i64> = HashSet::from([principal.actor]);
        if principal.user().is_some() {
            actors.extend(
                applications
                    .iter()
                    .filter_map(|id| snap.applications.get(id))
                    .map(|a| a.actor),
            );
            actors.extend(
                devices
                    .iter()
                    .filter_map(|id| snap.devices.get(id))
                    .map(|d| d.actor),
            );
        }
        Scope {
            actors,
            applications,
            devices,
            read_keys: principal.user().is_some(),
        }
    }

    /// Whether row `id` of `resource` is reachable.
    pub fn can_see(&self, snap: &Snapshot, resource: Resource, id: i64) -> bool {
        match resource {
            Resource::ApiKey => {
                self.read_keys
                    && snap
                        .api_keys()
                        .get(&id)
                        .is_some_and(|k| self.actors.contains(&k.actor))
            }
            Resource::Application => self.applications.contains(&id),
            Resource::Device => self.devices.contains(&id),
            Resource::Actor => self.actors.contains(&id),
        }
    }
}

/// Whom a new key is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOwner {
    /// A user (id).
    User(i64),
    /// An application (id).
    Application(i64),
    /// A device (id).
    Device(i64),
}

/// Whether `principal` may create a key for `owner`; the owner's actor if
/// so. A session may create keys for its user and that user's applications
/// and devices (403 for anything else); a device key may create keys for
/// its own device and a provisioning key for its application's devices;
/// everything else is 401.
pub fn key_owner_actor(
    snap: &Snapshot,
    principal: &Principal,
    owner: KeyOwner,
) -> Result<i64, crate::errors::ApiError> {
    use crate::errors::ApiError;
    let device = |id: i64| snap.devices.get(&id);
    match (principal.credential, owner) {
        (Credential::Session { user }, KeyOwner::User(id)) if id == user => Ok(principal.actor),
        (Credential::Session { user }, KeyOwner::Application(id)) => snap
            .applications
            .get(&id)
            .filter(|a| a.owner == user)
            .map(|a| a.actor)
            .ok_or_else(ApiError::forbidden),
        (Credential::Session { user }, KeyOwner::Device(id)) => device(id)
            .filter(|d| {
                snap.applications
                    .get(&d.application)
                    .is_some_and(|a| a.owner == user)
            })
            .map(|d| d.actor)
            .ok_or_else(ApiError::forbidden),
        (Credential::Session { .. }, KeyOwner::User(_)) => Err(ApiError::forbidden()),
        (Credential::DeviceKey { device: own }, KeyOwner::Device(id)) if own == id => {
            Ok(principal.actor)
        }
        (Credential::ApplicationKey { application }, KeyOwner::Device(id)) => device(id)
            .filter(|d| d.application == application)
            .map(|d| d.actor)
            .ok_or_else(ApiError::unauthorized),
        _ => Err(ApiError::unauthorized()),
    }
}
