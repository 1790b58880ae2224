//! The compiler against every recorded pinejs-client-core 8.5.40 vector,
//! plus named cases cross-checked with node.

mod common;

use balena_api_key::pine::{compile, ErrorKind, JsStr, Object, PineError, Value};
use common::{load, params, text, wire};

/// Panics with every mismatch, one per line.
fn report(file: &str, mismatches: &[String]) {
    assert!(
        mismatches.is_empty(),
        "{} mismatches in {file}:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn every_successful_vector() {
    let vectors = load("vectors.json");
    assert_eq!(vectors.len(), 175);
    let mut mismatches = Vec::new();
    for vector in &vectors {
        let label = text(vector, "label");
        match compile(&params(vector, &["resource", "id", "options"])) {
            Ok(url) => {
                let (want_url, want_wire) = (text(vector, "url"), text(vector, "wire"));
                if url != want_url {
                    mismatches.push(format!("{label}: url expected {want_url:?}, got {url:?}"));
                }
                if wire(&url) != want_wire {
                    mismatches.push(format!(
                        "{label}: wire expected {want_wire:?}, got {:?}",
                        wire(&url)
                    ));
                }
            }
            Err(err) => mismatches.push(format!(
                "{label}: expected {:?}, got {err}",
                text(vector, "url")
            )),
        }
    }
    report("vectors.json", &mismatches);
}

#[test]
fn every_rejected_vector() {
    let vectors = load("error-vectors.json");
    assert_eq!(vectors.len(), 68);
    let mut mismatches = Vec::new();
    for vector in &vectors {
        let expected = format!("{}: {}", text(vector, "error_class"), text(vector, "error"));
        let got = match compile(&params(vector, &["resource", "id", "options", "url"])) {
            Ok(url) => format!("Ok({url:?})"),
            Err(err) => err.to_string(),
        };
        if got != expected {
            mismatches.push(format!(
                "{}: expected {expected:?}, got {got:?}",
                text(vector, "label")
            ));
        }
    }
    report("error-vectors.json", &mismatches);
}

/// Parses a JSON-like value with the vectors' `__type` markers.
fn value(json: &str) -> Value {
    common::to_value(&serde_json::from_str(json).expect("test JSON"))
}

/// `compile({resource: 'api_key', options})`.
fn with_options(options: Value) -> Result<String, PineError> {
    let mut params = Object::new();
    params.insert("resource", Value::str("api_key"));
    params.insert("options", options);
    compile(&Value::Object(params))
}

/// The compiled URL, or `Class: message`.
fn outcome(options: &str) -> String {
    match with_options(value(options)) {
        Ok(url) => url,
        Err(err) => err.to_string(),
    }
}

#[test]
fn function_operators_leave_a_null_operand_empty() {
    // node: c.compile({resource:'api_key', options:{$filter: ...}}) — pinejs
    // joins the raw escapeValue results, and [null].join() is empty.
    assert_eq!(
        outcome(r#"{"$filter":{"created_at":{"$endswith":null}}}"#),
        "api_key?$filter=endswith(created_at,)"
    );
    assert_eq!(
        outcome(r#"{"$filter":{"$endswith":null}}"#),
        "api_key?$filter=endswith()"
    );
    assert_eq!(
        outcome(r#"{"$filter":{"$tolower":[null,{"a":{"$endswith":null}}]}}"#),
        "api_key?$filter=tolower(null,endswith(a,))"
    );
}

#[test]
fn empty_filter_lists_count_as_one_token_in_a_non_logical_join() {
    // node: pinejs' bracketJoin pushes subArr[0] (undefined) for an empty
    // list, so two of them joined with ' ne ' are three tokens and get
    // parenthesised after the path.
    assert_eq!(
        outcome(r#"{"$filter":{"a":{"$ne":[{},{}]}}}"#),
        "api_key?$filter=a eq ( ne )"
    );
    assert_eq!(
        outcome(r#"{"$filter":{"$in":[{},{}]}}"#),
        "api_key?$filter= or "
    );
}

#[test]
fn numbers_format_like_javascript() {
    // node: String(n) for each (serde_json's float parsing is not exact, so
    // the numbers are Rust literals)
    let cases = [
        (1e21, "1e+21"),
        (123_456_789_012_345_680_000.0, "123456789012345680000"),
        (1.5e-7, "1.5e-7"),
        (0.000001, "0.000001"),
        (-0.0, "0"),
        (0.1 + 0.2, "0.30000000000000004"),
        (f64::MAX, "1.7976931348623157e+308"),
        (5e-324, "5e-324"),
        (-2.5e-10, "-2.5e-10"),
        (1e100, "1e+100"),
    ];
    for (n, expected) in cases {
        let mut options = Object::new();
        options.insert("$top", Value::Number(n));
        options.insert("n", Value::Number(n));
        let expected = format!("api_key?$top={expected}&n={expected}");
        assert_eq!(with_options(Value::Object(options)), Ok(expected));
    }
}

#[test]
fn dates_format_like_to_iso_string() {
    let cases = [
        (
            0.0,
            "api_key?$filter=d eq datetime'1970-01-01T00:00:00.000Z'",
        ),
        (
            -1.0,
            "api_key?$filter=d eq datetime'1969-12-31T23:59:59.999Z'",
        ),
        (
            8.64e15,
            "api_key?$filter=d eq datetime'+275760-09-13T00:00:00.000Z'",
        ),
        (
            -62_198_755_200_000.0,
            "api_key?$filter=d eq datetime'-000001-01-01T00:00:00.000Z'",
        ),
    ];
    for (time, expected) in cases {
        let mut filter = Object::new();
        filter.insert("d", Value::Date(time));
        let mut options = Object::new();
        options.insert("$filter", Value::Object(filter));
        assert_eq!(
            with_options(Value::Object(options)).as_deref(),
            Ok(expected)
        );
    }
    let err = with_options(value(r#"{"@d":{"__type":"Date","iso":"Invalid Date"}}"#)).unwrap_err();
    assert_eq!(
        (err.kind, err.message.as_str()),
        (ErrorKind::RangeError, "Invalid time value")
    );
    assert_eq!(err.kind.js_name(), "RangeError");
}

#[test]
fn option_keys_keep_javascript_order() {
    assert_eq!(
        outcome(r#"{"b":"x","2":"y","1":"z","$top":1,"01":"w"}"#),
        "api_key?1=z&2=y&b=x&$top=1&01=w"
    );
}

#[test]
fn raw_binds_follow_the_regex() {
    let cases = [
        (r#"{"$raw":["$1$1 $10 $1",5]}"#, "((5)$1 $10 (5))"),
        (
            r#"{"$raw":["$1 and $2",{"$raw":"$2"},"x"]}"#,
            "(((('x'))) and ('x'))",
        ),
        (r#"{"$raw":["a$1é",{"$":"b"}]}"#, "(a(b)é)"),
        (
            r#"{"$raw":{"$string":"$n $na $n","n":null,"na":true}}"#,
            "((null) (true) (null))",
        ),
        (r#"{"a":{"$raw":["$1",1]}}"#, "a eq ((1))"),
    ];
    for (filter, expected) in cases {
        assert_eq!(
            outcome(&format!(r#"{{"$filter":{filter}}}"#)),
            format!("api_key?$filter={expected}"),
            "{filter}"
        );
    }
}

#[test]
fn lambdas_allow_nested_paths_even_inside_counts() {
    let cases = [
        (
            r#"{"a":{"$any":{"$alias":"x","$expr":{"x":{"b c":{"$count":{"$filter":{"d":{"e":1}}}}}}}}}"#,
            "api_key?$filter=a/any(x:x/b%20c/$count($filter=d/e eq 1))",
        ),
        (
            r#"{"a":{"$all":{"$alias":5,"$expr":{"5":{"id":1}}}}}"#,
            "api_key?$filter=a/all(5:5/id eq 1)",
        ),
        (
            r#"{"a":{"$any":{"$alias":"x","$expr":{"$eq":[{"x":{"y":{"$count":{}}}},0]}}}}"#,
            "api_key?$filter=a/any(x:x/y/$count eq 0)",
        ),
    ];
    for (filter, expected) in cases {
        assert_eq!(
            outcome(&format!(r#"{{"$filter":{filter}}}"#)),
            expected,
            "{filter}"
        );
    }
}

#[test]
fn odd_inputs_compile_as_pinejs_does() {
    let cases = [
        // node: c.compile({resource:'api_key', options:{...}}) for each
        (r#"{"$count":null}"#, "api_key/$count"),
        (r#"{"$count":"ab"}"#, "api_key/$count?0=a&1=b"),
        (r#"{"$select":["a",null,{"__type":"undefined"},[1,[2,3]],{},{"__type":"Set","values":[]}]}"#, "api_key?$select=a,,,1,2,3,[object Object],[object Set]"),
        (r#"{"$filter":{"$in":{"__type":"Set","values":[1]}}}"#, "$in objects must have at least 1 property, got: {}"),
        (r#"{"$filter":{"$eq":[{"__type":"undefined"},{"__type":"function"}]}}"#, "Error: Expected null/string/number/obj/array, got: undefined"),
        (r#"{"$filter":{"$eq":[1]},"x":1}"#, "Error: Filter arrays must have at least 2 elements, got: [1]"),
        (r#"{"$filter":{"$or":[{"__type":"undefined"}]}}"#, "Error: Filter arrays must have at least 2 elements, got: [null]"),
        (r#"{"$filter":{"$eq":{"__type":"Set","values":[1]}}}"#, "Error: $eq objects must have at least 1 property, got: {}"),
        (r#"{"$filter":{"a":{"$fn":null}}}"#, "TypeError: Cannot read properties of null (reading '$scope')"),
        (r#"{"$filter":{"a":{"$any":null}}}"#, "TypeError: Cannot read properties of null (reading '$alias')"),
        (r#"{"$filter":{"$fn":{"$scope":"s","$method":"m","$args":"xy"}}}"#, "TypeError: _a.map is not a function"),
        (r#"{"$filter":{"$fn":{"$scope":"a b","$method":"m","$args":[null,"x y"]}}}"#, "api_key?$filter=a%20b.m(null,'x%20y')"),
        (r#"{"$expand":{"a":{"$count":null}}}"#, "TypeError: Cannot convert undefined or null to object"),
        (r#"{"$expand":{"a":{"$count":"xy"}}}"#, "Error: When using '$expand: a: $count: ...' you can only specify $filter in the $count, got: '[\"0\",\"1\"]'"),
        (r#"{"$expand":{"a":{"__type":"Set","values":[1]}}}"#, "api_key?$expand=a"),
        (r#"{"$expand":{"a":{"__type":"Date","iso":"2024-02-29T12:34:56.789Z"}}}"#, "Error: '$expand: a: \"2024-02-29T12:34:56.789Z\"' is invalid, use '$expand: a: $expand: \"2024-02-29T12:34:56.789Z\"' instead."),
        (r#"{"$expand":{"__type":"function"}}"#, "Error: Unknown type for expand 'function'"),
        (r#"{"$orderby":{"a":5}}"#, "Error: When using '$orderby: { a: { $count: ... }, $dir: 'asc' }' you can only specify $count, got: '[]'"),
        (r#"{"$orderby":{"a":{"$count":{}},"$dir":5}}"#, "Error: '$orderby' direction must be 'asc' or 'desc'"),
        (r#"{"$orderby":"a/$count_x,b/$counts"}"#, "api_key?$orderby=a/$count_x,b/$counts"),
        (r#"{"$orderby":"a/$count-x"}"#, "Error: `$orderby: 'a/$count'` has been removed, please use `$orderby: { a: { $count: {...} } }` instead."),
        (r#"{"$filter":{"a":{"$duration":{"days":"2","hours":[1,2],"seconds":0.5,"negative":1}}}}"#, "api_key?$filter=a eq duration'-P2DT1,2H0.5S'"),
        (r#"{"$filter":{"$":["a",5,null]}}"#, "api_key?$filter=a/5/null"),
        (r#"{"$filter":{"$":["a","$count"]}}"#, "api_key?$filter=a/$count"),
        (r#"{"@a":{"__type":"number","value":"NaN"}}"#, "Error: Unknown type for parameter alias option '@a': number"),
        (r#"{"x":{"__type":"number","value":"Infinity"}}"#, "Error: Unknown type for option number"),
        (r#"{"$filter":{"$in":["a",{"$":"b"}],"$not":[1,2]}}"#, "api_key?$filter=('a' or b) and not(1 or 2)"),
    ];
    let mut mismatches = Vec::new();
    for (options, expected) in cases {
        let got = outcome(options);
        let expected = if expected.starts_with('$') {
            format!("Error: {expected}")
        } else {
            expected.to_string()
        };
        if got != expected {
            mismatches.push(format!("{options}: expected {expected:?}, got {got:?}"));
        }
    }
    report("odd inputs", &mismatches);
}

#[test]
fn params_are_checked_like_pinejs() {
    let cases = [
        (r#"5"#, "Error: Params must be an object."),
        (
            r#"{"resource":5}"#,
            "TypeError: params.resource.endsWith is not a function",
        ),
        (
            r#"{"resource":"a b/c","id":[1,"a"],"action":{"__type":"undefined"}}"#,
            "a%20b%2Fc(0=1,1='a')/undefined",
        ),
        (
            r#"{"resource":"a","id":{"__type":"Set","values":[1]}}"#,
            "a()",
        ),
        (
            r#"{"resource":"a","id":{"k":{"__type":"undefined"}}}"#,
            "Error: Not a valid value: undefined",
        ),
        (
            r#"{"resource":"a","id":{"__type":"function"}}"#,
            "Error: Not a valid value: function",
        ),
        (
            r#"{"resource":"a","options":{"$foo":1},"customOptions":{}}"#,
            "Error: Unknown odata option '$foo'",
        ),
        (
            r#"{"resource":"a","options":{"$top":1},"customOptions":{}}"#,
            "Error: `customOptions` has been removed, use `options` instead.",
        ),
        (
            r#"{"resource":"a","url":null,"customOptions":null,"action":"x y"}"#,
            "a/x y",
        ),
    ];
    for (params, expected) in cases {
        let got = match compile(&value(params)) {
            Ok(url) => url,
            Err(err) => err.to_string(),
        };
        assert_eq!(got, expected, "{params}");
    }
}

#[test]
fn lone_surrogates_fail_only_when_encoded() {
    let lone = Value::String(JsStr::from_utf16(&[0x61, 0xD800]));
    let mut options = Object::new();
    options.insert("$select", lone.clone());
    assert_eq!(
        with_options(Value::Object(options)).as_deref(),
        Ok("api_key?$select=a\u{FFFD}")
    );
    let mut options = Object::new();
    options.insert("@x", lone);
    let err = with_options(Value::Object(options)).unwrap_err();
    assert_eq!(
        (err.kind.js_name(), err.message.as_str()),
        ("URIError", "URI malformed")
    );
}

#[test]
fn error_messages_quote_lone_surrogates_as_json_stringify_does() {
    // `JSON.stringify` writes a lone surrogate as `\udxxx`; a pair, and a
    // U+FFFD that was one in JS, stay as they are.
    let name = Value::String(JsStr::from_utf16(&[
        0xDC00, 0x79, 0xD83D, 0xDE00, 0xFFFD, 0xD800,
    ]));
    let filter = Value::Array(vec![wrap("name", name)]);
    let err = with_options(wrap("$filter", filter)).unwrap_err();
    assert_eq!(
        err.message.as_str(),
        "Filter arrays must have at least 2 elements, got: [{\"name\":\"\\udc00y\u{1F600}\u{FFFD}\\ud800\"}]"
    );
}

/// `{key: value}`.
fn wrap(key: &str, value: Value) -> Value {
    let mut object = Object::new();
    object.insert(key, value);
    Value::Object(object)
}

/// Options nested 512 levels deep in each way the compiler recurses.
fn deep_options() -> Vec<(&'static str, Value)> {
    let levels = |n: usize, step: &dyn Fn(Value) -> Value| (0..n).fold(Value::Null, |v, _| step(v));
    let empty = || Value::Object(Object::new());
    let array = |v: Value| Value::Array(vec![v]);
    let lambda = |v: Value| {
        let mut any = Object::new();
        any.insert("$alias", Value::str("a"));
        any.insert("$expr", v);
        wrap("a", wrap("$any", Value::Object(any)))
    };
    vec![
        ("$filter", levels(512, &|v| wrap("$not", v))),
        (
            "$filter",
            levels(256, &|v| wrap("$and", Value::Array(vec![v, Value::Null]))),
        ),
        ("$filter", levels(256, &|v| wrap("$eq", wrap("$eq", v)))),
        ("$filter", levels(512, &|v| wrap("$tolower", v))),
        (
            "$filter",
            levels(256, &|v| {
                wrap("$raw", Value::Array(vec![Value::str("$1"), v]))
            }),
        ),
        ("$filter", (0..170).fold(empty(), |v, _| lambda(v))),
        (
            "$filter",
            levels(102, &|v| {
                let count = wrap("a", wrap("$count", wrap("$filter", v)));
                wrap("$eq", Value::Array(vec![count, Value::Null]))
            }),
        ),
        ("$filter", wrap("$and", array(levels(510, &array)))),
        ("$filter", wrap("$", levels(510, &array))),
        (
            "$expand",
            (0..256).fold(empty(), |v, _| wrap("a", wrap("$expand", v))),
        ),
        ("$orderby", levels(512, &array)),
        ("$select", levels(512, &array)),
    ]
}

#[test]
fn deep_nesting_fits_a_one_mebibyte_stack() {
    let run = std::thread::Builder::new().stack_size(1 << 20).spawn(|| {
        let mut outcomes = Vec::new();
        for (key, value) in deep_options() {
            let mut options = Object::new();
            options.insert(key, value);
            outcomes.push(with_options(Value::Object(options)).is_ok());
        }
        let expand = (0..256).fold(Value::Object(Object::new()), |v, _| {
            wrap("$expand", wrap("a", v))
        });
        let merged = balena_api_key::pine::merge(&expand, &expand);
        assert!(matches!(merged, Value::Object(_)));
        outcomes
    });
    let outcomes = run.expect("spawn").join().expect("no stack overflow");
    let expected = [
        true, true, true, true, true, true, true, false, true, true, false, true,
    ];
    assert_eq!(outcomes, expected);
}
