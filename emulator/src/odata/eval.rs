//! Evaluates expressions on rows of a [`Snapshot`], with SQL's three-valued
//! logic, Postgres-like ordering, and a static check of names and functions
//! so that a bad query is refused even when no row would reach it.

use std::cmp::Ordering;

use super::ast::{BinaryOp, Expr, LambdaKind};
use super::budget::Budget;
use crate::auth::Scope;
use crate::dates::{self, parts, MAX_MS};
use crate::model::{FieldKind, FieldValue, Resource, Snapshot};

/// A value during evaluation.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// `null` (also "unknown" in logic).
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Num(f64),
    /// Text.
    Text(String),
    /// A date, ms since the epoch.
    Date(i64),
    /// A duration in ms.
    Duration(f64),
    /// One row (a to-one navigation, compared by its id).
    Row(Resource, i64),
    /// Several rows (a to-many navigation).
    Rows(Resource, Vec<i64>),
}

/// A row: its resource and id.
pub type RowRef = (Resource, i64);

/// What evaluation needs besides the row: data, visibility, aliases, time,
/// and the budget that bounds the work.
pub struct Context<'a> {
    /// The data.
    pub snap: &'a Snapshot,
    /// What the caller may reach (navigations into other rows respect it).
    pub scope: &'a Scope,
    /// Parameter aliases of the request.
    pub aliases: &'a [(String, Expr)],
    /// `now()`, ms since the epoch.
    pub now: i64,
    /// The work this request may still do.
    pub budget: &'a Budget,
}

/// Lambda variables in scope: name and bound row.
type Vars = Vec<(String, RowRef)>;

/// The function names supported, with their minimum and maximum arity.
const FUNCTIONS: &[(&str, usize, usize)] = &[
    ("contains", 2, 2),
    ("startswith", 2, 2),
    ("endswith", 2, 2),
    ("indexof", 2, 2),
    ("concat", 2, 2),
    ("substring", 2, 3),
    ("length", 1, 1),
    ("tolower", 1, 1),
    ("toupper", 1, 1),
    ("trim", 1, 1),
    ("year", 1, 1),
    ("month", 1, 1),
    ("day", 1, 1),
    ("hour", 1, 1),
    ("minute", 1, 1),
    ("second", 1, 1),
    ("fractionalseconds", 1, 1),
    ("date", 1, 1),
    ("totalseconds", 1, 1),
    ("round", 1, 1),
    ("floor", 1, 1),
    ("ceiling", 1, 1),
    ("now", 0, 0),
    ("maxdatetime", 0, 0),
    ("mindatetime", 0, 0),
];

/// Checks that every name in `expr` exists on `resource` (or a lambda
/// variable), every alias is defined and every function is supported with a
/// fitting number of arguments.
pub fn check(expr: &Expr, resource: Resource, aliases: &[(String, Expr)]) -> Result<(), String> {
    check_in(expr, resource, aliases, &mut Vec::new())
}

fn check_in(
    expr: &Expr,
    resource: Resource,
    aliases: &[(String, Expr)],
    vars: &mut Vec<(String, Resource)>,
) -> Result<(), String> {
    let recurse =
        |e: &Expr, vars: &mut Vec<(String, Resource)>| check_in(e, resource, aliases, vars);
    match expr {
        Expr::Null
        | Expr::Bool(_)
        | Expr::Number(_)
        | Expr::Text(_)
        | Expr::DateTime(_)
        | Expr::Duration(_) => Ok(()),
        Expr::Alias(name) => alias(aliases, name).map(|_| ()),
        Expr::Path(path) => path_kind(resource, path, vars).map(|_| ()),
        Expr::Count { path, filter } => {
            let target = collection_of(resource, path, vars)?;
            filter
                .as_deref()
                .map_or(Ok(()), |f| check_in(f, target, aliases, vars))
        }
        Expr::Lambda {
            path, var, body, ..
        } => {
            let target = collection_of(resource, path, vars)?;
            vars.push((var.clone(), target));
            let result = recurse(body, vars);
            vars.pop();
            result
        }
        Expr::Call { name, args } => {
            match FUNCTIONS.iter().find(|(n, ..)| n == name) {
                None => return Err(format!("the function '{name}' is not supported")),
                Some((_, min, max)) if !(*min..=*max).contains(&args.len()) => {
                    return Err(format!(
                        "{name}() takes {min}–{max} arguments, got {}",
                        args.len()
                    ))
                }
                Some(_) => {}
            }
            args.iter().try_for_each(|a| recurse(a, vars))
        }
        Expr::Not(inner) => recurse(inner, vars),
        Expr::Binary { left, right, .. } => {
            recurse(left, vars)?;
            recurse(right, vars)
        }
        Expr::In { value, list } => {
            recurse(value, vars)?;
            list.iter().try_for_each(|a| recurse(a, vars))
        }
    }
}

