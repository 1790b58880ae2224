//! `$filter`: pinejs builds a list of string tokens whose structure decides
//! the parenthesisation, and concatenates it at the end. This module keeps
//! the same token lists.

use super::error::{PineError, Result};
use super::escape::{alias_ref, escape_path, escape_resource, escape_value};
use super::js::{get, has_own, is_object, is_primitive, own_entries, read_of_nullish, to_string};
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
        _ => wrapped("(", filter),
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
            out.push(wrapped("(", list));
        } else {
            out.extend(list);
        }
    }
    out
}

/// pinejs `buildFilter`.
fn build(
    filter: &Value,
    path: Option<&[String]>,
    join: Option<&str>,
    scope: Scope,
) -> Result<Tokens> {
    match filter {
        _ if is_primitive(filter) => primitive(filter, path, EQ),
        Value::Array(items) => joined_array(items, join.unwrap_or(OR), path, scope),
        _ if is_object(filter) => {
            filter_object(filter, path, scope).map(|lists| bracket_join(lists, join.unwrap_or(AND)))
        }
        other => Err(PineError::got_type(
            "Expected null/string/number/obj/array, got: ",
            other,
        )),
    }
}

/// A primitive compared to the path: `path <op> value`, or the value alone.
fn primitive(value: &Value, path: Option<&[String]>, op: &str) -> Result<Tokens> {
    escape_value(value).map(|text| keyed(text, path, op))
}

/// The items (at least 2) built and joined with `separator`, then `path eq (…)`.
fn joined_array(
    items: &[Value],
    separator: &str,
    path: Option<&[String]>,
    scope: Scope,
) -> Result<Tokens> {
    filter_array(items, None, 2, scope)
        .map(|lists| add_parent_key(bracket_join(lists, separator), path, EQ))
}

/// pinejs `handleFilterArray`: at least `min` elements, each built on `path`.
fn filter_array(
    items: &[Value],
    path: Option<&[String]>,
    min: usize,
    scope: Scope,
) -> Result<Vec<Tokens>> {
    if items.len() < min {
        return Err(too_short(items, min));
    }
    let mut lists = Vec::with_capacity(items.len());
    for item in items {
        match build(item, path, None, scope) {
            Ok(list) => lists.push(list),
            Err(err) => return Err(err),
        }
    }
    Ok(lists)
}

/// pinejs `handleFilterObject`: one token list per own key (a `Set` has none).
fn filter_object(filter: &Value, path: Option<&[String]>, scope: Scope) -> Result<Vec<Tokens>> {
    let mut lists = Vec::new();
    if let Value::Object(object) = filter {
        for (key, value) in object.iter() {
            match filter_entry(key, value, path, scope) {
                Ok(list) => lists.push(list),
                Err(err) => return Err(err),
            }
        }
    }
    Ok(lists)
}

/// One `key: value` entry of a filter object.
fn filter_entry(key: &str, value: &Value, path: Option<&[String]>, scope: Scope) -> Result<Tokens> {
    if matches!(value, Value::Undefined) {
        Err(PineError::around(
            "'",
            key,
            "' was present on a filter object but undefined, did you mean to use null instead?",
        ))
    } else if key.starts_with('$') {
        operator(value, key, path, scope)
    } else if key.starts_with('@') {
        alias_ref(value).map(|alias| keyed(alias, path, EQ))
    } else {
        property_filter(key, value, path, scope)
    }
}

/// A `property: filter` entry: the filter built on `path/property`.
fn property_filter(
    key: &str,
    value: &Value,
    path: Option<&[String]>,
    scope: Scope,
) -> Result<Tokens> {
    let mut keys = Vec::new();
    if let Some(path) = path {
        if !scope.lambda && !path.is_empty() {
            return Err(nested_property());
        }
        keys.extend_from_slice(path);
    }
    keys.push(key.to_string());
    build(value, Some(&keys), None, scope)
}

/// `name(a,b,…)` from operand token lists.
fn call(name: &str, operands: Vec<Tokens>) -> String {
    let operands: Vec<String> = operands.iter().map(|list| list.concat()).collect();
    format!("{name}({})", operands.join(","))
}

