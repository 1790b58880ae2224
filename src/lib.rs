//! balena-api-key: balena-sdk's `models.apiKey` in Rust, for WebAssembly.

pub mod decode;
pub mod pine;