/// The kind of what `path` names, starting at a lambda variable or `resource`.
fn path_kind(
    resource: Resource,
    path: &[String],
    vars: &[(String, Resource)],
) -> Result<FieldKind, String> {
    let (mut kind, rest) = match vars.iter().rev().find(|(v, _)| *v == path[0]) {
        Some((_, r)) => (FieldKind::One(*r), &path[1..]),
        None => (FieldKind::One(resource), path),
    };
    for segment in rest {
        let FieldKind::One(current) = kind else {
            return Err(format!(
                "cannot navigate into '{segment}' of '{}'",
                path.join("/")
            ));
        };
        kind = current
            .field_kind(segment)
            .ok_or_else(|| format!("'{}' has no field '{segment}'", current.name()))?;
    }
    Ok(kind)
}

/// The resource of a navigation usable as a collection (lambda, `$count`).
fn collection_of(
    resource: Resource,
    path: &[String],
    vars: &[(String, Resource)],
) -> Result<Resource, String> {
    match path_kind(resource, path, vars)? {
        FieldKind::One(r) | FieldKind::Many(r) => Ok(r),
        FieldKind::Scalar => Err(format!("'{}' is not a navigation property", path.join("/"))),
    }
}

/// The value of the parameter alias `@name`, through any aliases whose
/// value is another alias; an error for an undefined alias or a cycle.
pub fn alias<'e>(aliases: &'e [(String, Expr)], name: &str) -> Result<&'e Expr, String> {
    let mut current = name;
    // A chain longer than the number of aliases has come round again.
    for _ in 0..=aliases.len() {
        let value = aliases
            .iter()
            .find(|(n, _)| n == current)
            .map(|(_, e)| e)
            .ok_or_else(|| format!("the parameter alias '@{current}' is not defined"))?;
        match value {
            Expr::Alias(next) => current = next,
            literal => return Ok(literal),
        }
    }
    Err(format!("the parameter alias '@{name}' refers to itself"))
}

/// A three-valued truth: `None` is SQL's unknown.
fn truth(val: Val) -> Result<Option<bool>, String> {
    match val {
        Val::Bool(b) => Ok(Some(b)),
        Val::Null => Ok(None),
        other => Err(format!("{} is not a boolean condition", describe(&other))),
    }
}

fn from_truth(t: Option<bool>) -> Val {
    t.map_or(Val::Null, Val::Bool)
}

fn describe(val: &Val) -> String {
    match val {
        Val::Null => "null".into(),
        Val::Bool(b) => b.to_string(),
        Val::Num(n) => n.to_string(),
        Val::Text(s) => format!("'{s}'"),
        Val::Date(ms) => dates::format_iso(*ms),
        Val::Duration(ms) => format!("a duration of {ms} ms"),
        Val::Row(r, id) => format!("{}({id})", r.name()),
        Val::Rows(r, _) => format!("a collection of {}", r.name()),
    }
}

/// Text order of the database collation (en_US), approximated:
/// case-insensitive first, then lower case before upper case.
pub fn collate(a: &str, b: &str) -> Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| b.cmp(a))
}

