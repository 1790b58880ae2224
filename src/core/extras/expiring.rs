//! The expiry audit: every key the user can see that has expired or
//! expires within a window, across their named keys, the provisioning keys
//! of their fleets and the keys of their devices. Fleets and devices are
//! read a page at a time, and their keys are asked for by actor, so an
//! account of any size takes a bounded number of rows per request; the
//! expiry filter runs on the server.

use super::{row_id, select, KEY_FIELDS};
use crate::core::error::Error;
use crate::core::host::{Host, HostValue};
use crate::core::models::LookupKey;
use crate::core::pine_client::params;
use crate::core::session::Session;
use crate::pine::{parse_iso, Value};
use crate::prelude::*;
use alloc::collections::VecDeque;
use alloc::rc::Rc;

const DAY_MS: f64 = 86_400_000.0;
/// Fleets or devices per request (their actors go into one `$in`).
const OWNER_PAGE: f64 = 200.0;
/// Keys per request.
const KEY_PAGE: f64 = 500.0;

/// What a key belongs to, which is what the audit groups keys by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnerKind {
    /// A named key of the user.
    User,
    /// A fleet's provisioning key.
    Provisioning,
    /// A device's key.
    Device,
}

impl OwnerKind {
    /// Every kind, in the order the audit reads them.
    pub const ALL: [OwnerKind; 3] = [OwnerKind::User, OwnerKind::Provisioning, OwnerKind::Device];

    /// The kind's name in the JS API: `user`, `provisioning` or `device`.
    pub fn name(self) -> &'static str {
        match self {
            OwnerKind::User => "user",
            OwnerKind::Provisioning => "provisioning",
            OwnerKind::Device => "device",
        }
    }

    fn parse(name: &str) -> Option<OwnerKind> {
        OwnerKind::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// What to audit.
#[derive(Clone, Debug)]
pub struct ExpiryAudit<V> {
    /// The window: keys that expire within this many days from now.
    pub days: f64,
    /// The kinds of keys to look at.
    pub kinds: Vec<OwnerKind>,
    /// Only this fleet's provisioning and device keys.
    pub fleet: Option<LookupKey<V>>,
}

impl<V: HostValue> ExpiryAudit<V> {
    /// The audit of a caller's `days` (default 7) and `kinds` (an array of
    /// kind names; by default every kind, or with a fleet the fleet's
    /// provisioning and device keys).
    /// A fleet with the `user` kind is refused: a fleet owns no user keys.
    pub fn new(days: &V, kinds: &V, fleet: Option<LookupKey<V>>) -> Result<Self, Error<V>> {
        let days = if days.is_undefined() {
            7.0
        } else {
            match days.as_f64() {
                Some(number) if number >= 0.0 && number.is_finite() => number,
                _ => {
                    return Err(Error::InvalidParameter {
                        name: "options.days",
                        value: days.clone(),
                    })
                }
            }
        };
        let kinds = if kinds.is_undefined() {
            match fleet {
                Some(_) => vec![OwnerKind::Provisioning, OwnerKind::Device],
                None => OwnerKind::ALL.to_vec(),
            }
        } else {
            let chosen = read_kinds(kinds)?;
            // A fleet owns no user keys: auditing them would quietly leave
            // the fleet out, and a caller revoking what comes back would
            // revoke the user's own keys.
            if fleet.is_some() && chosen.contains(&OwnerKind::User) {
                return Err(Error::InvalidParameter {
                    name: "options.kinds",
                    value: kinds.clone(),
                });
            }
            chosen
        };
        Ok(ExpiryAudit { days, kinds, fleet })
    }
}

/// A non-empty array of kind names, each named once at most.
fn read_kinds<V: HostValue>(given: &V) -> Result<Vec<OwnerKind>, Error<V>> {
    let invalid = || Error::InvalidParameter {
        name: "options.kinds",
        value: given.clone(),
    };
    if !given.is_object() {
        return Err(invalid());
    }
    let mut kinds = Vec::new();
    for item in given.items()? {
        let kind = item
            .as_string()
            .as_deref()
            .and_then(OwnerKind::parse)
            .ok_or_else(invalid)?;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    if kinds.is_empty() {
        return Err(invalid());
    }
    Ok(kinds)
}

/// A fleet, as the audit names it.
#[derive(Clone, Debug)]
pub struct Fleet<V> {
    /// Its id.
    pub id: V,
    /// Its slug.
    pub slug: V,
}

/// Who a key belongs to.
#[derive(Clone, Debug)]
pub enum KeyOwner<V> {
    /// The user.
    User,
    /// A fleet (a provisioning key).
    Fleet(Fleet<V>),
    /// A device, and the fleet it belongs to.
    Device {
        /// The device's id.
        id: V,
        /// The device's uuid.
        uuid: V,
        /// Its fleet, when the API named it.
        fleet: Option<Fleet<V>>,
    },
}

/// A key found by the audit.
#[derive(Clone, Debug)]
pub struct ExpiringKey<V> {
    /// The key's row: `id`, `name`, `description`, `created_at`,
    /// `expiry_date` and `is_of__actor`.
    pub row: V,
    /// What kind of key it is.
    pub kind: OwnerKind,
    /// Whether it has expired already.
    pub expired: bool,
    /// Who it belongs to.
    pub owner: KeyOwner<V>,
    expires_at: f64,
    id: f64,
}

/// How far an audit has got, reported after each page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// The kind of key being read.
    pub kind: OwnerKind,
    /// Owners read so far: 1 for the user, else fleets or devices.
    pub scanned: usize,
    /// Keys of this kind found so far.
    pub found: usize,
}

/// An owner whose keys are asked for: its actor id and what it is.
struct ActorOf<V> {
    actor: f64,
    owner: KeyOwner<V>,
}

/// One request of an audit still to be made.
enum Step<V> {
    /// A page of fleets or devices, by id.
    Owners {
        kind: OwnerKind,
        after: f64,
        scanned: usize,
    },
    /// A page of the keys of `owners`, by id; `scanned` owners have been
    /// read, these included.
    Keys {
        kind: OwnerKind,
        owners: Rc<Vec<ActorOf<V>>>,
        after: f64,
        scanned: usize,
    },
}

/// One audit under way.
struct Audit<'a, V> {
    /// `expiry_date` at most this (ms since the epoch).
    cutoff: f64,
    now: f64,
    /// Only this fleet's devices.
    fleet_id: Option<Value>,
    found: Vec<ExpiringKey<V>>,
    progress: &'a mut dyn FnMut(Progress) -> Result<(), Error<V>>,
}

