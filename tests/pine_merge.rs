//! balena-sdk `mergePineOptions` (BEHAVIOR.md 3.2 and 3.4), each case's
//! expected result recorded from balena-sdk 23.2.15 under node.

mod common;

use balena_api_key::pine::{merge, Value};

/// Parses a JSON-like value with the vectors' `__type` markers.
fn value(json: &str) -> Value {
    common::to_value(&serde_json::from_str(json).expect("test JSON"))
}

/// A value as text with its key order: JSON, plus `undefined` and `Set[…]`.
fn render(value: &Value) -> String {
    let list = |items: &[Value]| items.iter().map(render).collect::<Vec<_>>().join(",");
    match value {
        Value::Undefined => "undefined".to_string(),
        Value::Array(items) => format!("[{}]", list(items)),
        Value::Set(items) => format!("Set[{}]", list(items)),
        Value::Object(object) => {
            let entries: Vec<String> = object
                .iter()
                .map(|(k, v)| format!("{:?}:{}", k.as_str(), render(v)))
                .collect();
            format!("{{{}}}", entries.join(","))
        }
        Value::String(s) => format!("{:?}", s.as_str()),
        Value::Number(n) => format!("{n}"),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
        other => format!("{other:?}"),
    }
}

#[test]
fn merges_like_balena_sdk() {
    // (defaults, extras, mergePineOptions(defaults, extras)) from node
    let cases = [
        (
            r#"{"$orderby":{"name":"asc"}}"#,
            r#"{"__type":"undefined"}"#,
            r#"{"$orderby":{"name":"asc"}}"#,
        ),
        (
            r#"{"$orderby":{"name":"asc"}}"#,
            r#"{}"#,
            r#"{"$orderby":{"name":"asc"}}"#,
        ),
        (
            r#"{"$orderby":{"name":"asc"}}"#,
            r#"{"foo":1,"$count":{},"$format":"json"}"#,
            r#"{"$orderby":{"name":"asc"}}"#,
        ),
        (
            r#"{"$select":"a"}"#,
            r#"{"$select":"b"}"#,
            r#"{"$select":["a","b"]}"#,
        ),
        (
            r#"{"$select":["a"]}"#,
            r#"{"$select":"*"}"#,
            r#"{"$select":"*"}"#,
        ),
        (
            r#"{"$select":"*"}"#,
            r#"{"$select":"b"}"#,
            r#"{"$select":["*","b"]}"#,
        ),
        (r#"{}"#, r#"{"$select":[]}"#, r#"{"$select":[]}"#),
        (
            r#"{"$filter":{"a":1}}"#,
            r#"{"$filter":{"b":2}}"#,
            r#"{"$filter":{"$and":[{"a":1},{"b":2}]}}"#,
        ),
        (
            r#"{"$filter":{"a":1}}"#,
            r#"{"$filter":null}"#,
            r#"{"$filter":{"a":1}}"#,
        ),
        (
            r#"{"$orderby":{"name":"asc"}}"#,
            r#"{"$orderby":"id desc"}"#,
            r#"{"$orderby":"id desc"}"#,
        ),
        (
            r#"{"$orderby":{"name":"asc"}}"#,
            r#"{"$orderby":{"__type":"undefined"}}"#,
            r#"{"$orderby":undefined}"#,
        ),
        (
            r#"{"$top":1}"#,
            r#"{"$top":5,"$skip":2}"#,
            r#"{"$top":5,"$skip":2}"#,
        ),
        (
            r#"{"$expand":"a"}"#,
            r#"{"$expand":"b"}"#,
            r#"{"$expand":{"a":{},"b":{}}}"#,
        ),
        (
            r#"{"$expand":{"a":{"$select":"x","$expand":"c"}}}"#,
            r#"{"$expand":{"a":{"$select":"y","$expand":{"c":{"$select":"z"}}}}}"#,
            r#"{"$expand":{"a":{"$select":["x","y"],"$expand":{"c":{"$select":["z"]}}}}}"#,
        ),
        (
            r#"{"$expand":["a",{"b":{"$select":"q"}}]}"#,
            r#"{"$expand":["b","c"]}"#,
            r#"{"$expand":{"a":{},"b":{"$select":"q"},"c":{}}}"#,
        ),
        (
            r#"{"$expand":{"a":{}}}"#,
            r#"{"$expand":{"a":{"$count":{},"$filter":{"x":1}}}}"#,
            r#"{"$expand":{"a":{"$filter":{"x":1}}}}"#,
        ),
        (
            r#"{}"#,
            r#"{"$expand":{"a":{"$select":"id","$count":{}}}}"#,
            r#"{"$expand":{"a":{"$select":"id","$count":{}}}}"#,
        ),
        (
            r#"{"$filter":{"a":1},"$orderby":"x"}"#,
            r#"{"$expand":"e","$filter":{"b":2},"$skip":3,"$top":4,"$select":"s","$orderby":"y"}"#,
            r#"{"$filter":{"$and":[{"a":1},{"b":2}]},"$orderby":"y","$select":["s"],"$top":4,"$skip":3,"$expand":"e"}"#,
        ),
        (
            r#"{"$select":["a","b"]}"#,
            r#"{"$select":["b","c"]}"#,
            r#"{"$select":["a","b","b","c"]}"#,
        ),
        (
            r#"{"$select":{"__type":"Set","values":["a"]}}"#,
            r#"{"$select":{"__type":"Set","values":["b"]}}"#,
            r#"{"$select":[Set["b"]]}"#,
        ),
        (
            r#"{"$select":"a"}"#,
            r#"{"$select":null,"$top":{"__type":"undefined"}}"#,
            r#"{"$select":"a","$top":undefined}"#,
        ),
        (
            r#"{"b":1,"2":2,"a":3}"#,
            r#"{"$skip":1,"1":5}"#,
            r#"{"2":2,"b":1,"a":3,"$skip":1}"#,
        ),
        (
            r#"{"$expand":{"a":{"$top":1}}}"#,
            r#"{"$expand":{"a":{},"b":null}}"#,
            r#"{"$expand":{"a":{"$top":1},"b":{}}}"#,
        ),
        (
            r#"{"$expand":"a"}"#,
            r#"{"$expand":{"a":{"$top":1}}}"#,
            r#"{"$expand":{"a":{"$top":1}}}"#,
        ),
        (
            r#"{"$expand":{"a":null}}"#,
            r#"{"$expand":"a"}"#,
            r#"{"$expand":{"a":{}}}"#,
        ),
        (
            r#"{"$expand":["a",null,["x"],{"b":{}}]}"#,
            r#"{"$expand":"b"}"#,
            r#"{"$expand":{"0":"x","a":{},"b":{}}}"#,
        ),
        (
            r#"{"$expand":5}"#,
            r#"{"$expand":{"a":{}}}"#,
            r#"{"$expand":{"a":{}}}"#,
        ),
        (
            r#"{"$filter":null}"#,
            r#"{"$filter":{"a":1}}"#,
            r#"{"$filter":{"a":1}}"#,
        ),
        (
            r#"{"$expand":{"a":{"$filter":{"x":1},"$select":"p"}}}"#,
            r#"{"$expand":{"a":{"$filter":{"y":2},"$select":["q"],"$orderby":"z"}}}"#,
            r#"{"$expand":{"a":{"$filter":{"$and":[{"x":1},{"y":2}]},"$select":["p","q"],"$orderby":"z"}}}"#,
        ),
    ];
    let mut mismatches = Vec::new();
    for (defaults, extras, expected) in cases {
        let got = render(&merge(&value(defaults), &value(extras)));
        if got != expected {
            mismatches.push(format!(
                "{defaults} + {extras}: expected {expected}, got {got}"
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn nullish_or_empty_extras_return_the_defaults() {
    let defaults = value(r#"{"$orderby":{"name":"asc"},"$top":1}"#);
    for extras in [
        Value::Undefined,
        Value::Null,
        value("{}"),
        Value::Number(5.0),
        value(r#"{"__type":"Set","values":[1]}"#),
    ] {
        assert_eq!(merge(&defaults, &extras), defaults);
    }
}