/// Orders two non-null values of compatible types; text against a date is
/// read as a date.
pub fn compare(a: &Val, b: &Val) -> Result<Ordering, String> {
    let as_date = |text: &str| {
        dates::parse_js_date(text).ok_or_else(|| format!("'{text}' is not a valid date"))
    };
    let ordering = match (a, b) {
        (Val::Num(x), Val::Num(y)) | (Val::Duration(x), Val::Duration(y)) => x.partial_cmp(y),
        (Val::Row(_, x), Val::Num(y)) => (*x as f64).partial_cmp(y),
        (Val::Num(x), Val::Row(_, y)) => x.partial_cmp(&(*y as f64)),
        (Val::Row(_, x), Val::Row(_, y)) => Some(x.cmp(y)),
        (Val::Text(x), Val::Text(y)) => Some(collate(x, y)),
        (Val::Date(x), Val::Date(y)) => Some(x.cmp(y)),
        (Val::Date(x), Val::Text(y)) => Some(x.cmp(&as_date(y)?)),
        (Val::Text(x), Val::Date(y)) => Some(as_date(x)?.cmp(y)),
        (Val::Bool(x), Val::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    };
    ordering.ok_or_else(|| format!("cannot compare {} with {}", describe(a), describe(b)))
}

/// Equality of non-null values: text exactly, everything else by order.
fn equal(a: &Val, b: &Val) -> Result<bool, String> {
    match (a, b) {
        (Val::Text(x), Val::Text(y)) => Ok(x == y),
        _ => Ok(compare(a, b)? == Ordering::Equal),
    }
}

impl Context<'_> {
    /// Whether `filter` holds (is true, not false or unknown) for `row`.
    pub fn matches(&self, filter: &Expr, row: RowRef) -> Result<bool, String> {
        Ok(truth(self.eval(filter, row)?)? == Some(true))
    }

    /// The value of `expr` for `row`.
    pub fn eval(&self, expr: &Expr, row: RowRef) -> Result<Val, String> {
        self.eval_in(expr, row, &mut Vec::new())
    }

    fn eval_in(&self, expr: &Expr, row: RowRef, vars: &mut Vars) -> Result<Val, String> {
        self.budget.step()?;
        Ok(match expr {
            Expr::Null => Val::Null,
            Expr::Bool(b) => Val::Bool(*b),
            Expr::Number(n) => Val::Num(*n),
            Expr::Text(s) => Val::Text(s.clone()),
            Expr::DateTime(ms) => Val::Date(*ms),
            Expr::Duration(ms) => Val::Duration(*ms),
            Expr::Alias(name) => self.eval_in(alias(self.aliases, name)?, row, vars)?,
            Expr::Path(path) => self.path(path, row, vars)?,
            Expr::Count { path, filter } => {
                let mut count = 0;
                for item in self.collection(path, row, vars)? {
                    if filter
                        .as_deref()
                        .map_or(Ok(true), |f| self.matches_in(f, item, vars))?
                    {
                        count += 1;
                    }
                }
                Val::Num(count as f64)
            }
            Expr::Lambda {
                path,
                kind,
                var,
                body,
            } => {
                let mut verdict = *kind == LambdaKind::All;
                for item in self.collection(path, row, vars)? {
                    vars.push((var.clone(), item));
                    let t = self.eval_in(body, row, vars).and_then(truth);
                    vars.pop();
                    match (kind, t?) {
                        (LambdaKind::Any, Some(true)) => verdict = true,
                        (LambdaKind::All, Some(false)) => verdict = false,
                        _ => {}
                    }
                }
                Val::Bool(verdict)
            }
            Expr::Call { name, args } => {
                let args = args
                    .iter()
                    .map(|a| self.eval_in(a, row, vars))
                    .collect::<Result<Vec<_>, _>>()?;
                self.call(name, args)?
            }
            Expr::Not(inner) => from_truth(truth(self.eval_in(inner, row, vars)?)?.map(|b| !b)),
            Expr::Binary { op, left, right } => self.binary(*op, left, right, row, vars)?,
            Expr::In { value, list } => {
                let mut result = Some(false);
                for item in list {
                    let t = self.equality(value, item, row, vars)?;
                    result = or(result, t);
                }
                from_truth(result)
            }
        })
    }

    fn matches_in(&self, filter: &Expr, row: RowRef, vars: &mut Vars) -> Result<bool, String> {
        Ok(truth(self.eval_in(filter, row, vars)?)? == Some(true))
    }

    /// Follows `path` from a lambda variable or `row`. Navigating into a
    /// row the caller cannot reach gives null.
    fn path(&self, path: &[String], row: RowRef, vars: &Vars) -> Result<Val, String> {
        let (mut current, rest) = match vars.iter().rev().find(|(v, _)| *v == path[0]) {
            Some((_, bound)) => (Val::Row(bound.0, bound.1), &path[1..]),
            None => (Val::Row(row.0, row.1), path),
        };
        for segment in rest {
            current = match current {
                Val::Null => Val::Null,
                Val::Row(r, id) if !self.scope.can_see(self.snap, r, id) => Val::Null,
                Val::Row(r, id) => match r.field(self.snap, id, segment) {
                    None => return Err(format!("'{}' has no field '{segment}'", r.name())),
                    Some(value) => self.value(value),
                },
                other => {
                    return Err(format!(
                        "cannot navigate into '{segment}' of {}",
                        describe(&other)
                    ))
                }
            };
        }
        Ok(current)
    }

    /// A stored field as an evaluation value (to-many: only reachable rows).
    pub fn value(&self, value: FieldValue) -> Val {
        match value {
            FieldValue::Null => Val::Null,
            FieldValue::Number(n) => Val::Num(n),
            FieldValue::Text(s) => Val::Text(s),
            FieldValue::Date(ms) => Val::Date(ms),
            FieldValue::One(r, id) => Val::Row(r, id),
            FieldValue::Many(r, ids) => Val::Rows(
                r,
                ids.into_iter()
                    .filter(|&id| self.scope.can_see(self.snap, r, id))
                    .collect(),
            ),
        }
    }

    /// The reachable rows of a navigation (a to-one link counts as 0 or 1).
    fn collection(&self, path: &[String], row: RowRef, vars: &Vars) -> Result<Vec<RowRef>, String> {
        match self.path(path, row, vars)? {
            Val::Null => Ok(Vec::new()),
            Val::Row(r, id) if self.scope.can_see(self.snap, r, id) => Ok(vec![(r, id)]),
            Val::Row(..) => Ok(Vec::new()),
            Val::Rows(r, ids) => Ok(ids.into_iter().map(|id| (r, id)).collect()),
            other => Err(format!(
                "'{}' is {}, not a collection",
                path.join("/"),
                describe(&other)
            )),
        }
    }

    /// `eq` with SQL semantics, except that comparing with the literal
    /// `null` is pinejs' `IS NULL`.
    fn equality(
        &self,
        left: &Expr,
        right: &Expr,
        row: RowRef,
        vars: &mut Vars,
    ) -> Result<Option<bool>, String> {
        let (l, r) = (
            self.eval_in(left, row, vars)?,
            self.eval_in(right, row, vars)?,
        );
        if *left == Expr::Null || *right == Expr::Null {
            return Ok(Some(l == Val::Null && r == Val::Null));
        }
        if l == Val::Null || r == Val::Null {
            return Ok(None);
        }
        equal(&l, &r).map(Some)
    }

    fn binary(
        &self,
        op: BinaryOp,
        left: &Expr,
        right: &Expr,
        row: RowRef,
        vars: &mut Vars,
    ) -> Result<Val, String> {
        use BinaryOp::*;
        match op {
            And | Or => {
                let l = truth(self.eval_in(left, row, vars)?)?;
                if l == Some(op == Or) {
                    return Ok(Val::Bool(op == Or));
                }
                let r = truth(self.eval_in(right, row, vars)?)?;
                Ok(from_truth(if op == Or { or(l, r) } else { and(l, r) }))
            }
            Eq => Ok(from_truth(self.equality(left, right, row, vars)?)),
            Ne => Ok(from_truth(
                self.equality(left, right, row, vars)?.map(|b| !b),
            )),
            Gt | Ge | Lt | Le => {
                let (l, r) = (
                    self.eval_in(left, row, vars)?,
                    self.eval_in(right, row, vars)?,
                );
                if l == Val::Null || r == Val::Null {
                    return Ok(Val::Null);
                }
                let ordering = compare(&l, &r)?;
                Ok(Val::Bool(match op {
                    Gt => ordering.is_gt(),
                    Ge => ordering.is_ge(),
                    Lt => ordering.is_lt(),
                    _ => ordering.is_le(),
                }))
            }
            Add | Sub | Mul | Div | Mod => arithmetic(
                op,
                self.eval_in(left, row, vars)?,
                self.eval_in(right, row, vars)?,
            ),
        }
    }

    fn call(&self, name: &str, args: Vec<Val>) -> Result<Val, String> {
        if args.contains(&Val::Null) {
            return Ok(Val::Null);
        }
        let bad = || {
            let shown: Vec<String> = args.iter().map(describe).collect();
            Err(format!("{name}() cannot take ({})", shown.join(", ")))
        };
        let chars = |s: &str| s.chars().count() as f64;
        let date_part = |f: fn(dates::Parts) -> i64| match args[..] {
            [Val::Date(ms)] => Ok(Val::Num(f(parts(ms)) as f64)),
            _ => bad(),
        };
        let number = |f: fn(f64) -> f64| match args[..] {
            [Val::Num(n)] => Ok(Val::Num(f(n))),
            _ => bad(),
        };
        match (name, &args[..]) {
            ("contains", [Val::Text(a), Val::Text(b)]) => Ok(Val::Bool(a.contains(b.as_str()))),
            ("startswith", [Val::Text(a), Val::Text(b)]) => {
                Ok(Val::Bool(a.starts_with(b.as_str())))
            }
            ("endswith", [Val::Text(a), Val::Text(b)]) => Ok(Val::Bool(a.ends_with(b.as_str()))),
            ("indexof", [Val::Text(a), Val::Text(b)]) => Ok(Val::Num(
                a.find(b.as_str()).map_or(-1.0, |at| chars(&a[..at])),
            )),
            ("concat", [Val::Text(a), Val::Text(b)]) => Ok(Val::Text(format!("{a}{b}"))),
            ("substring", [Val::Text(s), Val::Num(start), rest @ ..]) => {
                let skip = start.max(0.0) as usize;
                let take = match rest {
                    [] => usize::MAX,
                    [Val::Num(len)] => len.max(0.0) as usize,
                    _ => return bad(),
                };
                Ok(Val::Text(s.chars().skip(skip).take(take).collect()))
            }
            ("length", [Val::Text(s)]) => Ok(Val::Num(chars(s))),
            ("tolower", [Val::Text(s)]) => Ok(Val::Text(s.to_lowercase())),
            ("toupper", [Val::Text(s)]) => Ok(Val::Text(s.to_uppercase())),
            ("trim", [Val::Text(s)]) => Ok(Val::Text(s.trim().to_owned())),
            ("year", _) => date_part(|p| p.year),
            ("month", _) => date_part(|p| p.month),
            ("day", _) => date_part(|p| p.day),
            ("hour", _) => date_part(|p| p.hour),
            ("minute", _) => date_part(|p| p.minute),
            ("second", _) => date_part(|p| p.second),
            ("fractionalseconds", [Val::Date(ms)]) => {
                Ok(Val::Num(parts(*ms).millis as f64 / 1000.0))
            }
            ("date", [Val::Date(ms)]) => Ok(Val::Date(ms.div_euclid(86_400_000) * 86_400_000)),
            ("totalseconds", [Val::Duration(ms)]) => Ok(Val::Num(ms / 1000.0)),
            ("round", _) => number(f64::round),
            ("floor", _) => number(f64::floor),
            ("ceiling", _) => number(f64::ceil),
            ("now", []) => Ok(Val::Date(self.now)),
            ("maxdatetime", []) => Ok(Val::Date(MAX_MS)),
            ("mindatetime", []) => Ok(Val::Date(-MAX_MS)),
            _ => bad(),
        }
    }
}