impl<V: HostValue> Audit<'_, V> {
    /// The pine params of `step`.
    fn params(&self, step: &Step<V>) -> Value {
        let (resource, fields, mut filter, after, top) = match step {
            Step::Owners {
                kind: OwnerKind::Device,
                after,
                ..
            } => {
                let filter = self
                    .fleet_id
                    .clone()
                    .map(|id| ("belongs_to__application", id));
                let fields = vec!["id", "uuid", "actor"];
                (
                    "device",
                    fields,
                    filter.into_iter().collect(),
                    after,
                    OWNER_PAGE,
                )
            }
            Step::Owners { after, .. } => {
                let fields = vec!["id", "slug", "actor"];
                ("application", fields, Vec::new(), after, OWNER_PAGE)
            }
            Step::Keys {
                kind,
                owners,
                after,
                ..
            } => {
                let actors = owners.iter().map(|o| Value::Number(o.actor)).collect();
                let mut filter = vec![
                    (
                        "is_of__actor",
                        Value::object(vec![("$in", Value::Array(actors))]),
                    ),
                    (
                        "expiry_date",
                        Value::object(vec![
                            ("$ne", Value::Null),
                            ("$le", Value::Date(self.cutoff)),
                        ]),
                    ),
                ];
                if *kind == OwnerKind::User {
                    filter.push(("name", Value::object(vec![("$ne", Value::Null)])));
                }
                let mut fields = KEY_FIELDS.to_vec();
                fields.push("is_of__actor");
                ("api_key", fields, filter, after, KEY_PAGE)
            }
        };
        filter.push(("id", Value::object(vec![("$gt", Value::Number(*after))])));
        let mut options = vec![
            ("$select", select(&fields)),
            ("$filter", Value::object(filter)),
            ("$orderby", Value::object(vec![("id", Value::str("asc"))])),
            ("$top", Value::Number(top)),
        ];
        if matches!(
            step,
            Step::Owners {
                kind: OwnerKind::Device,
                ..
            }
        ) {
            let fleet = Value::object(vec![("$select", select(&["id", "slug"]))]);
            options.push((
                "$expand",
                Value::object(vec![("belongs_to__application", fleet)]),
            ));
        }
        params(resource, None, Some(Value::object(options)))
    }

    /// Takes in the rows `step` asked for; the steps that follow from them
    /// go to the front of `queue`.
    fn take(
        &mut self,
        step: Step<V>,
        rows: Vec<V>,
        queue: &mut VecDeque<Step<V>>,
    ) -> Result<(), Error<V>> {
        let last = match rows.last() {
            Some(row) => row_id(row)?,
            None => 0.0,
        };
        match step {
            Step::Owners { kind, scanned, .. } => {
                let full = rows.len() as f64 == OWNER_PAGE;
                let owner_of = match kind {
                    OwnerKind::Device => device_actor,
                    _ => fleet_actor,
                };
                let owners = rows.iter().map(owner_of).collect::<Result<Vec<_>, _>>()?;
                let scanned = scanned + owners.len();
                if full {
                    queue.push_front(Step::Owners {
                        kind,
                        after: last,
                        scanned,
                    });
                }
                if owners.is_empty() {
                    self.report(kind, scanned)?;
                } else {
                    queue.push_front(Step::Keys {
                        kind,
                        owners: Rc::new(owners),
                        after: 0.0,
                        scanned,
                    });
                }
            }
            Step::Keys {
                kind,
                owners,
                scanned,
                ..
            } => {
                let full = rows.len() as f64 == KEY_PAGE;
                for row in rows {
                    let actor = row.get("is_of__actor")?.get("__id")?.as_f64();
                    let owner = owners.iter().find(|o| Some(o.actor) == actor);
                    let owner = owner.map_or(KeyOwner::User, |o| o.owner.clone());
                    self.add(row, kind, owner)?;
                }
                if full {
                    queue.push_front(Step::Keys {
                        kind,
                        owners,
                        after: last,
                        scanned,
                    });
                }
                self.report(kind, scanned)?;
            }
        }
        Ok(())
    }

    fn report(&mut self, kind: OwnerKind, scanned: usize) -> Result<(), Error<V>> {
        let found = self.found.iter().filter(|key| key.kind == kind).count();
        (self.progress)(Progress {
            kind,
            scanned,
            found,
        })
    }

    fn add(&mut self, row: V, kind: OwnerKind, owner: KeyOwner<V>) -> Result<(), Error<V>> {
        let expiry = row.get("expiry_date")?.as_string();
        let expires_at = expiry.as_deref().and_then(parse_iso).unwrap_or(f64::NAN);
        self.found.push(ExpiringKey {
            id: row_id(&row)?,
            row,
            kind,
            expired: expires_at <= self.now,
            owner,
            expires_at,
        });
        Ok(())
    }
}

