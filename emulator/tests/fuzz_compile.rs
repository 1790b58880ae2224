//! Fuzzing `pine::compile` and `pine::merge` with arbitrary values: every
//! variant of the value model, nested objects with operator, option and odd
//! keys, tricky strings (quotes, `%`, `#`, `&`, `+`, controls, any Unicode,
//! lone surrogates), edge numbers (NaN, ±0, ±Infinity, huge, subnormal) and
//! invalid dates.
//!
//! Checked: compile returns a URL or a `PineError` with a message, never
//! panics; the emulator's parser, fed what the URL becomes on the wire,
//! answers a request or an error, never panics (arbitrary values compile to
//! much the emulator refuses: `$raw` text, unknown functions, verbatim
//! `$select`s; `fuzz_injection.rs` checks that supported options parse);
//! merge never panics, returns the defaults for extras without own keys,
//! keeps the defaults' keys first and in order, sets only `$select`, `$top`,
//! `$skip`, `$orderby`, `$filter` and `$expand`, and its result compiles
//! without panicking.

mod fuzz_support;

use api_emulator::odata::parser::parse_request;
use balena_api_key::pine::{compile, merge, JsStr, Value};
use fuzz_support::{any_value, key, object, run_cases, tricky_string, wire, Gen};

/// Query option keys (and others an options object may carry).
const OPTION_KEYS: &[&str] = &[
    "$select", "$filter", "$expand", "$orderby", "$top", "$skip", "$format", "$count", "@a", "@b",
    "custom", "$search",
];

/// An options object, its values arbitrary.
fn options(gen: &mut Gen) -> Value {
    let entries: Vec<(String, Value)> = (0..gen.below(5))
        .map(|_| {
            let key = if gen.one_in(6) {
                key(gen)
            } else {
                gen.pick(OPTION_KEYS).to_owned()
            };
            let depth = 1 + gen.below(6);
            (key, any_value(gen, depth))
        })
        .collect();
    object(entries)
}

/// A pine request: mostly well-shaped envelopes with arbitrary contents,
/// now and then any value at all.
fn params(gen: &mut Gen) -> Value {
    if gen.one_in(25) {
        return any_value(gen, 4);
    }
    let mut entries = Vec::new();
    let resource = match gen.below(20) {
        0 => any_value(gen, 1),
        1 => Value::Undefined,
        2..=6 => tricky_string(gen),
        _ => Value::str(gen.pick(&["api_key", "application", "device", "actor", "x"])),
    };
    entries.push(("resource", resource));
    if gen.one_in(3) {
        let id = match gen.below(4) {
            0 => tricky_string(gen),
            1 => object([(gen.pick(&["uuid", "@", "a b", "é"]), any_value(gen, 1))]),
            _ => any_value(gen, 2),
        };
        entries.push(("id", id));
    }
    if gen.one_in(10) {
        entries.push(("action", any_value(gen, 1)));
    }
    if !gen.one_in(10) {
        entries.push(("options", options(gen)));
    }
    if gen.one_in(40) {
        entries.push((gen.pick(&["url", "customOptions"]), any_value(gen, 1)));
    }
    object(entries)
}

#[test]
fn compile_never_panics_and_its_urls_never_panic_the_parser() {
    let (mut compiled, mut parsed) = (0, 0);
    let cases = run_cases("compile", 1, 50_000, params, |params| {
        match compile(params) {
            Ok(url) => {
                compiled += 1;
                let (path, query) = wire(&url);
                parsed += usize::from(parse_request(&path, query.as_deref()).is_ok());
            }
            Err(err) => assert!(!err.message.is_empty(), "an error without a message"),
        }
    });
    eprintln!("compile: {compiled} of {cases} compiled, {parsed} of those parsed");
    assert!(
        compiled > cases / 20,
        "too few compile: {compiled} of {cases}"
    );
}

/// `Object.keys(value)` of a value merge spreads.
fn own_keys(value: &Value) -> Vec<String> {
    match value {
        Value::Object(object) => object.keys().map(|k| k.as_str().to_owned()).collect(),
        Value::Array(items) => (0..items.len()).map(|i| i.to_string()).collect(),
        Value::String(s) => (0..s.utf16_len()).map(|i| i.to_string()).collect(),
        _ => Vec::new(),
    }
}

/// Structural equality in which NaN equals NaN (`Value`'s `==` is IEEE's).
fn same(a: &Value, b: &Value) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

/// The keys merge may add to or set in the defaults.
const MERGED_KEYS: &[&str] = &["$select", "$top", "$skip", "$orderby", "$filter", "$expand"];

/// Defaults and extras: options objects, now and then any value.
fn merge_inputs(gen: &mut Gen) -> (Value, Value) {
    let side = |gen: &mut Gen| match gen.below(8) {
        0 => any_value(gen, 3),
        1 => object(Vec::<(String, Value)>::new()),
        _ => options(gen),
    };
    (side(gen), side(gen))
}

#[test]
fn merge_never_panics_and_keeps_its_contract() {
    let mut compiled = 0;
    let cases = run_cases("merge", 2, 50_000, merge_inputs, |(defaults, extras)| {
        let merged = merge(defaults, extras);
        if extras.is_nullish() || own_keys(extras).is_empty() {
            assert!(same(&merged, defaults), "extras without own keys");
            return;
        }
        let Value::Object(result) = &merged else {
            panic!("merge gave a non-object {merged:?}");
        };
        let default_keys = own_keys(defaults);
        let keys: Vec<&str> = result.keys().map(JsStr::as_str).collect();
        assert_eq!(
            keys[..default_keys.len()],
            default_keys,
            "the defaults' keys come first"
        );
        for added in &keys[default_keys.len()..] {
            assert!(MERGED_KEYS.contains(added), "merge added {added}");
        }
        if let Value::Object(defaults) = defaults {
            for (key, value) in defaults.iter() {
                if !MERGED_KEYS.contains(&key.as_str()) {
                    let kept = result.get_js(key).is_some_and(|v| same(v, value));
                    assert!(kept, "merge changed {}", key.as_str());
                }
            }
        }
        let params = object([
            ("resource", Value::str("api_key")),
            ("options", merged.clone()),
        ]);
        compiled += usize::from(compile(&params).is_ok());
    });
    eprintln!("merge: {cases} merges, {compiled} of them compiled");
}
