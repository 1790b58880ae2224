//! `$filter`: pinejs builds a list of string tokens whose structure decides
//! the parenthesisation, and concatenates it at the end. This module writes
//! the concatenation straight into one output `String` and keeps, per token
//! list, only what pinejs' decisions read: its length and whether one of its
//! tokens is ` and ` / ` or ` ([`Shape`]).

use super::error::{PineError, Result};
use super::escape::{
    check_encodable, restore_count_at, write_alias_ref, write_component, write_resource,
    write_value,
};
use super::js::{
    get, has_own, is_object, is_primitive, own_entries, read_of_nullish, starts_with_byte,
    write_string,
};
use super::js_str::{Append, JsStr};
use super::number::digits;
use super::options::{write_count_options, OptionKind};
use super::slice::slice;
use super::value::Value;
use crate::prelude::*;

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

/// What pinejs can observe of a token list once its text is written: the
/// number of tokens and whether a token is exactly ` and ` / ` or `.
#[derive(Clone, Copy, Default)]
struct Shape {
    len: usize,
    and: bool,
    or: bool,
}

impl Shape {
    /// One token that is neither ` and ` nor ` or ` (a value, a path, a
    /// parenthesised or called group).
    const ONE: Shape = Shape {
        len: 1,
        and: false,
        or: false,
    };

    /// One token with the text `token`.
    fn token(token: &str) -> Shape {
        Shape {
            len: 1,
            and: token == AND,
            or: token == OR,
        }
    }

    /// This list followed by `other`.
    fn then(self, other: Shape) -> Shape {
        Shape {
            len: self.len + other.len,
            and: self.and || other.and,
            or: self.or || other.or,
        }
    }
}

/// A property path (pinejs `parentKey` array), innermost key last.
#[derive(Clone, Copy)]
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    key: &'a JsStr,
}

type ParentKey<'a> = Option<&'a Path<'a>>;

/// Appends pinejs `escapeResource(path)`, U+FFFD encoded for a lone
/// surrogate: [`check_path`] fails where pinejs escapes it.
fn write_path(out: &mut JsStr, path: &Path<'_>) {
    let start = out.len();
    write_segments(out, path, true);
    restore_count_at(out, start);
}

/// The path's keys joined with `/`, percent-encoded or as they are.
fn write_segments(out: &mut JsStr, path: &Path<'_>, encode: bool) {
    if let Some(parent) = path.parent {
        write_segments(out, parent, encode);
        out.push('/');
    }
    if encode {
        write_component(out, path.key.as_str());
    } else {
        out.push_js(path.key);
    }
}

/// What pinejs `escapeResource(path)` throws, if anything: `URIError` for
/// a key with lone surrogates.
fn check_path(path: &Path<'_>) -> Result<()> {
    check_encodable(path.key)?;
    path.parent.map_or(Ok(()), check_path)
}

/// The whole `$filter` option value, appended to `out`.
pub fn write_filter(out: &mut JsStr, filter: &Value, scope: Scope) -> Result<()> {
    build(out, filter, None, None, scope).map(|_| ())
}

/// The first half of pinejs `addParentKey`: with a path, writes the
/// `path` and `operator` tokens; returns where the operand starts.
fn open_key(out: &mut JsStr, path: ParentKey<'_>, operator: &str) -> usize {
    if let Some(path) = path {
        write_path(out, path);
        out.push_str(operator);
    }
    out.len()
}

/// The second half of pinejs `addParentKey`: the operand written since
/// `start` is parenthesised unless it is a single token; then the path is
/// escaped (its error comes after the operand's).
fn close_key(
    out: &mut JsStr,
    start: usize,
    operand: Shape,
    path: ParentKey<'_>,
    operator: &str,
) -> Result<Shape> {
    let Some(path) = path else {
        return Ok(operand);
    };
    check_path(path)?;
    let operand = if operand.len == 1 {
        operand
    } else {
        wrap(out, start);
        Shape::ONE
    };
    Ok(Shape::ONE.then(Shape::token(operator)).then(operand))
}

