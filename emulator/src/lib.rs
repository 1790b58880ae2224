//! A local balena API emulator for API keys: the OData resources, the
//! key-creation endpoints and `whoami` that balena-sdk's `models.apiKey`
//! talks to, with balena-cloud-like permissions, over SQLite.
#![warn(missing_docs)]

pub mod args;
pub mod auth;
pub mod cors;
pub mod dates;
pub mod db_file;
pub mod errors;
pub mod key_fields;
pub mod model;
pub mod odata;
pub mod random;
pub mod routes;
pub mod seed;
pub mod server;
pub mod store;
pub mod wire;