/// `open` + the concatenated tokens + `)`.
fn wrapped(open: &str, tokens: Tokens) -> String {
    [open, &tokens.concat(), ")"].concat()
}

/// `Filter arrays must have at least <min> elements, got: <JSON>`.
#[cold]
#[inline(never)]
fn too_short(items: &[Value], min: usize) -> PineError {
    let message = format!("Filter arrays must have at least {min} elements, got: ");
    PineError::got_json(&message, &Value::Array(items.to_vec()))
}

/// `<$op> objects must have at least 1 property, got: <JSON>`.
#[cold]
#[inline(never)]
fn no_properties(key: &str, value: &Value) -> PineError {
    PineError::got_json(
        &format!("{key} objects must have at least 1 property, got: "),
        value,
    )
}

/// The error for a property path outside a lambda.
#[cold]
#[inline(never)]
fn nested_property() -> PineError {
    PineError::new(
        "`$filter: a: b: ...` has been removed, please use `$filter: a: $any: { $alias: \"x\", $expr: x: b: ... }` instead.",
    )
}

/// The kinds of `$` operator pinejs knows.
#[derive(Clone, Copy)]
enum Operator {
    /// A comparison or arithmetic operator, with its separator.
    Binary(&'static str),
    /// An OData function such as `contains` or `now`.
    Function,
    /// `$duration`.
    Duration,
    /// `$raw`.
    Raw,
    /// `$` (property reference).
    Property,
    /// `$count`.
    Count,
    /// `$and` / `$or`, with the separator.
    Logical(&'static str),
    /// `$in`.
    In,
    /// `$not`.
    Not,
    /// `$any` / `$all`.
    Lambda,
    /// `$fn`.
    Method,
}

/// Every operator name (without `$`) and its kind.
const OPERATORS: [(&str, Operator); 51] = {
    use Operator::*;
    [
        ("eq", Binary(EQ)),
        ("ne", Binary(" ne ")),
        ("gt", Binary(" gt ")),
        ("ge", Binary(" ge ")),
        ("lt", Binary(" lt ")),
        ("le", Binary(" le ")),
        ("add", Binary(" add ")),
        ("sub", Binary(" sub ")),
        ("mul", Binary(" mul ")),
        ("div", Binary(" div ")),
        ("mod", Binary(" mod ")),
        ("contains", Function),
        ("endswith", Function),
        ("startswith", Function),
        ("length", Function),
        ("indexof", Function),
        ("substring", Function),
        ("tolower", Function),
        ("toupper", Function),
        ("trim", Function),
        ("concat", Function),
        ("year", Function),
        ("month", Function),
        ("day", Function),
        ("hour", Function),
        ("minute", Function),
        ("second", Function),
        ("fractionalseconds", Function),
        ("date", Function),
        ("time", Function),
        ("totaloffsetminutes", Function),
        ("now", Function),
        ("maxdatetime", Function),
        ("mindatetime", Function),
        ("totalseconds", Function),
        ("round", Function),
        ("floor", Function),
        ("ceiling", Function),
        ("isof", Function),
        ("cast", Function),
        ("duration", Duration),
        ("raw", Raw),
        ("", Property),
        ("count", Count),
        ("and", Logical(AND)),
        ("or", Logical(OR)),
        ("in", In),
        ("not", Not),
        ("any", Lambda),
        ("all", Lambda),
        ("fn", Method),
    ]
};

/// pinejs `handleFilterOperator` for the `$key` operator.
fn operator(value: &Value, key: &str, path: Option<&[String]>, scope: Scope) -> Result<Tokens> {
    let name = key.get(1..).unwrap_or_default();
    match operator_kind(name) {
        Some(Operator::Binary(op)) => binary(value, key, op, path, scope),
        Some(Operator::Function) => function(value, name, path, scope),
        Some(Operator::Duration) => duration(value, path),
        Some(Operator::Raw) => raw(value, path, scope),
        Some(Operator::Property) => property(value, path),
        Some(Operator::Count) => count(value, path, scope),
        Some(Operator::Logical(join)) => logical(value, join, path, scope),
        Some(Operator::In) => r#in(value, path, scope),
        Some(Operator::Not) => not(value, path, scope),
        Some(Operator::Lambda) => lambda(value, name, path),
        Some(Operator::Method) => method_call(value, path),
        None => Err(PineError::around("Unrecognised operator: '", key, "'")),
    }
}

/// The kind of the operator `name` (without `$`), if pinejs knows it.
fn operator_kind(name: &str) -> Option<Operator> {
    OPERATORS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, kind)| *kind)
}

