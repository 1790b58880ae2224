//! The parsed form of an OData request: resource, key and query options.

/// A `$filter` / `$orderby` expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number literal.
    Number(f64),
    /// A string literal, `''` unescaped.
    Text(String),
    /// `datetime'…'`, as ms since the epoch.
    DateTime(i64),
    /// `duration'…'`, in ms.
    Duration(f64),
    /// `@name`, a parameter alias.
    Alias(String),
    /// A property path `a/b/c` (its first segment may be a lambda variable).
    Path(Vec<String>),
    /// `path/$count`, optionally `($filter=…)`.
    Count {
        /// The collection.
        path: Vec<String>,
        /// The nested filter.
        filter: Option<Box<Expr>>,
    },
    /// `path/any(v: …)` or `path/all(v: …)`.
    Lambda {
        /// The collection.
        path: Vec<String>,
        /// `any` or `all`.
        kind: LambdaKind,
        /// The variable name.
        var: String,
        /// The condition.
        body: Box<Expr>,
    },
    /// `name(args…)`; a path before the name is kept in it (`a/x.y`).
    Call {
        /// The function name.
        name: String,
        /// The arguments.
        args: Vec<Expr>,
    },
    /// `not …`.
    Not(Box<Expr>),
    /// `left op right`.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `value in (a, b, …)`.
    In {
        /// The tested value.
        value: Box<Expr>,
        /// The candidates.
        list: Vec<Expr>,
    },
}

/// Binary operators, logical, comparison and arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `and`.
    And,
    /// `or`.
    Or,
    /// `eq`.
    Eq,
    /// `ne`.
    Ne,
    /// `gt`.
    Gt,
    /// `ge`.
    Ge,
    /// `lt`.
    Lt,
    /// `le`.
    Le,
    /// `add`.
    Add,
    /// `sub`.
    Sub,
    /// `mul`.
    Mul,
    /// `div`.
    Div,
    /// `mod`.
    Mod,
}

impl BinaryOp {
    /// Every operator, for lookups by keyword.
    pub const ALL: [BinaryOp; 13] = [
        BinaryOp::And,
        BinaryOp::Or,
        BinaryOp::Eq,
        BinaryOp::Ne,
        BinaryOp::Gt,
        BinaryOp::Ge,
        BinaryOp::Lt,
        BinaryOp::Le,
        BinaryOp::Add,
        BinaryOp::Sub,
        BinaryOp::Mul,
        BinaryOp::Div,
        BinaryOp::Mod,
    ];

    /// The OData keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
            BinaryOp::Eq => "eq",
            BinaryOp::Ne => "ne",
            BinaryOp::Gt => "gt",
            BinaryOp::Ge => "ge",
            BinaryOp::Lt => "lt",
            BinaryOp::Le => "le",
            BinaryOp::Add => "add",
            BinaryOp::Sub => "sub",
            BinaryOp::Mul => "mul",
            BinaryOp::Div => "div",
            BinaryOp::Mod => "mod",
        }
    }

    /// The operator spelt `word`.
    pub fn from_keyword(word: &str) -> Option<BinaryOp> {
        BinaryOp::ALL.into_iter().find(|op| op.keyword() == word)
    }
}

/// The two lambda operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LambdaKind {
    /// `any`.
    Any,
    /// `all`.
    All,
}

/// One `$orderby` item.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderBy {
    /// What to sort by.
    pub expr: Expr,
    /// `desc` (NULLs first) rather than `asc` (NULLs last).
    pub descending: bool,
}

/// One `$expand` item.
#[derive(Debug, Clone, PartialEq)]
pub struct Expand {
    /// The navigation property.
    pub path: String,
    /// `…/$count`: the number of related rows instead of the rows.
    pub count: bool,
    /// The nested options in `(…)`.
    pub options: Options,
}

/// The system query options (top level or nested in `$expand`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// `$select` items as written (`*` included).
    pub select: Option<Vec<String>>,
    /// `$filter` (an empty `$filter=` is none).
    pub filter: Option<Expr>,
    /// `$orderby` items.
    pub orderby: Vec<OrderBy>,
    /// `$top`, as written (validated when executing).
    pub top: Option<f64>,
    /// `$skip`, as written (validated when executing).
    pub skip: Option<f64>,
    /// `$expand` items.
    pub expand: Vec<Expand>,
    /// `$format`.
    pub format: Option<String>,
}

/// The key in `resource(…)`.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    /// `(7)`, `('x')`, `(@alias)`.
    Single(Expr),
    /// `(uuid='…')` and other `name=value` lists.
    Named(Vec<(String, Expr)>),
}

/// A whole OData request below `/v7/`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Request {
    /// The resource name as written.
    pub resource: String,
    /// The key, if any.
    pub key: Option<Key>,
    /// `/$count`.
    pub count: bool,
    /// The system query options.
    pub options: Options,
    /// Parameter aliases `@name=value`.
    pub aliases: Vec<(String, Expr)>,
    /// Other (custom) query options, which are ignored.
    pub custom: Vec<(String, String)>,
}