/// Parenthesises what was written since `start`.
fn wrap(out: &mut JsStr, start: usize) {
    out.insert(start, '(');
    out.push(')');
}

/// pinejs `bracketJoin`, fed one list at a time: joins `count` lists with
/// `separator`, parenthesising as pinejs does. Call [`Joiner::next`] before
/// writing each list and [`Joiner::add`] with its shape after.
struct Joiner<'s> {
    separator: &'s str,
    count: usize,
    written: usize,
    start: usize,
    shape: Shape,
}

impl<'s> Joiner<'s> {
    fn new(separator: &'s str, count: usize) -> Self {
        Joiner {
            separator,
            count,
            written: 0,
            start: 0,
            shape: Shape::default(),
        }
    }

    /// Before a list: the separator token, then remember where it starts.
    fn next(&mut self, out: &mut JsStr) {
        if self.written > 0 && self.count != 1 {
            out.push_str(self.separator);
            self.shape = self.shape.then(Shape::token(self.separator));
        }
        self.start = out.len();
    }

    /// After a list of `list` shape was written.
    fn add(&mut self, out: &mut JsStr, list: Shape) {
        self.written += 1;
        if self.count == 1 {
            // A single list is returned as it is.
            self.shape = list;
            return;
        }
        let logical = self.separator == AND || self.separator == OR;
        let wrapped = if logical {
            if self.separator == OR {
                list.and
            } else {
                list.or
            }
        } else {
            list.len > 1
        };
        self.shape = self.shape.then(if wrapped {
            wrap(out, self.start);
            Shape::ONE
        } else if logical || list.len == 1 {
            list
        } else {
            // pinejs pushes `subArr[0]`: `undefined` for an empty list.
            Shape::ONE
        });
    }

    /// The joined list's shape.
    fn finish(self) -> Shape {
        self.shape
    }
}

/// Builds each item (on no path) and joins them with `separator`.
fn join_items(
    out: &mut JsStr,
    items: &[Value],
    separator: &str,
    path: ParentKey<'_>,
    scope: Scope,
) -> Result<Shape> {
    let mut joiner = Joiner::new(separator, items.len());
    for item in items {
        joiner.next(out);
        let list = build(out, item, path, None, scope)?;
        joiner.add(out, list);
    }
    Ok(joiner.finish())
}

/// pinejs `buildFilter`.
fn build(
    out: &mut JsStr,
    filter: &Value,
    path: ParentKey<'_>,
    join: Option<&str>,
    scope: Scope,
) -> Result<Shape> {
    match filter {
        _ if is_primitive(filter) => primitive(out, filter, path, EQ),
        Value::Array(items) => joined_array(out, items, join.unwrap_or(OR), path, scope),
        _ if is_object(filter) => filter_object(out, filter, path, join.unwrap_or(AND), scope),
        other => Err(PineError::got_type(
            "Expected null/string/number/obj/array, got: ",
            other,
        )),
    }
}

/// A primitive compared to the path: `path <op> value`, or the value alone.
fn primitive(out: &mut JsStr, value: &Value, path: ParentKey<'_>, op: &str) -> Result<Shape> {
    let start = open_key(out, path, op);
    write_value(out, value)?;
    close_key(out, start, Shape::ONE, path, op)
}

/// The items (at least 2) built and joined with `separator`, then `path eq (…)`.
fn joined_array(
    out: &mut JsStr,
    items: &[Value],
    separator: &str,
    path: ParentKey<'_>,
    scope: Scope,
) -> Result<Shape> {
    check_length(items, 2)?;
    let start = open_key(out, path, EQ);
    let shape = join_items(out, items, separator, None, scope)?;
    close_key(out, start, shape, path, EQ)
}

/// pinejs `handleFilterArray`'s length check.
fn check_length(items: &[Value], min: usize) -> Result<()> {
    if items.len() < min {
        return Err(too_short(items, min));
    }
    Ok(())
}

