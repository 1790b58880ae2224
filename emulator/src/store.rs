//! The store: SQLite (a file or memory) for keeping the data, and the
//! current [`Snapshot`] of it for reading. Requests share the snapshot
//! without touching SQLite or waiting for each other; a write changes SQLite
//! and the snapshot together, one write at a time, on tokio's blocking pool.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::Duration;

use rusqlite::{params, Connection, ErrorCode, OptionalExtension};

use crate::db_file::{self, APPLICATION_ID, SCHEMA_VERSION};
use crate::errors::ApiError;
use crate::model::{ApiKey, Application, Device, Role, Snapshot, User};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS actor (id INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS user (
    id INTEGER PRIMARY KEY, actor INTEGER NOT NULL UNIQUE REFERENCES actor(id),
    username TEXT NOT NULL UNIQUE, email TEXT);
CREATE TABLE IF NOT EXISTS application (
    id INTEGER PRIMARY KEY, actor INTEGER NOT NULL UNIQUE REFERENCES actor(id),
    created_at INTEGER NOT NULL, app_name TEXT NOT NULL, slug TEXT NOT NULL UNIQUE,
    uuid TEXT NOT NULL UNIQUE, owner INTEGER NOT NULL REFERENCES user(id));
CREATE TABLE IF NOT EXISTS device (
    id INTEGER PRIMARY KEY, actor INTEGER NOT NULL UNIQUE REFERENCES actor(id),
    created_at INTEGER NOT NULL, device_name TEXT NOT NULL, uuid TEXT NOT NULL UNIQUE,
    application INTEGER NOT NULL REFERENCES application(id));
CREATE TABLE IF NOT EXISTS api_key (
    id INTEGER PRIMARY KEY AUTOINCREMENT, created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL, key TEXT NOT NULL UNIQUE, expiry_date INTEGER,
    actor INTEGER NOT NULL REFERENCES actor(id), name TEXT, description TEXT,
    role TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS session (
    token TEXT PRIMARY KEY, user INTEGER NOT NULL REFERENCES user(id));
";

/// The columns of an `api_key` row, in the order [`read_api_key`] reads them.
const KEY_COLUMNS: &str =
    "id, created_at, modified_at, key, expiry_date, actor, name, description, role";

/// A new API key's fields (the secret is generated unless supplied).
#[derive(Debug, Clone, PartialEq)]
pub struct NewKey {
    /// The actor the key acts as.
    pub actor: i64,
    /// The role.
    pub role: Role,
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Expiry, ms since the epoch.
    pub expiry_date: Option<i64>,
    /// A caller-chosen secret (device keys may bring their own).
    pub key: Option<String>,
}

/// What adding a key did.
#[derive(Debug, Clone, PartialEq)]
pub enum Insertion {
    /// The key was stored; this is the row.
    Stored(ApiKey),
    /// The chosen secret is already the key of `actor`; nothing was stored.
    Taken {
        /// The actor of the existing key.
        actor: i64,
    },
}

/// The changes of a PATCH; `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyPatch {
    /// New name.
    pub name: Option<Option<String>>,
    /// New description.
    pub description: Option<Option<String>>,
    /// New expiry.
    pub expiry_date: Option<Option<i64>>,
}

/// The shared store handle.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    current: Arc<RwLock<Arc<Snapshot>>>,
}

impl Store {
    /// Opens a database file (one that [`db_file::prepare`] accepts) or, when
    /// `path` is `None`, an in-memory database; creates the tables and reads
    /// them. A file stays locked while the store is open, so that a second
    /// emulator on it is refused rather than sharing it unseen.
    pub fn open(path: Option<&Path>) -> Result<Store, String> {
        let conn = match path {
            Some(path) => open_file(path)?,
            None => Connection::open_in_memory().map_err(|e| e.to_string())?,
        };
        conn.execute_batch(&format!(
            "PRAGMA foreign_keys = ON; BEGIN EXCLUSIVE;
             PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};
             {SCHEMA} COMMIT;"
        ))
        .map_err(|e| match path {
            Some(path) if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) => format!(
                "{} is in use by another process (another api-emulator?)",
                path.display()
            ),
            _ => e.to_string(),
        })?;
        let snap = snapshot(&conn).map_err(|e| e.to_string())?;
        Ok(Store {
            conn: Arc::new(Mutex::new(conn)),
            current: Arc::new(RwLock::new(Arc::new(snap))),
        })
    }

    /// The data as of the last write.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        let current = self.current.read();
        Arc::clone(&current.unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    /// Runs `work` with the connection on the current thread, then reads the
    /// whole store again (for start-up work such as seeding, and for tests).
    pub fn with<T>(
        &self,
        work: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        let conn = self.lock();
        let value = work(&conn)?;
        self.publish(snapshot(&conn)?);
        Ok(value)
    }

    /// Runs `work` on the blocking pool in a transaction, with a copy of the
    /// current snapshot that it brings up to date; if it succeeds, commits
    /// and makes that copy the current snapshot.
    pub async fn write<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, &mut Snapshot) -> rusqlite::Result<T> + Send + 'static,
    {
        let store = self.clone();
        let write = move || -> rusqlite::Result<T> {
            let conn = store.lock();
            let tx = conn.unchecked_transaction()?;
            let mut next = Snapshot::clone(&store.snapshot());
            let value = work(&tx, &mut next)?;
            tx.commit()?;
            store.publish(next);
            Ok(value)
        };
        tokio::task::spawn_blocking(write)
            .await
            .map_err(|e| ApiError::internal(format!("store task failed: {e}")))?
            .map_err(ApiError::from)
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn publish(&self, snap: Snapshot) {
        let mut current = self
            .current
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *current = Arc::new(snap);
    }
}