impl<H: Host> Session<H> {
    /// The keys of `audit` that have expired or expire within its window,
    /// soonest first (then by id); `progress` hears of each page.
    pub async fn expiring_api_keys(
        &self,
        audit: &ExpiryAudit<H::Value>,
        progress: &mut dyn FnMut(Progress) -> Result<(), Error<H::Value>>,
    ) -> Result<Vec<ExpiringKey<H::Value>>, Error<H::Value>> {
        let fleet = match &audit.fleet {
            Some(key) => {
                let fields = select(&["id", "slug", "actor"]);
                let options = Value::object(vec![("$select", fields)]);
                Some(self.application_row(key, options).await?)
            }
            None => None,
        };
        let mut queue = VecDeque::new();
        for &kind in &audit.kinds {
            let one_owner = match (kind, &fleet) {
                (OwnerKind::User, _) => {
                    let actor = self.actor().await?.get("id")?;
                    let actor = actor.as_f64().ok_or_else(|| not_a_number("whoami's id"))?;
                    Some(ActorOf {
                        actor,
                        owner: KeyOwner::User,
                    })
                }
                (OwnerKind::Provisioning, Some(row)) => Some(fleet_actor(row)?),
                _ => None,
            };
            queue.push_back(match one_owner {
                Some(owner) => Step::Keys {
                    kind,
                    owners: Rc::new(vec![owner]),
                    after: 0.0,
                    scanned: 1,
                },
                None => Step::Owners {
                    kind,
                    after: 0.0,
                    scanned: 0,
                },
            });
        }
        let now = self.host.now();
        let mut run = Audit {
            cutoff: now + audit.days * DAY_MS,
            now,
            fleet_id: match &fleet {
                Some(row) => Some(row.get("id")?.to_pine()?),
                None => None,
            },
            found: Vec::new(),
            progress,
        };
        while let Some(step) = queue.pop_front() {
            let rows = self.rows(run.params(&step)).await?;
            run.take(step, rows, &mut queue)?;
        }
        let mut found = run.found;
        found.sort_unstable_by(|a, b| {
            a.expires_at
                .total_cmp(&b.expires_at)
                .then(a.id.total_cmp(&b.id))
        });
        Ok(found)
    }
}

/// The error of a response field that should have been a number.
fn not_a_number<V>(what: &str) -> Error<V> {
    Error::plain(["Invalid response received: ", what, " is not a number."].concat())
}

/// `row.actor.__id` as a number.
fn actor_of<V: HostValue>(row: &V) -> Result<f64, Error<V>> {
    row.get("actor")?
        .get("__id")?
        .as_f64()
        .ok_or_else(|| not_a_number("an actor's id"))
}

fn fleet_of<V: HostValue>(row: &V) -> Result<Fleet<V>, Error<V>> {
    Ok(Fleet {
        id: row.get("id")?,
        slug: row.get("slug")?,
    })
}

fn fleet_actor<V: HostValue>(row: &V) -> Result<ActorOf<V>, Error<V>> {
    Ok(ActorOf {
        actor: actor_of(row)?,
        owner: KeyOwner::Fleet(fleet_of(row)?),
    })
}

fn device_actor<V: HostValue>(row: &V) -> Result<ActorOf<V>, Error<V>> {
    let fleet = row.get("belongs_to__application")?.get("0")?;
    Ok(ActorOf {
        actor: actor_of(row)?,
        owner: KeyOwner::Device {
            id: row.get("id")?,
            uuid: row.get("uuid")?,
            fleet: if fleet.is_object() {
                Some(fleet_of(&fleet)?)
            } else {
                None
            },
        },
    })
}
