//! `$filter`: pinejs builds a list of string tokens whose structure decides
//! the parenthesisation, and concatenates it at the end. This module keeps
//! the same token lists.

use super::error::{PineError, Result};
use super::escape::{alias_ref, escape_path, escape_resource, escape_value};
use super::js::{get, has_own, is_object, is_primitive, own_entries, read_of_nullish, to_string};
use super::json::stringify;
use super::options::{count_options, OptionKind};
use super::value::Value;

/// A filter as pinejs keeps it before concatenation.
type Tokens = Vec<String>;

/// Where a filter is built: `lambda` lifts the nested-property prohibition
/// (pinejs' `disableExpandFilterError`, set while building a lambda `$expr`).
#[derive(Clone, Copy, Default)]
pub struct Scope {
    /// Inside the `$expr` of an `$any` / `$all`.
    pub lambda: bool,
}

const EQ: &str = " eq ";
const AND: &str = " and ";
const OR: &str = " or ";

/// The whole `$filter` option value as text.
pub fn filter_text(filter: &Value, scope: Scope) -> Result<String> {
    Ok(build(filter, None, None, scope)?.concat())
}

/// pinejs `addParentKey`: with a path, `[path, operator, filter]` where a
/// multi-token filter is parenthesised; without one, the filter itself.
fn add_parent_key(mut filter: Tokens, path: Option<&[String]>, operator: &str) -> Tokens {
    let Some(path) = path else { return filter };
    let operand = match filter.len() {
        1 => filter.pop().unwrap_or_default(),
        _ => format!("({})", filter.concat()),
    };
    vec![escape_path(path), operator.to_string(), operand]
}

/// A single text token, then [`add_parent_key`].
fn keyed(text: String, path: Option<&[String]>, operator: &str) -> Tokens {
    add_parent_key(vec![text], path, operator)
}

/// pinejs `bracketJoin`: joins token lists with `separator`, parenthesising
/// as pinejs does.
fn bracket_join(mut lists: Vec<Tokens>, separator: &str) -> Tokens {
    if lists.len() == 1 {
        return lists.pop().unwrap_or_default();
    }
    let other = match separator {
        OR => Some(AND),
        AND => Some(OR),
        _ => None,
    };
    let mut out = Tokens::new();
    for (i, list) in lists.into_iter().enumerate() {
        if i > 0 {
            out.push(separator.to_string());
        }
        let wrap = match other {
            Some(other) => list.iter().any(|token| token == other),
            None => list.len() > 1,
        };
        if wrap {
            out.push(format!("({})", list.concat()));
        } else {
            out.extend(list);
        }
    }
    out
}

/// pinejs `buildFilter`.
fn build(filter: &Value, path: Option<&[String]>, join: Option<&str>, scope: Scope) -> Result<Tokens> {
    match filter {
        _ if is_primitive(filter) => Ok(keyed(escape_value(filter)?, path, EQ)),
        Value::Array(items) => {
            let joined = bracket_join(filter_array(items, None, 2, scope)?, join.unwrap_or(OR));
            Ok(add_parent_key(joined, path, EQ))
        }
        _ if is_object(filter) => Ok(bracket_join(filter_object(filter, path, scope)?, join.unwrap_or(AND))),
        other => Err(PineError::new(format!("Expected null/string/number/obj/array, got: {}", other.type_of()))),
    }
}

/// pinejs `handleFilterArray`: at least `min` elements, each built on `path`.
fn filter_array(items: &[Value], path: Option<&[String]>, min: usize, scope: Scope) -> Result<Vec<Tokens>> {
    if items.len() < min {
        let json = stringify(&Value::Array(items.to_vec()))?;
        return Err(PineError::new(format!("Filter arrays must have at least {min} elements, got: {json}")));
    }
    items.iter().map(|item| build(item, path, None, scope)).collect()
}

