//! Query options: one `key=value` option (pinejs `buildOption`) and a nested
//! options block `path(…;…)` (pinejs `handleOptions`).

use super::error::{PineError, Result};
use super::escape::{escape_path, escape_value};
use super::expand::expand_text;
use super::filter::{filter_text, Scope};
use super::js::{get, has_own, is_primitive, join, own_entries, own_keys};
use super::json::stringify_keys;
use super::number::number_to_string;
use super::orderby::orderby_text;
use super::value::Value;

/// Which option a nested options block belongs to; names it in errors.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    /// `$filter: a: $op: [b: $count: ...]`.
    Filter,
    /// `$expand: a: ...`.
    Expand,
    /// `$orderby: { a: { $count: ... } }`.
    Orderby,
}

impl OptionKind {
    /// The option's name, `$filter` / `$expand` / `$orderby`.
    fn name(self) -> &'static str {
        match self {
            OptionKind::Filter => "$filter",
            OptionKind::Expand => "$expand",
            OptionKind::Orderby => "$orderby",
        }
    }

    /// pinejs `ODataOptionCodeExampleMap`.
    pub fn example(self) -> &'static str {
        match self {
            OptionKind::Filter => "$filter: a: $op: [b: $count: ... ]",
            OptionKind::Expand => "$expand: a: $count: ...",
            OptionKind::Orderby => "$orderby: { a: { $count: ... }, $dir: 'asc' }",
        }
    }
}

/// pinejs `isValidOption`: the `$` options a query may carry.
pub fn is_valid_option(key: &str) -> bool {
    matches!(
        key,
        "$select" | "$filter" | "$expand" | "$orderby" | "$top" | "$skip" | "$format"
    )
}

/// The error for an options object with `$count` beside other keys.
pub fn count_not_alone(kind: OptionKind, keys: &[String]) -> PineError {
    PineError::new(format!(
        "When using '{}' you can only specify $count, got: '{}'",
        kind.example(),
        stringify_keys(keys)
    ))
}

/// pinejs `buildOption`: `key=<compiled value>`.
pub fn build_option(key: &str, value: &Value, scope: Scope) -> Result<String> {
    let compiled = match key {
        "$filter" => filter_text(value, scope),
        "$expand" => expand_text(value, scope),
        "$orderby" => orderby_text(value, scope),
        _ => plain_value(key, value),
    };
    compiled.map(|text| [key, "=", &text].concat())
}

/// The value of an option that holds no nested options: `$top`, `$skip`,
/// `$select`, a parameter alias `@x`, or any other key.
fn plain_value(key: &str, value: &Value) -> Result<String> {
    match key {
        "$top" | "$skip" => match value {
            Value::Number(n) if n.is_finite() => Ok(number_to_string(*n)),
            _ => Err(PineError::around("'", key, "' option has to be a number")),
        },
        "$select" => match value {
            Value::String(s) => Ok(s.as_str().to_string()),
            Value::Array(items) if items.is_empty() => Err(PineError::around(
                "'",
                key,
                "' arrays have to have at least 1 element",
            )),
            Value::Set(items) if items.is_empty() => Err(PineError::around(
                "'",
                key,
                "' sets have to have at least 1 element",
            )),
            Value::Array(items) | Value::Set(items) => join(items),
            _ => Err(PineError::around(
                "'",
                key,
                "' option has to be either a string or array",
            )),
        },
        _ if key.starts_with('@') => {
            if !is_primitive(value) {
                let message = format!("Unknown type for parameter alias option '{key}': ");
                return Err(PineError::got_type(&message, value));
            }
            escape_value(value)
        }
        _ => match value {
            Value::Array(items) => join(items),
            Value::String(s) => Ok(s.as_str().to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            Value::Number(n) if n.is_finite() => Ok(number_to_string(*n)),
            other => Err(PineError::got_type("Unknown type for option ", other)),
        },
    }
}

/// pinejs `handleOptions`: `path` followed by `(opt;opt)` when there are
/// options; an own `$count` must stand alone and gives `path/$count`.
pub fn handle_options(
    kind: OptionKind,
    options: &Value,
    path: &str,
    scope: Scope,
) -> Result<String> {
    if has_own(options, "$count") {
        let keys = own_keys(options);
        if keys.len() > 1 {
            return Err(count_not_alone(kind, &keys));
        }
        return count_options(kind, get(options, "$count"), path, scope);
    }
    options_block(kind, options, path, scope)
}

/// The `$count` part of [`handle_options`]: `count` may hold only `$filter`.
pub fn count_options(kind: OptionKind, count: &Value, path: &str, scope: Scope) -> Result<String> {
    if count.is_nullish() {
        return Err(PineError::type_error(
            "Cannot convert undefined or null to object",
        ));
    }
    let keys = own_keys(count);
    if keys.len() > usize::from(has_own(count, "$filter")) {
        return Err(PineError::new(format!(
            "When using '{}' you can only specify $filter in the $count, got: '{}'",
            kind.example(),
            stringify_keys(&keys)
        )));
    }
    options_block(kind, count, &format!("{path}/$count"), scope)
}

/// `escapeResource(path)` + `(opt;opt)`.
fn options_block(kind: OptionKind, options: &Value, path: &str, scope: Scope) -> Result<String> {
    let mut out = escape_path(&[path]);
    let start = out.len();
    for (key, value) in own_entries(options) {
        check_nested_key(kind, &key, path)?;
        out.push(if out.len() == start { '(' } else { ';' });
        out.push_str(&build_option(&key, &value, scope)?);
    }
    if out.len() > start {
        out.push(')');
    }
    Ok(out)
}

/// A nested options key must be a known `$` option.
fn check_nested_key(kind: OptionKind, key: &str, path: &str) -> Result<()> {
    if !key.starts_with('$') {
        let name = kind.name();
        return Err(PineError::new(if kind == OptionKind::Expand {
            format!("'{name}: {path}: {key}: ...' is invalid, use '{name}: {path}: {name}: {key}: ...' instead.")
        } else {
            format!("'{name}: {path}: {key}: ...' is invalid.")
        }));
    }
    if !is_valid_option(key) {
        return Err(PineError::around("Unknown key option '", key, "'"));
    }
    Ok(())
}