/// `$`: a property path, `path eq other/path`.
fn property(value: &Value, path: Option<&[String]>) -> Result<Tokens> {
    Ok(keyed(escape_resource(value)?, path, EQ))
}

/// `$and` / `$or`.
fn logical(value: &Value, join: &str, path: Option<&[String]>, scope: Scope) -> Result<Tokens> {
    match build(value, None, Some(join), scope) {
        Ok(tokens) => Ok(add_parent_key(tokens, path, EQ)),
        Err(err) => Err(err),
    }
}

/// `$not`: `not(…)`.
fn not(value: &Value, path: Option<&[String]>, scope: Scope) -> Result<Tokens> {
    match build(value, None, None, scope) {
        Ok(tokens) => Ok(keyed(wrapped("not(", tokens), path, EQ)),
        Err(err) => Err(err),
    }
}

/// pinejs `filterOperation`: comparison and arithmetic operators.
fn binary(
    value: &Value,
    key: &str,
    op: &str,
    path: Option<&[String]>,
    scope: Scope,
) -> Result<Tokens> {
    match value {
        _ if is_primitive(value) => primitive(value, path, op),
        Value::Array(items) => joined_array(items, op, path, scope),
        _ if is_object(value) => filter_object(value, None, scope)
            .and_then(|lists| binary_entries(lists, value, key, op, path)),
        other => Err(PineError::got_type(
            "Expected null/string/number/bool/obj/array, got: ",
            other,
        )),
    }
}

/// The entries of an operator object: one compared with `op`, several
/// joined with `op` and compared with `eq`.
fn binary_entries(
    mut lists: Vec<Tokens>,
    value: &Value,
    key: &str,
    op: &str,
    path: Option<&[String]>,
) -> Result<Tokens> {
    match lists.len() {
        0 => Err(no_properties(key, value)),
        1 => Ok(add_parent_key(lists.pop().unwrap_or_default(), path, op)),
        _ => Ok(add_parent_key(bracket_join(lists, op), path, EQ)),
    }
}

/// pinejs `filterFunction`: `name(operands)`.
fn function(value: &Value, name: &str, path: Option<&[String]>, scope: Scope) -> Result<Tokens> {
    let operands = match value {
        _ if is_primitive(value) => return function_of_primitive(value, name, path),
        Value::Array(items) => filter_array(items, None, 2, scope),
        _ if is_object(value) => filter_object(value, None, scope),
        other => Err(PineError::got_type(
            "Expected null/string/number/obj/array, got: ",
            other,
        )),
    };
    operands.map(|lists| keyed(call(name, lists), path, EQ))
}

/// `name(path,value)` for a primitive operand (a single token).
fn function_of_primitive(value: &Value, name: &str, path: Option<&[String]>) -> Result<Tokens> {
    let mut operands = path.map(escape_path).into_iter().collect::<Vec<_>>();
    operands.push(escape_value(value)?);
    Ok(vec![format!("{name}({})", operands.join(","))])
}

/// `$duration`: `duration'[-]P[nD][T[nH][nM][nS]]'`.
fn duration(value: &Value, path: Option<&[String]>) -> Result<Tokens> {
    if !is_object(value) {
        return Err(PineError::got_type(
            "Expected type for $duration, got: ",
            value,
        ));
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
        return Err(PineError::new(
            "Expected $duration to include duration properties, got: object",
        ));
    }
    let sign = if get(value, "negative").is_truthy() {
        "-"
    } else {
        ""
    };
    Ok(keyed(format!("duration'{sign}{text}'"), path, EQ))
}