/// pinejs `handleFilterObject`: one token list per own key.
fn filter_object(filter: &Value, path: Option<&[String]>, scope: Scope) -> Result<Vec<Tokens>> {
    let mut lists = Vec::new();
    for (key, value) in own_entries(filter) {
        let value = value.as_ref();
        if matches!(value, Value::Undefined) {
            return Err(PineError::new(format!(
                "'{key}' was present on a filter object but undefined, did you mean to use null instead?"
            )));
        }
        let list = if key.starts_with('$') {
            operator(value, &key, path, scope)?
        } else if key.starts_with('@') {
            keyed(alias_ref(value)?, path, EQ)
        } else {
            let mut keys = Vec::new();
            if let Some(path) = path {
                if !scope.lambda && !path.is_empty() {
                    return Err(PineError::new(
                        "`$filter: a: b: ...` has been removed, please use `$filter: a: $any: { $alias: \"x\", $expr: x: b: ... }` instead.",
                    ));
                }
                keys.extend_from_slice(path);
            }
            keys.push(key.into_owned());
            build(value, Some(&keys), None, scope)?
        };
        lists.push(list);
    }
    Ok(lists)
}

/// The entries of a filter object, each concatenated, joined with `,`.
fn comma_joined(lists: Vec<Tokens>) -> String {
    lists.iter().map(|list| list.concat()).collect::<Vec<_>>().join(",")
}

/// pinejs `handleFilterOperator` for the `$key` operator.
fn operator(value: &Value, key: &str, path: Option<&[String]>, scope: Scope) -> Result<Tokens> {
    let name = key.get(1..).unwrap_or_default();
    match name {
        "eq" | "ne" | "gt" | "ge" | "lt" | "le" | "add" | "sub" | "mul" | "div" | "mod" => {
            binary(value, key, &format!(" {name} "), path, scope)
        }
        "contains" | "endswith" | "startswith" | "length" | "indexof" | "substring" | "tolower" | "toupper"
        | "trim" | "concat" | "year" | "month" | "day" | "hour" | "minute" | "second" | "fractionalseconds"
        | "date" | "time" | "totaloffsetminutes" | "now" | "maxdatetime" | "mindatetime" | "totalseconds"
        | "round" | "floor" | "ceiling" | "isof" | "cast" => function(value, name, path, scope),
        "duration" => Ok(keyed(duration(value)?, path, EQ)),
        "raw" => raw(value, path, scope),
        "" => Ok(keyed(escape_resource(value)?, path, EQ)),
        "count" => count(value, path, scope),
        "and" | "or" => Ok(add_parent_key(build(value, None, Some(&format!(" {name} ")), scope)?, path, EQ)),
        "in" => r#in(value, path, scope),
        "not" => Ok(keyed(format!("not({})", build(value, None, None, scope)?.concat()), path, EQ)),
        "any" | "all" => lambda(value, name, path),
        "fn" => Ok(keyed(method_call(value)?, path, "/")),
        _ => Err(PineError::new(format!("Unrecognised operator: '{key}'"))),
    }
}

/// pinejs `filterOperation`: comparison and arithmetic operators.
fn binary(value: &Value, key: &str, op: &str, path: Option<&[String]>, scope: Scope) -> Result<Tokens> {
    match value {
        _ if is_primitive(value) => Ok(keyed(escape_value(value)?, path, op)),
        Value::Array(items) => Ok(add_parent_key(bracket_join(filter_array(items, None, 2, scope)?, op), path, EQ)),
        _ if is_object(value) => {
            let mut lists = filter_object(value, None, scope)?;
            match lists.len() {
                0 => Err(PineError::new(format!(
                    "{key} objects must have at least 1 property, got: {}",
                    stringify(value)?
                ))),
                1 => Ok(add_parent_key(lists.pop().unwrap_or_default(), path, op)),
                _ => Ok(add_parent_key(bracket_join(lists, op), path, EQ)),
            }
        }
        other => Err(PineError::new(format!(
            "Expected null/string/number/bool/obj/array, got: {}",
            other.type_of()
        ))),
    }
}