/// The number of lists pinejs `handleFilterObject` gives (a `Set` has none).
fn entry_count(filter: &Value) -> usize {
    match filter {
        Value::Object(object) => object.len(),
        _ => 0,
    }
}

/// pinejs `handleFilterObject` (one list per own key), joined with `separator`.
fn filter_object(
    out: &mut JsStr,
    filter: &Value,
    path: ParentKey<'_>,
    separator: &str,
    scope: Scope,
) -> Result<Shape> {
    let Value::Object(object) = filter else {
        return Ok(Shape::default());
    };
    let mut joiner = Joiner::new(separator, object.len());
    for (key, value) in object.iter() {
        joiner.next(out);
        let list = filter_entry(out, key, value, path, scope)?;
        joiner.add(out, list);
    }
    Ok(joiner.finish())
}

/// One `key: value` entry of a filter object.
fn filter_entry(
    out: &mut JsStr,
    key: &JsStr,
    value: &Value,
    path: ParentKey<'_>,
    scope: Scope,
) -> Result<Shape> {
    if matches!(value, Value::Undefined) {
        Err(PineError::around_key(
            "'",
            key,
            "' was present on a filter object but undefined, did you mean to use null instead?",
        ))
    } else if starts_with_byte(key.as_str(), b'$') {
        operator(out, value, key, path, scope)
    } else if starts_with_byte(key.as_str(), b'@') {
        let start = open_key(out, path, EQ);
        write_alias_ref(out, value)?;
        close_key(out, start, Shape::ONE, path, EQ)
    } else {
        property_filter(out, key, value, path, scope)
    }
}

/// A `property: filter` entry: the filter built on `path/property`.
fn property_filter(
    out: &mut JsStr,
    key: &JsStr,
    value: &Value,
    path: ParentKey<'_>,
    scope: Scope,
) -> Result<Shape> {
    if path.is_some() && !scope.lambda {
        return Err(nested_property());
    }
    let keys = Path { parent: path, key };
    build(out, value, Some(&keys), None, scope)
}

/// `Filter arrays must have at least <min> elements, got: <JSON>`.
#[cold]
#[inline(never)]
fn too_short(items: &[Value], min: usize) -> PineError {
    let message = [
        "Filter arrays must have at least ",
        &digits(min as u64),
        " elements, got: ",
    ]
    .concat();
    PineError::got_json(&message, &Value::Array(items.to_vec()))
}