fn and(l: Option<bool>, r: Option<bool>) -> Option<bool> {
    match (l, r) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

fn or(l: Option<bool>, r: Option<bool>) -> Option<bool> {
    and(l.map(|b| !b), r.map(|b| !b)).map(|b| !b)
}

/// `add sub mul div mod` on numbers, and dates with durations; integer
/// operands divide as integers (as Postgres does).
fn arithmetic(op: BinaryOp, l: Val, r: Val) -> Result<Val, String> {
    use BinaryOp::*;
    Ok(match (op, &l, &r) {
        (_, Val::Null, _) | (_, _, Val::Null) => Val::Null,
        (Div | Mod, Val::Num(_), Val::Num(y)) if *y == 0.0 => return Err("division by zero".into()),
        (Add, Val::Num(x), Val::Num(y)) => Val::Num(x + y),
        (Sub, Val::Num(x), Val::Num(y)) => Val::Num(x - y),
        (Mul, Val::Num(x), Val::Num(y)) => Val::Num(x * y),
        (Div, Val::Num(x), Val::Num(y)) if x.fract() == 0.0 && y.fract() == 0.0 => {
            Val::Num((x / y).trunc())
        }
        (Div, Val::Num(x), Val::Num(y)) => Val::Num(x / y),
        (Mod, Val::Num(x), Val::Num(y)) => Val::Num(x % y),
        (Add, Val::Date(d), Val::Duration(ms)) | (Add, Val::Duration(ms), Val::Date(d)) => {
            Val::Date(d.saturating_add(*ms as i64))
        }
        (Sub, Val::Date(d), Val::Duration(ms)) => Val::Date(d.saturating_sub(*ms as i64)),
        (Sub, Val::Date(a), Val::Date(b)) => Val::Duration(*a as f64 - *b as f64),
        (Add, Val::Duration(a), Val::Duration(b)) => Val::Duration(a + b),
        (Sub, Val::Duration(a), Val::Duration(b)) => Val::Duration(a - b),
        _ => {
            return Err(format!(
                "cannot {} {} and {}",
                op.keyword(),
                describe(&l),
                describe(&r)
            ))
        }
    })
}