/// `$raw`: verbatim OData text, optionally with bound parameters.
fn raw(value: &Value, path: Option<&[String]>, scope: Scope) -> Result<Tokens> {
    if let Value::String(s) = value {
        return Ok(keyed(format!("({})", s.as_str()), path, EQ));
    }
    let (mut text, params) = raw_parts(value)?;
    for (name, param) in params {
        let bound = wrapped("(", build(param, None, None, scope)?);
        text = bind(&text, &name, &bound);
    }
    Ok(keyed(format!("({text})"), path, EQ))
}

/// The template and named parameters of a non-string `$raw`.
fn raw_parts(value: &Value) -> Result<(String, Vec<(String, &Value)>)> {
    match value {
        Value::Array(items) => {
            let (first, rest) = items.split_first().unwrap_or((&Value::Undefined, &[]));
            match first {
                Value::String(s) => {
                    let params = rest.iter().enumerate();
                    Ok((
                        s.as_str().to_string(),
                        params.map(|(i, p)| ((i + 1).to_string(), p)).collect(),
                    ))
                }
                _ => Err(PineError::got_type(
                    "First element of array for $raw must be a string, got: ",
                    first,
                )),
            }
        }
        _ if is_object(value) && !is_primitive(value) => {
            let Value::String(template) = get(value, "$string") else {
                return Err(PineError::got_type(
                    "$string element of object for $raw must be a string, got: ",
                    get(value, "$string"),
                ));
            };
            let mut params = Vec::new();
            if let Value::Object(object) = value {
                for (name, param) in object.iter().filter(|(name, _)| *name != "$string") {
                    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
                        return Err(PineError::around(
                            "$raw param names must contain only [a-zA-Z0-9], got: ",
                            name,
                            "",
                        ));
                    }
                    params.push((name.to_string(), param));
                }
            }
            Ok((template.as_str().to_string(), params))
        }
        other => Err(PineError::got_type(
            "Expected string/array/object for $raw, got: ",
            other,
        )),
    }
}

/// Replaces every `$name` not followed by an ASCII letter or digit with
/// `bound`, scanning as the regex `/\$name([^a-zA-Z0-9]|$)/g` does (the
/// character after a match is consumed, so `$1$1` binds only the first).
fn bind(text: &str, name: &str, bound: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, after)) = rest.split_once('$') {
        out.push_str(before);
        match after.strip_prefix(name) {
            Some(tail) if !tail.starts_with(|c: char| c.is_ascii_alphanumeric()) => {
                out.push_str(bound);
                let mut chars = tail.chars();
                out.extend(chars.next());
                rest = chars.as_str();
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
        _ if is_primitive(value) => primitive(value, path, EQ),
        Value::Array(items) if items.iter().all(is_primitive) => {
            filter_array(items, None, 1, scope)
                .map(|lists| keyed(wrapped("(", bracket_join(lists, ",")), path, " in "))
        }
        Value::Array(items) => {
            filter_array(items, path, 1, scope).map(|lists| bracket_join(lists, OR))
        }
        _ if is_object(value) => filter_object(value, path, scope).and_then(|lists| {
            if lists.is_empty() {
                return Err(no_properties("$in", value));
            }
            Ok(bracket_join(lists, OR))
        }),
        other => Err(PineError::got_type(
            "Expected null/string/number/bool/obj/array, got: ",
            other,
        )),
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
        return Err(PineError::around(
            "Lambda expression ($",
            name,
            ") has no alias defined.",
        ));
    }
    if expr.is_nullish() {
        return Err(PineError::around(
            "Lambda expression ($",
            name,
            ") has no expr defined.",
        ));
    }
    let expr = build(expr, None, None, Scope { lambda: true })?.concat();
    Ok(keyed(
        format!("{name}({}:{expr})", to_string(alias)?),
        path,
        "/",
    ))
}

/// `$fn`: `path/scope.method(args)`.
fn method_call(value: &Value, path: Option<&[String]>) -> Result<Tokens> {
    if value.is_nullish() {
        return Err(read_of_nullish(value, "$scope"));
    }
    let mut text = String::new();
    for (key, separator) in [("$scope", "."), ("$method", "(")] {
        let part = get(value, key);
        if !matches!(part, Value::String(_)) {
            return Err(PineError::around(
                "Function expression ($fn) ",
                key,
                " must be a string.",
            ));
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
    Ok(keyed(text, path, "/"))
}
