//! Runs a parsed request on a snapshot: which rows, in which order, and
//! their JSON (`{"__id": n}` references, ISO dates, spec field order).

use std::cmp::Ordering;

use serde_json::{json, Map, Value as Json};

use super::ast::{BinaryOp, Expr, Key, Options};
use super::eval::{self, compare, Context, Val};
use super::plan;
use crate::dates::format_iso;
use crate::model::{FieldKind, FieldValue, Resource};

/// The deepest `$expand` nesting accepted: `device` → application → actor
/// → keys is 3 levels.
pub const MAX_EXPAND_DEPTH: usize = 4;

/// Checks every name, alias, function and number in `options` against
/// `resource`, and the depth of `$expand`, so that bad queries fail whether
/// or not rows exist.
pub fn check_options(
    options: &Options,
    resource: Resource,
    aliases: &[(String, Expr)],
) -> Result<(), String> {
    check_nested(options, resource, aliases, 0)
}

/// [`check_options`] for options `depth` levels of `$expand` down.
fn check_nested(
    options: &Options,
    resource: Resource,
    aliases: &[(String, Expr)],
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_EXPAND_DEPTH {
        return Err(format!(
            "$expand may be nested at most {MAX_EXPAND_DEPTH} levels deep"
        ));
    }
    for item in options.select.iter().flatten().filter(|item| *item != "*") {
        match resource.field_kind(item) {
            None => {
                return Err(format!(
                    "'{}' has no field '{item}' ($select)",
                    resource.name()
                ))
            }
            Some(FieldKind::Many(_)) if !options.expand.iter().any(|e| e.path == *item) => {
                return Err(format!("'{item}' is a collection: select it with $expand"))
            }
            Some(_) => {}
        }
    }
    if let Some(filter) = &options.filter {
        eval::check(filter, resource, aliases)?;
    }
    for item in &options.orderby {
        eval::check(&item.expr, resource, aliases)?;
    }
    count_option("$top", options.top)?;
    count_option("$skip", options.skip)?;
    for expand in &options.expand {
        match resource.field_kind(&expand.path) {
            Some(FieldKind::One(target) | FieldKind::Many(target)) => {
                check_nested(&expand.options, target, aliases, depth + 1)?
            }
            _ => {
                return Err(format!(
                    "'{}' has no navigation property '{}' ($expand)",
                    resource.name(),
                    expand.path
                ))
            }
        }
    }
    match options.format.as_deref() {
        None | Some("json") => Ok(()),
        Some(format) if format.starts_with("json;") => Ok(()),
        Some(format) => Err(format!("$format={format} is not supported, only json")),
    }
}

/// `$top` / `$skip` as a row count.
fn count_option(name: &str, value: Option<f64>) -> Result<Option<usize>, String> {
    match value {
        None => Ok(None),
        Some(n) if n >= 0.0 && n.fract() == 0.0 => Ok(Some(n as usize)),
        Some(n) => Err(format!("{name} must be a non-negative integer, got {n}")),
    }
}

/// The key of `resource(…)` as a filter: `id eq n`, or `field eq value`
/// for each alternate key field.
pub fn key_filter(
    resource: Resource,
    key: &Key,
    aliases: &[(String, Expr)],
) -> Result<Expr, String> {
    let eq = |field: &str, value: &Expr| Expr::Binary {
        op: BinaryOp::Eq,
        left: Box::new(Expr::Path(vec![field.to_owned()])),
        right: Box::new(value.clone()),
    };
    match key {
        Key::Single(value) => {
            let resolved = match value {
                Expr::Alias(name) => eval::alias(aliases, name)?,
                other => other,
            };
            match resolved {
                Expr::Number(n) if n.fract() == 0.0 => Ok(eq("id", resolved)),
                Expr::Text(text) => Err(format!(
                    "'{}' ids are integers, got '{text}'",
                    resource.name()
                )),
                _ => Err(format!(
                    "'{}' ids are integers, got {resolved:?}",
                    resource.name()
                )),
            }
        }
        Key::Named(pairs) => {
            let mut conditions = pairs.iter().map(|(field, value)| {
                if resource.alternate_keys().contains(&field.as_str()) {
                    Ok(eq(field, value))
                } else {
                    Err(format!("'{field}' is not a key of '{}'", resource.name()))
                }
            });
            let first = conditions.next().ok_or("empty key")??;
            conditions.try_fold(first, |acc, next| {
                Ok(Expr::Binary {
                    op: BinaryOp::And,
                    left: Box::new(acc),
                    right: Box::new(next?),
                })
            })
        }
    }
}

/// The ids of the rows of `resource` the caller can reach that pass `key`
/// and `options.$filter`, ordered, skipped and limited.
pub fn matching_ids(
    ctx: &Context,
    resource: Resource,
    key: Option<&Expr>,
    options: &Options,
) -> Result<Vec<i64>, String> {
    let required: Vec<&Expr> = key.into_iter().chain(&options.filter).collect();
    let mut ids = Vec::new();
    for id in plan::candidates(ctx, resource, &required) {
        if key.map_or(Ok(true), |k| ctx.matches(k, (resource, id)))? {
            ids.push(id);
        }
    }
    select(ctx, resource, ids, options)
}