/// Opens a database file that [`db_file::prepare`] accepts, in exclusive
/// locking mode, failing at once rather than waiting when it is locked.
fn open_file(path: &Path) -> Result<Connection, String> {
    db_file::prepare(path)?;
    let open = || -> rusqlite::Result<Connection> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::ZERO)?;
        conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE;")?;
        Ok(conn)
    };
    open().map_err(|e| format!("cannot open {}: {e}", path.display()))
}

/// Reads every table.
pub fn snapshot(conn: &Connection) -> rusqlite::Result<Snapshot> {
    let mut snap = Snapshot::default();
    let mut stmt = conn.prepare_cached("SELECT id FROM actor ORDER BY id")?;
    snap.actors = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare_cached("SELECT id, actor, username, email FROM user")?;
    for user in stmt.query_map([], read_user)? {
        let user = user?;
        snap.users.insert(user.id, user);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, actor, created_at, app_name, slug, uuid, owner FROM application",
    )?;
    for app in stmt.query_map([], |r| {
        Ok(Application {
            id: r.get(0)?,
            actor: r.get(1)?,
            created_at: r.get(2)?,
            app_name: r.get(3)?,
            slug: r.get(4)?,
            uuid: r.get(5)?,
            owner: r.get(6)?,
        })
    })? {
        let app = app?;
        snap.applications.insert(app.id, app);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, actor, created_at, device_name, uuid, application FROM device",
    )?;
    for device in stmt.query_map([], |r| {
        Ok(Device {
            id: r.get(0)?,
            actor: r.get(1)?,
            created_at: r.get(2)?,
            device_name: r.get(3)?,
            uuid: r.get(4)?,
            application: r.get(5)?,
        })
    })? {
        let device = device?;
        snap.devices.insert(device.id, device);
    }
    let mut stmt = conn.prepare_cached(&format!("SELECT {KEY_COLUMNS} FROM api_key"))?;
    for key in stmt.query_map([], read_api_key)? {
        snap.put_key(key?);
    }
    let mut stmt = conn.prepare_cached("SELECT token, user FROM session")?;
    for session in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (token, user) = session?;
        snap.sessions.insert(token, user);
    }
    Ok(snap)
}

/// Whether the store has never been seeded.
pub fn is_empty(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM user)", [], |r| r.get(0))
}

/// Creates a new actor and returns its id.
pub fn insert_actor(conn: &Connection) -> rusqlite::Result<i64> {
    conn.execute("INSERT INTO actor DEFAULT VALUES", [])?;
    Ok(conn.last_insert_rowid())
}

/// Inserts a user with a new actor; returns the user.
pub fn insert_user(conn: &Connection, username: &str, email: &str) -> rusqlite::Result<User> {
    let actor = insert_actor(conn)?;
    conn.execute(
        "INSERT INTO user (actor, username, email) VALUES (?1, ?2, ?3)",
        params![actor, username, email],
    )?;
    let id = conn.last_insert_rowid();
    Ok(User {
        id,
        actor,
        username: username.into(),
        email: Some(email.into()),
    })
}

/// Inserts an application owned by `owner` with a new actor.
pub fn insert_application(
    conn: &Connection,
    owner: i64,
    app_name: &str,
    slug: &str,
    uuid: &str,
    now: i64,
) -> rusqlite::Result<Application> {
    let actor = insert_actor(conn)?;
    conn.execute(
        "INSERT INTO application (actor, created_at, app_name, slug, uuid, owner)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![actor, now, app_name, slug, uuid, owner],
    )?;
    let id = conn.last_insert_rowid();
    let (app_name, slug, uuid) = (app_name.into(), slug.into(), uuid.into());
    Ok(Application {
        id,
        actor,
        created_at: now,
        app_name,
        slug,
        uuid,
        owner,
    })
}

