//! The `alloc` names every module uses, imported the same way with and
//! without the standard library (`use crate::prelude::*`).

pub use alloc::borrow::ToOwned;
pub use alloc::boxed::Box;
pub use alloc::format;
pub use alloc::string::{String, ToString};
pub use alloc::vec;
pub use alloc::vec::Vec;