/// pinejs `filterFunction`: `name(operands)`.
fn function(value: &Value, name: &str, path: Option<&[String]>, scope: Scope) -> Result<Tokens> {
    let operands = match value {
        _ if is_primitive(value) => {
            let mut operands = path.map(escape_path).into_iter().collect::<Vec<_>>();
            operands.push(escape_value(value)?);
            return Ok(vec![format!("{name}({})", operands.join(","))]);
        }
        Value::Array(items) => filter_array(items, None, 2, scope)?,
        _ if is_object(value) => filter_object(value, None, scope)?,
        other => {
            return Err(PineError::new(format!(
                "Expected null/string/number/obj/array, got: {}",
                other.type_of()
            )))
        }
    };
    Ok(keyed(format!("{name}({})", comma_joined(operands)), path, EQ))
}

/// `$duration`: `duration'[-]P[nD][T[nH][nM][nS]]'`.
fn duration(value: &Value) -> Result<String> {
    if !is_object(value) {
        return Err(PineError::new(format!("Expected type for $duration, got: {}", value.type_of())));
    }
    let mut text = String::from("P");
    let days = get(value, "days");
    if days.is_truthy() {
        text.push_str(&to_string(days)?);
        text.push('D');
    }
    let mut time = String::new();
    for (part, flag) in [("hours", 'H'), ("minutes", 'M'), ("seconds", 'S')] {
        let amount = get(value, part);
        if amount.is_truthy() {
            time.push_str(&to_string(amount)?);
            time.push(flag);
        }
    }
    if !time.is_empty() {
        text.push('T');
        text.push_str(&time);
    }
    if text.len() <= 1 {
        return Err(PineError::new("Expected $duration to include duration properties, got: object"));
    }
    let sign = if get(value, "negative").is_truthy() { "-" } else { "" };
    Ok(format!("duration'{sign}{text}'"))
}

/// `$raw`: verbatim OData text, optionally with bound parameters.
fn raw(value: &Value, path: Option<&[String]>, scope: Scope) -> Result<Tokens> {
    let (template, params): (&Value, Vec<(String, &Value)>) = match value {
        Value::String(s) => return Ok(keyed(format!("({})", s.as_str()), path, EQ)),
        Value::Array(items) => {
            let (first, rest) = items.split_first().unwrap_or((&Value::Undefined, &[]));
            if !matches!(first, Value::String(_)) {
                return Err(PineError::new(format!(
                    "First element of array for $raw must be a string, got: {}",
                    first.type_of()
                )));
            }
            (first, rest.iter().enumerate().map(|(i, p)| ((i + 1).to_string(), p)).collect())
        }
        _ if is_object(value) && !is_primitive(value) => {
            let template = get(value, "$string");
            if !matches!(template, Value::String(_)) {
                return Err(PineError::new(format!(
                    "$string element of object for $raw must be a string, got: {}",
                    template.type_of()
                )));
            }
            let mut params = Vec::new();
            if let Value::Object(object) = value {
                for (name, param) in object.iter().filter(|(name, _)| *name != "$string") {
                    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
                        return Err(PineError::new(format!(
                            "$raw param names must contain only [a-zA-Z0-9], got: {name}"
                        )));
                    }
                    params.push((name.to_string(), param));
                }
            }
            (template, params)
        }
        other => return Err(PineError::new(format!("Expected string/array/object for $raw, got: {}", other.type_of()))),
    };
    let mut text = to_string(template)?;
    for (name, param) in params {
        let bound = format!("({})", build(param, None, None, scope)?.concat());
        text = bind(&text, &name, &bound);
    }
    Ok(keyed(format!("({text})"), path, EQ))
}