/// `<$op> objects must have at least 1 property, got: <JSON>`.
#[cold]
#[inline(never)]
fn no_properties(key: &str, value: &Value) -> PineError {
    PineError::got_json(
        &[key, " objects must have at least 1 property, got: "].concat(),
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

/// pinejs `handleFilterOperator` for the `$key` operator.
fn operator(
    out: &mut JsStr,
    value: &Value,
    key: &JsStr,
    path: ParentKey<'_>,
    scope: Scope,
) -> Result<Shape> {
    let name = key.as_str().get(1..).unwrap_or_default();
    match operator_kind(name) {
        Some(Operator::Binary(op)) => binary(out, value, key.as_str(), op, path, scope),
        Some(Operator::Function) => function(out, value, name, path, scope),
        Some(Operator::Duration) => duration(out, value, path),
        Some(Operator::Raw) => raw(out, value, path, scope),
        Some(Operator::Property) => property(out, value, path),
        Some(Operator::Count) => count(out, value, path, scope),
        Some(Operator::Logical(join)) => logical(out, value, join, path, scope),
        Some(Operator::In) => r#in(out, value, path, scope),
        Some(Operator::Not) => not(out, value, path, scope),
        Some(Operator::Lambda) => lambda(out, value, name, path),
        Some(Operator::Method) => method_call(out, value, path),
        None => Err(PineError::around_key("Unrecognised operator: '", key, "'")),
    }
}

/// The kind of the operator `name` (without `$`), if pinejs knows it.
fn operator_kind(name: &str) -> Option<Operator> {
    use Operator::*;
    Some(match name {
        "eq" => Binary(EQ),
        "ne" => Binary(" ne "),
        "gt" => Binary(" gt "),
        "ge" => Binary(" ge "),
        "lt" => Binary(" lt "),
        "le" => Binary(" le "),
        "add" => Binary(" add "),
        "sub" => Binary(" sub "),
        "mul" => Binary(" mul "),
        "div" => Binary(" div "),
        "mod" => Binary(" mod "),
        "contains" | "endswith" | "startswith" | "length" | "indexof" | "substring" | "tolower"
        | "toupper" | "trim" | "concat" | "year" | "month" | "day" | "hour" | "minute"
        | "second" | "fractionalseconds" | "date" | "time" | "totaloffsetminutes" | "now"
        | "maxdatetime" | "mindatetime" | "totalseconds" | "round" | "floor" | "ceiling"
        | "isof" | "cast" => Function,
        "duration" => Duration,
        "raw" => Raw,
        "" => Property,
        "count" => Count,
        "and" => Logical(AND),
        "or" => Logical(OR),
        "in" => In,
        "not" => Not,
        "any" | "all" => Lambda,
        "fn" => Method,
        _ => return None,
    })
}

/// `$`: a property path, `path eq other/path`.
fn property(out: &mut JsStr, value: &Value, path: ParentKey<'_>) -> Result<Shape> {
    let start = open_key(out, path, EQ);
    write_resource(out, value)?;
    close_key(out, start, Shape::ONE, path, EQ)
}

/// `$and` / `$or`.
fn logical(
    out: &mut JsStr,
    value: &Value,
    join: &str,
    path: ParentKey<'_>,
    scope: Scope,
) -> Result<Shape> {
    let start = open_key(out, path, EQ);
    let shape = build(out, value, None, Some(join), scope)?;
    close_key(out, start, shape, path, EQ)
}

/// `$not`: `not(…)`.
fn not(out: &mut JsStr, value: &Value, path: ParentKey<'_>, scope: Scope) -> Result<Shape> {
    let start = open_key(out, path, EQ);
    out.push_str("not(");
    build(out, value, None, None, scope)?;
    out.push(')');
    close_key(out, start, Shape::ONE, path, EQ)
}

/// pinejs `filterOperation`: comparison and arithmetic operators.
fn binary(
    out: &mut JsStr,
    value: &Value,
    key: &str,
    op: &str,
    path: ParentKey<'_>,
    scope: Scope,
) -> Result<Shape> {
    match value {
        _ if is_primitive(value) => primitive(out, value, path, op),
        Value::Array(items) => joined_array(out, items, op, path, scope),
        _ if is_object(value) => {
            // One entry is compared with `op`; several are joined with `op`
            // and compared with `eq`.
            let entries = entry_count(value);
            if entries == 0 {
                return Err(no_properties(key, value));
            }
            let outer = if entries == 1 { op } else { EQ };
            let start = open_key(out, path, outer);
            let shape = filter_object(out, value, None, op, scope)?;
            close_key(out, start, shape, path, outer)
        }
        other => Err(PineError::got_type(
            "Expected null/string/number/bool/obj/array, got: ",
            other,
        )),
    }
}

/// pinejs `filterFunction`: `name(operands)`.
fn function(
    out: &mut JsStr,
    value: &Value,
    name: &str,
    path: ParentKey<'_>,
    scope: Scope,
) -> Result<Shape> {
    if is_primitive(value) {
        return function_of_primitive(out, value, name, path);
    }
    match value {
        Value::Array(items) => check_length(items, 2)?,
        _ if is_object(value) => {}
        other => {
            return Err(PineError::got_type(
                "Expected null/string/number/obj/array, got: ",
                other,
            ))
        }
    }
    let start = open_key(out, path, EQ);
    out.push_str(name);
    out.push('(');
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                build(out, item, None, None, scope)?;
            }
        }
        Value::Object(object) => {
            for (i, (key, item)) in object.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                filter_entry(out, key, item, None, scope)?;
            }
        }
        _ => {}
    }
    out.push(')');
    close_key(out, start, Shape::ONE, path, EQ)
}

