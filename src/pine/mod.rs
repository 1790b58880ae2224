//! OData options for pine: the value model, `mergePineOptions` and the
//! pinejs-client-core URL compiler. Pure Rust, no wasm types.

mod compile;
mod date;
mod error;
mod escape;
mod expand;
mod filter;
mod js;
pub(crate) mod js_str;
mod json;
mod merge;
mod number;
mod options;
mod orderby;
mod slice;
pub mod value;

pub use compile::{compile, compile_parts, Compiled};
pub use date::{iso_string, parse_iso};
pub use error::{ErrorKind, PineError};
pub use merge::{merge, MERGED_KEYS};
pub use number::write_digits;
pub use value::{JsStr, Object, Value};
