//! Index use: the rows a query can match at all. They come from the
//! caller's scope (an API key list reads the keys of the reachable actors,
//! not the whole table), narrowed by the comparisons of `id` (and, for keys,
//! `is_of__actor`) with numbers that the key and every top-level `and` of
//! the `$filter` require. The candidates always include every match: each is
//! still evaluated in full.

use std::collections::BTreeSet;

use super::ast::{BinaryOp, Expr};
use super::eval::{self, Context};
use crate::model::Resource;

/// The ids of `resource` that may pass every expression of `required`,
/// ascending.
pub fn candidates(ctx: &Context, resource: Resource, required: &[&Expr]) -> Vec<i64> {
    let mut ids = reachable(ctx, resource);
    let mut conditions = Vec::new();
    for expr in required {
        conjuncts(expr, &mut conditions);
    }
    for condition in conditions {
        if let Some(allowed) = allowed_ids(ctx, resource, condition) {
            ids.retain(|id| allowed.contains(id));
        }
    }
    ids.into_iter().collect()
}

/// The rows of `resource` the caller can reach, read through the indexes.
fn reachable(ctx: &Context, resource: Resource) -> BTreeSet<i64> {
    let scope = ctx.scope;
    let ids: BTreeSet<i64> = match resource {
        Resource::ApiKey => scope
            .actors
            .iter()
            .flat_map(|&actor| ctx.snap.key_ids_of(actor))
            .collect(),
        Resource::Application => scope.applications.iter().copied().collect(),
        Resource::Device => scope.devices.iter().copied().collect(),
        Resource::Actor => scope.actors.iter().copied().collect(),
    };
    ids.into_iter()
        .filter(|&id| scope.can_see(ctx.snap, resource, id))
        .collect()
}

/// The operands of the `and`s at the top of `expr`.
fn conjuncts<'e>(expr: &'e Expr, out: &mut Vec<&'e Expr>) {
    match expr {
        Expr::Binary {
            op: BinaryOp::And,
            left,
            right,
        } => {
            conjuncts(left, out);
            conjuncts(right, out);
        }
        other => out.push(other),
    }
}

/// The only ids `condition` can hold for, when an index tells them:
/// `id eq n`, `id in (n, …)`, and for keys `is_of__actor eq n`.
fn allowed_ids(ctx: &Context, resource: Resource, condition: &Expr) -> Option<BTreeSet<i64>> {
    let (field, values) = match condition {
        Expr::Binary {
            op: BinaryOp::Eq,
            left,
            right,
        } => match (field_name(left), field_name(right)) {
            (Some(field), None) => (field, vec![number(ctx, right)?]),
            (None, Some(field)) => (field, vec![number(ctx, left)?]),
            _ => return None,
        },
        Expr::In { value, list } => (
            field_name(value)?,
            list.iter()
                .map(|item| number(ctx, item))
                .collect::<Option<_>>()?,
        ),
        _ => return None,
    };
    let whole = values.into_iter().filter(|n| n.fract() == 0.0);
    match (resource, field) {
        (_, "id") => Some(whole.map(|n| n as i64).collect()),
        (Resource::ApiKey, "is_of__actor") => Some(
            whole
                .flat_map(|actor| ctx.snap.key_ids_of(actor as i64))
                .collect(),
        ),
        _ => None,
    }
}

/// The field a one-segment path names.
fn field_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Path(path) if path.len() == 1 => Some(&path[0]),
        _ => None,
    }
}

/// A number literal, directly or as the value of a parameter alias.
fn number(ctx: &Context, expr: &Expr) -> Option<f64> {
    let literal = match expr {
        Expr::Alias(name) => eval::alias(ctx.aliases, name).ok()?,
        other => other,
    };
    match literal {
        Expr::Number(n) => Some(*n),
        _ => None,
    }
}