/// `name(path,value)` for a primitive operand (a single token). pinejs joins
/// the raw `escapeValue` results, so `null` leaves its place empty.
fn function_of_primitive(
    out: &mut JsStr,
    value: &Value,
    name: &str,
    path: ParentKey<'_>,
) -> Result<Shape> {
    out.push_str(name);
    out.push('(');
    if let Some(path) = path {
        // pinejs escapes the path before the value here.
        check_path(path)?;
        write_path(out, path);
        out.push(',');
    }
    if !matches!(value, Value::Null) {
        write_value(out, value)?;
    }
    out.push(')');
    Ok(Shape::ONE)
}

/// `$duration`: `duration'[-]P[nD][T[nH][nM][nS]]'`.
fn duration(out: &mut JsStr, value: &Value, path: ParentKey<'_>) -> Result<Shape> {
    if !is_object(value) {
        return Err(PineError::got_type(
            "Expected type for $duration, got: ",
            value,
        ));
    }
    let mut text = JsStr::new("P");
    let days = get(value, "days");
    if days.is_truthy() {
        write_string(&mut text, days)?;
        text.push('D');
    }
    let mut time = JsStr::default();
    for (part, flag) in [("hours", 'H'), ("minutes", 'M'), ("seconds", 'S')] {
        let amount = get(value, part);
        if amount.is_truthy() {
            write_string(&mut time, amount)?;
            time.push(flag);
        }
    }
    if !time.is_empty() {
        text.push('T');
        text.push_js(&time);
    }
    if text.len() <= 1 {
        return Err(PineError::new(
            "Expected $duration to include duration properties, got: object",
        ));
    }
    let start = open_key(out, path, EQ);
    out.push_str("duration'");
    if get(value, "negative").is_truthy() {
        out.push('-');
    }
    out.push_js(&text);
    out.push('\'');
    close_key(out, start, Shape::ONE, path, EQ)
}

/// `$raw`: verbatim OData text, optionally with bound parameters.
fn raw(out: &mut JsStr, value: &Value, path: ParentKey<'_>, scope: Scope) -> Result<Shape> {
    let text = match value {
        Value::String(s) => s.clone(),
        _ => {
            let (mut text, params) = raw_parts(value)?;
            for (name, param) in params {
                let mut bound = JsStr::new("(");
                build(&mut bound, param, None, None, scope)?;
                bound.push(')');
                text = bind(&text, &name, &bound);
            }
            text
        }
    };
    let start = open_key(out, path, EQ);
    out.push('(');
    out.push_js(&text);
    out.push(')');
    close_key(out, start, Shape::ONE, path, EQ)
}

