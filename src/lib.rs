//! balena-api-key: balena-sdk's `models.apiKey` in Rust, for WebAssembly.
//!
//! Three layers, data flowing one way:
//! - [`pine`]: the OData options of pine (the value model, balena-sdk's
//!   merge, pinejs-client-core's compile). Pure Rust.
//! - [`core`]: the methods, auth and request policy, sans IO: arguments
//!   become typed requests, exchanges become results. Pure Rust.
//! - [`boundary`]: the JS host: the exports, argument encoding, the fetch
//!   executor and the JS error classes. The only place of wasm-bindgen.
//!
//! Without the default `std` feature (the npm package's build) the crate is
//! `no_std`: `runtime` provides the allocator and the panic handler. The
//! `extras` feature adds the helpers beyond balena-sdk (`core::extras`).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod boundary;
pub mod core;
pub mod pine;
#[allow(unused_imports)]
mod prelude;
#[cfg(any(test, all(target_arch = "wasm32", not(feature = "std"))))]
mod runtime;