/// Inserts a device of `application` with a new actor.
pub fn insert_device(
    conn: &Connection,
    application: i64,
    device_name: &str,
    uuid: &str,
    now: i64,
) -> rusqlite::Result<Device> {
    let actor = insert_actor(conn)?;
    conn.execute(
        "INSERT INTO device (actor, created_at, device_name, uuid, application)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![actor, now, device_name, uuid, application],
    )?;
    let id = conn.last_insert_rowid();
    let (device_name, uuid) = (device_name.into(), uuid.into());
    Ok(Device {
        id,
        actor,
        created_at: now,
        device_name,
        uuid,
        application,
    })
}

/// Inserts an API key at time `now` and returns its row, unless a chosen
/// secret is already some actor's key.
pub fn insert_api_key(conn: &Connection, new: &NewKey, now: i64) -> rusqlite::Result<Insertion> {
    let key = new
        .key
        .clone()
        .unwrap_or_else(|| crate::random::alphanumeric(32));
    let owner: Option<i64> = conn
        .query_row("SELECT actor FROM api_key WHERE key = ?1", [&key], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(actor) = owner {
        return Ok(Insertion::Taken { actor });
    }
    conn.execute(
        "INSERT INTO api_key (created_at, modified_at, key, expiry_date, actor, name, description, role)
         VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![now, key, new.expiry_date, new.actor, new.name, new.description, new.role.name()],
    )?;
    api_key(conn, conn.last_insert_rowid()).map(Insertion::Stored)
}

/// Applies `patch` to the keys `ids` at time `now`; returns the changed rows.
pub fn update_api_keys(
    conn: &Connection,
    ids: &[i64],
    patch: &KeyPatch,
    now: i64,
) -> rusqlite::Result<Vec<ApiKey>> {
    let mut changed = Vec::with_capacity(ids.len());
    for &id in ids {
        let count = conn.execute(
            "UPDATE api_key SET
                name = CASE WHEN ?2 THEN ?3 ELSE name END,
                description = CASE WHEN ?4 THEN ?5 ELSE description END,
                expiry_date = CASE WHEN ?6 THEN ?7 ELSE expiry_date END,
                modified_at = ?8
             WHERE id = ?1",
            params![
                id,
                patch.name.is_some(),
                patch.name.clone().flatten(),
                patch.description.is_some(),
                patch.description.clone().flatten(),
                patch.expiry_date.is_some(),
                patch.expiry_date.flatten(),
                now
            ],
        )?;
        if count > 0 {
            changed.push(api_key(conn, id)?);
        }
    }
    Ok(changed)
}

/// The key `id` as stored.
fn api_key(conn: &Connection, id: i64) -> rusqlite::Result<ApiKey> {
    conn.prepare_cached(&format!("SELECT {KEY_COLUMNS} FROM api_key WHERE id = ?1"))?
        .query_row([id], read_api_key)
}

/// An `api_key` row selected as [`KEY_COLUMNS`].
fn read_api_key(r: &rusqlite::Row) -> rusqlite::Result<ApiKey> {
    let role: String = r.get(8)?;
    Ok(ApiKey {
        id: r.get(0)?,
        created_at: r.get(1)?,
        modified_at: r.get(2)?,
        key: r.get(3)?,
        expiry_date: r.get(4)?,
        actor: r.get(5)?,
        name: r.get(6)?,
        description: r.get(7)?,
        role: Role::from_name(&role).unwrap_or(Role::User),
    })
}

/// Deletes the keys `ids`.
pub fn delete_api_keys(conn: &Connection, ids: &[i64]) -> rusqlite::Result<()> {
    for &id in ids {
        conn.execute("DELETE FROM api_key WHERE id = ?1", [id])?;
    }
    Ok(())
}

/// Makes `token` the only session token, logging in as `user`.
pub fn replace_sessions(conn: &Connection, token: &str, user: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM session", [])?;
    conn.execute(
        "INSERT INTO session (token, user) VALUES (?1, ?2)",
        params![token, user],
    )?;
    Ok(())
}

/// The first user (the one the session logs in as).
pub fn first_user(conn: &Connection) -> rusqlite::Result<Option<User>> {
    conn.query_row(
        "SELECT id, actor, username, email FROM user ORDER BY id LIMIT 1",
        [],
        read_user,
    )
    .optional()
}

/// A `user` row selected as `id, actor, username, email`.
fn read_user(r: &rusqlite::Row) -> rusqlite::Result<User> {
    Ok(User {
        id: r.get(0)?,
        actor: r.get(1)?,
        username: r.get(2)?,
        email: r.get(3)?,
    })
}