/// Applies `$filter`, `$orderby`, `$skip` and `$top` to `ids`.
fn select(
    ctx: &Context,
    resource: Resource,
    ids: Vec<i64>,
    options: &Options,
) -> Result<Vec<i64>, String> {
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        ctx.budget.step()?;
        if let Some(filter) = &options.filter {
            if !ctx.matches(filter, (resource, id))? {
                continue;
            }
        }
        let keys = options
            .orderby
            .iter()
            .map(|o| ctx.eval(&o.expr, (resource, id)))
            .collect::<Result<Vec<_>, _>>()?;
        rows.push((id, keys));
    }
    for column in 0..options.orderby.len() {
        make_sortable(&mut rows, column)?;
    }
    rows.sort_by(|(_, a), (_, b)| {
        options
            .orderby
            .iter()
            .zip(a.iter().zip(b))
            .fold(Ordering::Equal, |acc, (o, (x, y))| {
                acc.then_with(|| order(x, y, o.descending))
            })
    });
    let skip = count_option("$skip", options.skip)?.unwrap_or(0);
    let top = count_option("$top", options.top)?.unwrap_or(usize::MAX);
    Ok(rows
        .into_iter()
        .skip(skip)
        .take(top)
        .map(|(id, _)| id)
        .collect())
}

/// Makes one `$orderby` column totally ordered, as a sort needs (an
/// inconsistent order can make Rust's sort panic): text in a column of dates
/// becomes a date, and every value must compare with the column's first
/// non-null one (mixed kinds are refused with compare's message; numbers,
/// NaN included, always order among themselves).
fn make_sortable(rows: &mut [(i64, Vec<Val>)], column: usize) -> Result<(), String> {
    if rows
        .iter()
        .any(|(_, keys)| matches!(keys[column], Val::Date(_)))
    {
        for (_, keys) in rows.iter_mut() {
            if let Val::Text(text) = &keys[column] {
                let date = crate::dates::parse_js_date(text)
                    .ok_or_else(|| format!("'{text}' is not a valid date"))?;
                keys[column] = Val::Date(date);
            }
        }
    }
    let mut values = rows
        .iter()
        .map(|(_, keys)| &keys[column])
        .filter(|v| !matches!(v, Val::Null));
    if let Some(first) = values.next() {
        for value in values {
            let numbers = matches!(
                (first, value),
                (Val::Num(_) | Val::Row(..), Val::Num(_) | Val::Row(..))
                    | (Val::Duration(_), Val::Duration(_))
            );
            if !numbers {
                compare(first, value)?;
            }
        }
    }
    Ok(())
}

/// Numbers in a total order, every NaN (whatever its sign bit) last.
fn number_order(x: f64, y: f64) -> Ordering {
    let canonical = |v: f64| if v.is_nan() { f64::NAN } else { v };
    canonical(x).total_cmp(&canonical(y))
}

/// Postgres order: ascending puts NULLs last, descending puts them first;
/// NaN after every other number.
fn order(a: &Val, b: &Val, descending: bool) -> Ordering {
    let ordering = match (a, b) {
        (Val::Null, Val::Null) => Ordering::Equal,
        (Val::Null, _) => Ordering::Greater,
        (_, Val::Null) => Ordering::Less,
        (Val::Num(x), Val::Num(y)) | (Val::Duration(x), Val::Duration(y)) => number_order(*x, *y),
        (Val::Row(_, x), Val::Num(y)) => number_order(*x as f64, *y),
        (Val::Num(x), Val::Row(_, y)) => number_order(*x, *y as f64),
        _ => compare(a, b).unwrap_or(Ordering::Equal),
    };
    if descending {
        ordering.reverse()
    } else {
        ordering
    }
}

/// One row as JSON: the selected fields (all when there is no `$select` or
/// it has `*`) in order, with `$expand`ed navigations as arrays (or counts).
/// Every expanded row counts against the budget.
pub fn render(
    ctx: &Context,
    resource: Resource,
    id: i64,
    options: &Options,
) -> Result<Map<String, Json>, String> {
    ctx.budget.step()?;
    let all = options
        .select
        .as_ref()
        .is_none_or(|items| items.iter().any(|i| i == "*"));
    let names: Vec<&str> = if all {
        resource
            .fields()
            .iter()
            .filter(|(_, kind)| !matches!(kind, FieldKind::Many(_)))
            .map(|(n, _)| *n)
            .collect()
    } else {
        options
            .select
            .iter()
            .flatten()
            .map(String::as_str)
            .collect()
    };
    let field = |name: &str| {
        resource
            .field(ctx.snap, id, name)
            .ok_or_else(|| format!("'{}' has no field '{name}'", resource.name()))
    };
    let mut row = Map::new();
    for name in names {
        row.insert(name.to_owned(), to_json(field(name)?));
    }
    for expand in &options.expand {
        let (target, ids) = match ctx.value(field(&expand.path)?) {
            Val::Row(r, id) if ctx.scope.can_see(ctx.snap, r, id) => (r, vec![id]),
            Val::Row(r, _) => (r, Vec::new()),
            Val::Rows(r, ids) => (r, ids),
            _ => return Err(format!("'{}' is not a navigation property", expand.path)),
        };
        let ids = select(ctx, target, ids, &expand.options)?;
        let value = if expand.count {
            json!(ids.len())
        } else {
            let rows = ids.into_iter().map(|id| {
                ctx.budget.expanded_row()?;
                render(ctx, target, id, &expand.options).map(Json::Object)
            });
            Json::Array(rows.collect::<Result<_, _>>()?)
        };
        row.insert(expand.path.clone(), value);
    }
    Ok(row)
}

/// A stored value as the API serialises it.
fn to_json(value: FieldValue) -> Json {
    match value {
        FieldValue::Null => Json::Null,
        FieldValue::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => json!(n as i64),
        FieldValue::Number(n) => json!(n),
        FieldValue::Text(s) => Json::String(s),
        FieldValue::Date(ms) => Json::String(format_iso(ms)),
        FieldValue::One(_, id) => json!({ "__id": id }),
        FieldValue::Many(_, ids) => ids.into_iter().map(|id| json!({ "__id": id })).collect(),
    }
}
