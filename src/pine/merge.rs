//! balena-sdk's `mergePineOptions` and `mergeExpandOptions`.

use super::js::{get, has_own, own_entries};
use super::value::{Object, Value};
use crate::prelude::*;

/// The keys of a caller's options that `mergePineOptions` reads; it drops
/// every other key unread (so the options encoder reads only these).
pub const MERGED_KEYS: [&str; 6] = ["$select", "$top", "$skip", "$orderby", "$filter", "$expand"];

/// balena-sdk `mergePineOptions(defaults, extras)`: `$select`s concatenate
/// (`'*'` in extras wins), `$top`/`$skip`/`$orderby` present in extras
/// override, `$filter`s are `$and`-ed, `$expand`s merge recursively, and
/// every other key of extras is dropped. Returns `defaults` unchanged when
/// extras is nullish or has no own keys.
pub fn merge(defaults: &Value, extras: &Value) -> Value {
    if extras.is_nullish() || own_entries(extras).is_empty() {
        return defaults.clone();
    }
    let mut result = spread(defaults);

    let extra_select = get(extras, "$select");
    if !extra_select.is_nullish() {
        let select = match extra_select {
            Value::String(s) if s.as_str() == "*" => extra_select.clone(),
            _ => {
                let mut items = match result.get("$select") {
                    Some(Value::String(s)) => vec![Value::String(s.clone())],
                    Some(Value::Array(items)) => items.clone(),
                    _ => Vec::new(),
                };
                match extra_select {
                    Value::Array(extra) => items.extend_from_slice(extra),
                    other => items.push(other.clone()),
                }
                Value::Array(items)
            }
        };
        result.insert("$select", select);
    }

    for key in ["$top", "$skip", "$orderby"] {
        if has_own(extras, key) {
            result.insert(key, get(extras, key).clone());
        }
    }

    let extra_filter = get(extras, "$filter");
    if !extra_filter.is_nullish() {
        let default_filter = get(defaults, "$filter");
        let filter = if default_filter.is_nullish() {
            extra_filter.clone()
        } else {
            let mut and = Object::new();
            and.insert(
                "$and",
                Value::Array(vec![default_filter.clone(), extra_filter.clone()]),
            );
            Value::Object(and)
        };
        result.insert("$filter", filter);
    }

    let extra_expand = get(extras, "$expand");
    if !extra_expand.is_nullish() {
        result.insert(
            "$expand",
            merge_expand(get(defaults, "$expand"), extra_expand),
        );
    }
    Value::Object(result)
}

/// `{ ...value }`: a new object with the value's own entries.
fn spread(value: &Value) -> Object {
    own_entries(value)
        .into_iter()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// balena-sdk `mergeExpandOptions`: the extra `$expand` as is when there is
/// no default one, else both in object form, merged key by key.
fn merge_expand(defaults: &Value, extras: &Value) -> Value {
    if defaults.is_nullish() {
        return extras.clone();
    }
    let mut merged = expand_object(defaults);
    for (key, extra) in expand_object(extras).iter() {
        let base = merged.get_js(key).filter(|v| !v.is_nullish()).cloned();
        let base = base.unwrap_or_else(|| Value::Object(Object::new()));
        merged.insert(key.clone(), merge(&base, extra));
    }
    Value::Object(merged)
}

/// balena-sdk `convertExpandToObject`: `'a'` → `{a: {}}`; an array folds its
/// strings (`{item: {}}`) and objects (`Object.assign`) left to right; any
/// other value gives its own entries.
fn expand_object(expand: &Value) -> Object {
    match expand {
        Value::String(s) => [(s.clone(), Value::Object(Object::new()))]
            .into_iter()
            .collect(),
        Value::Array(items) => {
            let mut object = Object::new();
            for item in items {
                match item {
                    Value::String(s) => object.insert(s.clone(), Value::Object(Object::new())),
                    other => {
                        for (k, v) in own_entries(other) {
                            object.insert(k.into_owned(), v.into_owned());
                        }
                    }
                }
            }
            object
        }
        other => spread(other),
    }
}