/// The template and named parameters of a non-string `$raw`.
fn raw_parts(value: &Value) -> Result<(JsStr, Vec<(String, &Value)>)> {
    match value {
        Value::Array(items) => {
            let (first, rest) = items.split_first().unwrap_or((&Value::Undefined, &[]));
            match first {
                Value::String(s) => {
                    let params = rest.iter().enumerate();
                    Ok((
                        s.clone(),
                        params.map(|(i, p)| (digits(i as u64 + 1), p)).collect(),
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
                for (name, param) in object.iter().filter(|(name, _)| name.as_str() != "$string") {
                    let text = name.as_str();
                    // A lone surrogate is U+FFFD here: not alphanumeric either.
                    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_alphanumeric()) {
                        return Err(PineError::around_key(
                            "$raw param names must contain only [a-zA-Z0-9], got: ",
                            name,
                            "",
                        ));
                    }
                    params.push((text.to_string(), param));
                }
            }
            Ok((template.clone(), params))
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
fn bind(text: &JsStr, name: &str, bound: &JsStr) -> JsStr {
    let source = text.as_str();
    let mut out = JsStr::with_capacity(source.len());
    // `text[..copied]` is in `out`; the next `$` is looked for from `from`.
    let (mut copied, mut from) = (0, 0);
    while let Some(found) = slice(source, from..).find('$') {
        let dollar = from + found;
        let end = dollar + 1 + name.len();
        match slice(source, dollar + 1..).strip_prefix(name) {
            Some(tail) if !tail.starts_with(|c: char| c.is_ascii_alphanumeric()) => {
                out.push_js_slice(text, copied..dollar);
                out.push_js(bound);
                copied = end;
                // The regex consumes the character after a match (and puts
                // it back): the next match starts after it.
                from = end + tail.chars().next().map_or(0, char::len_utf8);
            }
            _ => from = dollar + 1,
        }
    }
    out.push_js_slice(text, copied..source.len());
    out
}

/// `$count` inside a filter: `path/$count[($filter=…)]`.
fn count(out: &mut JsStr, value: &Value, path: ParentKey<'_>, scope: Scope) -> Result<Shape> {
    if let Some(path) = path {
        if is_object(value) && (own_entries(value).is_empty() || has_own(value, "$filter")) {
            if let Some(parent) = path.parent {
                write_segments(out, parent, false);
                out.push('/');
            }
            write_count_options(out, OptionKind::Filter, value, path.key, scope)?;
            return Ok(Shape::ONE);
        }
    }
    Err(PineError::new(
        "`$filter: { a: { $count: { $op: number } } }` has been removed, please use `$filter: { $eq: [ { a: { $count: {} } }, number ] }` instead.",
    ))
}

/// `$in`: `path in (…)` for primitives, else alternatives joined with `or`.
fn r#in(out: &mut JsStr, value: &Value, path: ParentKey<'_>, scope: Scope) -> Result<Shape> {
    match value {
        _ if is_primitive(value) => primitive(out, value, path, EQ),
        Value::Array(items) if items.iter().all(is_primitive) => {
            check_length(items, 1)?;
            let start = open_key(out, path, " in ");
            out.push('(');
            join_items(out, items, ",", None, scope)?;
            out.push(')');
            close_key(out, start, Shape::ONE, path, " in ")
        }
        Value::Array(items) => {
            check_length(items, 1)?;
            join_items(out, items, OR, path, scope)
        }
        _ if is_object(value) => {
            if entry_count(value) == 0 {
                return Err(no_properties("$in", value));
            }
            filter_object(out, value, path, OR, scope)
        }
        other => Err(PineError::got_type(
            "Expected null/string/number/bool/obj/array, got: ",
            other,
        )),
    }
}

/// `$any` / `$all`: `path/any(alias:expr)`.
fn lambda(out: &mut JsStr, value: &Value, name: &str, path: ParentKey<'_>) -> Result<Shape> {
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
    let mut body = JsStr::default();
    build(&mut body, expr, None, None, Scope { lambda: true })?;
    let start = open_key(out, path, "/");
    out.push_str(name);
    out.push('(');
    write_string(out, alias)?;
    out.push(':');
    out.push_js(&body);
    out.push(')');
    close_key(out, start, Shape::ONE, path, "/")
}

/// `$fn`: `path/scope.method(args)`.
fn method_call(out: &mut JsStr, value: &Value, path: ParentKey<'_>) -> Result<Shape> {
    if value.is_nullish() {
        return Err(read_of_nullish(value, "$scope"));
    }
    let mut text = JsStr::default();
    for (key, separator) in [("$scope", "."), ("$method", "(")] {
        let part = get(value, key);
        if !matches!(part, Value::String(_)) {
            return Err(PineError::around(
                "Function expression ($fn) ",
                key,
                " must be a string.",
            ));
        }
        write_resource(&mut text, part)?;
        text.push_str(separator);
    }
    match get(value, "$args") {
        Value::Undefined | Value::Null => {}
        Value::Array(args) => {
            for (i, arg) in args.iter().enumerate() {
                if i > 0 {
                    text.push(',');
                }
                write_value(&mut text, arg)?;
            }
        }
        _ => return Err(PineError::type_error("_a.map is not a function")),
    }
    text.push(')');
    let start = open_key(out, path, "/");
    out.push_js(&text);
    close_key(out, start, Shape::ONE, path, "/")
}
