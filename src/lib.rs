//! balena-api-key: balena-sdk's `models.apiKey` in Rust, for WebAssembly.
//!
//! Data flows one way: JS options are walked once into the pine value model
//! ([`decode`]), merged and compiled ([`pine`]) into a URL, sent over the
//! host's `fetch` ([`transport`]), and the decoded response body goes back
//! to the caller as the JS value it is.
//!
//! Without the default `std` feature (the npm package's build) the crate is
//! `no_std`: [`runtime`] provides the allocator and the panic handler.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod auth;
pub mod bindings;
pub mod decode;
pub mod errors;
pub mod js_value;
pub mod jwt;
pub mod models;
pub mod pine;
pub mod pine_client;
#[allow(unused_imports)]
mod prelude;
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
mod runtime;
pub mod sdk;
pub mod throttle;
pub mod token_store;
pub mod transport;
