//! Query options: one `key=value` option (pinejs `buildOption`) and a nested
//! options block `path(…;…)` (pinejs `handleOptions`).

use super::error::{PineError, Result};
use super::escape::{check_encodable, write_path, write_value};
use super::expand::write_expand;
use super::filter::{write_filter, Scope};
use super::js::{each_entry, get, has_own, is_primitive, own_keys, starts_with_byte, write_joined};
use super::js_str::{js_concat, Append, JsStr};
use super::json::stringify_keys;
use super::number::write_number;
use super::orderby::write_orderby;
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
pub fn count_not_alone(kind: OptionKind, keys: &[JsStr]) -> PineError {
    PineError::new(js_concat!(
        "When using '",
        kind.example(),
        "' you can only specify $count, got: '",
        &stringify_keys(keys),
        "'",
    ))
}

/// Appends pinejs `buildOption`: `key=<compiled value>`.
pub fn write_option(out: &mut JsStr, key: &JsStr, value: &Value, scope: Scope) -> Result<()> {
    out.push_js(key);
    out.push('=');
    match key.as_str() {
        "$filter" => write_filter(out, value, scope),
        "$expand" => write_expand(out, value, scope),
        "$orderby" => write_orderby(out, value, scope),
        _ => write_plain_value(out, key, value),
    }
}

/// The value of an option that holds no nested options: `$top`, `$skip`,
/// `$select`, a parameter alias `@x`, or any other key.
fn write_plain_value(out: &mut JsStr, key: &JsStr, value: &Value) -> Result<()> {
    match key.as_str() {
        "$top" | "$skip" => match value {
            Value::Number(n) if n.is_finite() => write_number(out, *n),
            _ => {
                return Err(PineError::around_key(
                    "'",
                    key,
                    "' option has to be a number",
                ))
            }
        },
        "$select" => match value {
            Value::String(s) => out.push_js(s),
            Value::Array(items) if items.is_empty() => {
                return Err(PineError::around_key(
                    "'",
                    key,
                    "' arrays have to have at least 1 element",
                ))
            }
            Value::Set(items) if items.is_empty() => {
                return Err(PineError::around_key(
                    "'",
                    key,
                    "' sets have to have at least 1 element",
                ))
            }
            Value::Array(items) | Value::Set(items) => write_joined(out, items, ",")?,
            _ => {
                return Err(PineError::around_key(
                    "'",
                    key,
                    "' option has to be either a string or array",
                ))
            }
        },
        _ if starts_with_byte(key.as_str(), b'@') => {
            if !is_primitive(value) {
                return Err(PineError::new(js_concat!(
                    "Unknown type for parameter alias option '",
                    key,
                    "': ",
                    value.type_of(),
                )));
            }
            write_value(out, value)?
        }
        _ => match value {
            Value::Array(items) => write_joined(out, items, ",")?,
            Value::String(s) => out.push_js(s),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) if n.is_finite() => write_number(out, *n),
            other => return Err(PineError::got_type("Unknown type for option ", other)),
        },
    }
    Ok(())
}

/// Appends pinejs `handleOptions`: `path` followed by `(opt;opt)` when there
/// are options; an own `$count` must stand alone and gives `path/$count`.
pub fn write_handle_options(
    out: &mut JsStr,
    kind: OptionKind,
    options: &Value,
    path: &JsStr,
    scope: Scope,
) -> Result<()> {
    if has_own(options, "$count") {
        let keys = own_keys(options);
        if keys.len() > 1 {
            return Err(count_not_alone(kind, &keys));
        }
        return write_count_options(out, kind, get(options, "$count"), path, scope);
    }
    options_block(out, kind, options, path, scope)
}

/// The `$count` part of [`write_handle_options`]: `count` may hold only `$filter`.
pub fn write_count_options(
    out: &mut JsStr,
    kind: OptionKind,
    count: &Value,
    path: &JsStr,
    scope: Scope,
) -> Result<()> {
    if count.is_nullish() {
        return Err(PineError::type_error(
            "Cannot convert undefined or null to object",
        ));
    }
    let keys = own_keys(count);
    if keys.len() > usize::from(has_own(count, "$filter")) {
        return Err(PineError::new(js_concat!(
            "When using '",
            kind.example(),
            "' you can only specify $filter in the $count, got: '",
            &stringify_keys(&keys),
            "'",
        )));
    }
    options_block(out, kind, count, &js_concat!(path, "/$count"), scope)
}

/// `escapeResource(path)` + `(opt;opt)`; pinejs escapes the path after
/// building the options, so their errors come first.
fn options_block(
    out: &mut JsStr,
    kind: OptionKind,
    options: &Value,
    path: &JsStr,
    scope: Scope,
) -> Result<()> {
    write_path(out, path);
    let mut first = true;
    each_entry(options, |key, value| {
        if first {
            check_nested_key(kind, key, path)?;
            out.push('(');
            first = false;
        } else {
            check_nested_key(kind, key, path)?;
            out.push(';');
        }
        write_option(out, key, value, scope)
    })?;
    if !first {
        out.push(')');
    }
    check_encodable(path)
}
/// A nested options key must be a known `$` option.
fn check_nested_key(kind: OptionKind, key: &JsStr, path: &JsStr) -> Result<()> {
    if !starts_with_byte(key.as_str(), b'$') {
        let name = kind.name();
        return Err(PineError::new(if kind == OptionKind::Expand {
            js_concat!(
                "'",
                name,
                ": ",
                path,
                ": ",
                key,
                ": ...' is invalid, use '",
                name,
                ": ",
                path,
                ": ",
                name,
                ": ",
                key,
                ": ...' instead."
            )
        } else {
            js_concat!("'", name, ": ", path, ": ", key, ": ...' is invalid.")
        }));
    }
    if !is_valid_option(key.as_str()) {
        return Err(PineError::around_key("Unknown key option '", key, "'"));
    }
    Ok(())
}
