//! A user string in any literal position of a pine query compiles to one
//! OData string literal holding exactly that string.
//!
//! Random supported queries are built around a slot: `$filter` field
//! equality, `$eq $ne $gt $ge $lt $le`, `$in` lists and single values,
//! `$contains $startswith $endswith` (object and array forms), a function's
//! operand, `$any`/`$all` bodies, nested `$and`/`$or`/`$not`, implicit
//! and/or, `$raw` parameters (array and object forms), filter `$count`s,
//! `$expand`'s nested `$filter`, `$orderby` `$count` filters, parameter
//! aliases, string ids and named ids. Each query is compiled with a harmless
//! string in its slots, then with adversarial and random ones; both must
//! compile, and the emulator's parser, fed the request target as it goes on
//! the wire, must give the same request, the adversarial string standing
//! exactly where the harmless one stood. A string that had lone surrogates
//! must be refused with `URIError`.
//!
//! Not literal positions (verbatim by design, as in pinejs): `$select`
//! items, `$orderby` strings and keys, `$raw` text, `$duration` parts,
//! lambda aliases, id object keys, custom options and `$fn` names.

mod fuzz_support;

use api_emulator::odata::ast::{Expr, Key, Options, Request};
use api_emulator::odata::parser::parse_request;
use balena_api_key::pine::{compile, ErrorKind, JsStr, Value};
use fuzz_support::queries::{fill, template};
use fuzz_support::{
    any_char, lone_surrogate_after, run_cases, tricky_text, wire, Gen, ADVERSARIAL,
};

/// What stands in the slots of the reference compilation.
const HARMLESS: &str = "harmless";

/// Calls `each` on every string literal of an expression.
fn each_text(expr: &mut Expr, each: &mut impl FnMut(&mut String)) {
    match expr {
        Expr::Text(text) => each(text),
        Expr::Count {
            filter: Some(inner),
            ..
        }
        | Expr::Not(inner)
        | Expr::Lambda { body: inner, .. } => each_text(inner, each),
        Expr::Call { args: items, .. } => items.iter_mut().for_each(|e| each_text(e, each)),
        Expr::Binary { left, right, .. } => {
            each_text(left, each);
            each_text(right, each);
        }
        Expr::In { value, list } => {
            each_text(value, each);
            list.iter_mut().for_each(|e| each_text(e, each));
        }
        _ => {}
    }
}

/// Calls `each` on every string literal of options and their expansions.
fn each_option_text(options: &mut Options, each: &mut impl FnMut(&mut String)) {
    options.filter.iter_mut().for_each(|e| each_text(e, each));
    for item in &mut options.orderby {
        each_text(&mut item.expr, each);
    }
    for item in &mut options.expand {
        each_option_text(&mut item.options, each);
    }
}

/// Calls `each` on every string literal of a request: key, options, aliases.
fn each_request_text(request: &mut Request, each: &mut impl FnMut(&mut String)) {
    match &mut request.key {
        Some(Key::Single(expr)) => each_text(expr, each),
        Some(Key::Named(pairs)) => pairs.iter_mut().for_each(|(_, e)| each_text(e, each)),
        None => {}
    }
    each_option_text(&mut request.options, each);
    for (_, expr) in &mut request.aliases {
        each_text(expr, each);
    }
}

/// Compiles `params` and parses what goes on the wire.
fn compile_and_parse(params: &Value) -> Result<Request, String> {
    let url = compile(params).map_err(|e| format!("compile: {e}"))?;
    let (path, query) = wire(&url);
    parse_request(&path, query.as_deref()).map_err(|e| format!("parse of {url}: {e}"))
}

/// Strings for the slots: adversarial ones, tricky mixes, random text and
/// now and then one with lone surrogates.
fn slot_text(gen: &mut Gen) -> JsStr {
    match gen.below(10) {
        0..=3 => JsStr::new(gen.pick(ADVERSARIAL)),
        4..=6 => JsStr::new(tricky_text(gen)),
        7 | 8 => JsStr::new(
            (0..gen.below(40))
                .map(|_| any_char(gen))
                .collect::<String>(),
        ),
        _ => lone_surrogate_after(&tricky_text(gen)),
    }
}

#[test]
fn user_strings_stay_single_string_literals() {
    let mut placed = 0;
    let make = |gen: &mut Gen| {
        (
            template(gen),
            (0..4).map(|_| slot_text(gen)).collect::<Vec<_>>(),
        )
    };
    let cases = run_cases("injection", 3, 5000, make, |(template, texts)| {
        let mut reference = compile_and_parse(&fill(template, &JsStr::new(HARMLESS)))
            .unwrap_or_else(|e| panic!("the harmless query fails: {e}"));
        let mut slots = 0;
        each_request_text(&mut reference, &mut |literal| {
            slots += usize::from(literal == HARMLESS)
        });
        for text in texts {
            let params = fill(template, text);
            if !text.is_well_formed() && slots > 0 {
                let err = compile(&params).expect_err("a lone surrogate compiles");
                assert_eq!(err.kind, ErrorKind::UriError, "{err}");
                continue;
            }
            let mut request = compile_and_parse(&params)
                .unwrap_or_else(|e| panic!("with {text:?} the query fails: {e}"));
            let mut found = 0;
            each_request_text(&mut request, &mut |literal| {
                if literal == text.as_str() {
                    *literal = HARMLESS.to_owned();
                    found += 1;
                }
            });
            assert_eq!(
                found, slots,
                "{text:?} is not in each slot's literal: {request:?}"
            );
            assert_eq!(request, reference, "{text:?} changed the query's structure");
            placed += found;
        }
    });
    eprintln!(
        "injection: {cases} queries, {} strings, {placed} literals checked",
        cases * 4
    );
    assert!(placed > cases, "too few literals checked: {placed}");
}
