//! OData v4 as pinejs serves it, for the emulated resources: parsing,
//! evaluation of expressions on rows, and execution of whole queries.

pub mod ast;
pub mod budget;
pub mod eval;
pub mod execute;
pub mod lexer;
pub mod parser;
pub mod plan;
