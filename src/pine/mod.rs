//! OData options for pine: the value model, `mergePineOptions` and the
//! pinejs-client-core URL compiler. Pure Rust, no wasm types.

pub mod value;