/// Replaces every `$name` not followed by an ASCII letter or digit with
/// `bound`, scanning as the regex `/\$name([^a-zA-Z0-9]|$)/g` does (the
/// character after a match is consumed, so `$1$1` binds only the first).
fn bind(text: &str, name: &str, bound: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        match after.strip_prefix(name) {
            Some(tail) if !tail.starts_with(|c: char| c.is_ascii_alphanumeric()) => {
                out.push_str(bound);
                let next = tail.chars().next().map_or(0, char::len_utf8);
                out.push_str(&tail[..next]);
                rest = &tail[next..];
            }
            _ => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `$count` inside a filter: `path/$count[($filter=…)]`.
fn count(value: &Value, path: Option<&[String]>, scope: Scope) -> Result<Tokens> {
    if let Some((last, parents)) = path.and_then(<[String]>::split_last) {
        if is_object(value) && (own_entries(value).is_empty() || has_own(value, "$filter")) {
            let mut keys = parents.to_vec();
            keys.push(count_options(OptionKind::Filter, value, last, scope)?);
            return Ok(vec![keys.join("/")]);
        }
    }
    Err(PineError::new(
        "`$filter: { a: { $count: { $op: number } } }` has been removed, please use `$filter: { $eq: [ { a: { $count: {} } }, number ] }` instead.",
    ))
}

/// `$in`: `path in (…)` for primitives, else alternatives joined with `or`.
fn r#in(value: &Value, path: Option<&[String]>, scope: Scope) -> Result<Tokens> {
    match value {
        _ if is_primitive(value) => Ok(keyed(escape_value(value)?, path, EQ)),
        Value::Array(items) if items.iter().all(is_primitive) => {
            let list = bracket_join(filter_array(items, None, 1, scope)?, ",").concat();
            Ok(keyed(format!("({list})"), path, " in "))
        }
        Value::Array(items) => Ok(bracket_join(filter_array(items, path, 1, scope)?, OR)),
        _ if is_object(value) => {
            let lists = filter_object(value, path, scope)?;
            if lists.is_empty() {
                return Err(PineError::new(format!(
                    "$in objects must have at least 1 property, got: {}",
                    stringify(value)?
                )));
            }
            Ok(bracket_join(lists, OR))
        }
        other => Err(PineError::new(format!(
            "Expected null/string/number/bool/obj/array, got: {}",
            other.type_of()
        ))),
    }
}

/// `$any` / `$all`: `path/any(alias:expr)`.
fn lambda(value: &Value, name: &str, path: Option<&[String]>) -> Result<Tokens> {
    if value.is_nullish() {
        return Err(read_of_nullish(value, "$alias"));
    }
    let alias = get(value, "$alias");
    let expr = get(value, "$expr");
    if alias.is_nullish() {
        return Err(PineError::new(format!("Lambda expression (${name}) has no alias defined.")));
    }
    if expr.is_nullish() {
        return Err(PineError::new(format!("Lambda expression (${name}) has no expr defined.")));
    }
    let expr = build(expr, None, None, Scope { lambda: true })?.concat();
    Ok(keyed(format!("{name}({}:{expr})", to_string(alias)?), path, "/"))
}

/// `$fn`: `scope.method(args)`.
fn method_call(value: &Value) -> Result<String> {
    if value.is_nullish() {
        return Err(read_of_nullish(value, "$scope"));
    }
    let mut text = String::new();
    for (key, separator) in [("$scope", "."), ("$method", "(")] {
        let part = get(value, key);
        if !matches!(part, Value::String(_)) {
            return Err(PineError::new(format!("Function expression ($fn) {key} must be a string.")));
        }
        text.push_str(&escape_resource(part)?);
        text.push_str(separator);
    }
    match get(value, "$args") {
        Value::Undefined | Value::Null => {}
        Value::Array(args) => {
            let args = args.iter().map(escape_value).collect::<Result<Vec<_>>>()?;
            text.push_str(&args.join(","));
        }
        _ => return Err(PineError::type_error("_a.map is not a function")),
    }
    text.push(')');
    Ok(text)
}
