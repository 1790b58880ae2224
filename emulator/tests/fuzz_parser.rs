//! The emulator's OData parser (and the API behind it) never panics and
//! never overflows a server thread's stack, whatever the request target.
//!
//! Request targets are compiled from random supported queries holding
//! tricky strings, taken as they go on the wire, then mutated: bytes
//! replaced, inserted or deleted, cut short, OData fragments (`(`, `'`,
//! `%`, `$count`, `any(`, operators…) inserted, ranges repeated up to a
//! hundred times. The parser must answer a request or an error on a thread
//! with tokio's 2 MiB worker stack; GET through the router must answer a
//! status other than 500 (there half the targets are flat `api_key` text
//! filters and a third to a half are left intact, so that the emulator
//! evaluates them on its seeded rows too). Hand-made queries probe the nesting and operator
//! limits.

mod common;
mod fuzz_support;

use api_emulator::odata::parser::{parse_request, MAX_NESTING, MAX_OPERATORS};
use axum::http::{StatusCode, Uri};
use balena_api_key::pine::{compile, JsStr};
use fuzz_support::queries::{fill, template_with, Vocabulary, ANY_NAMES, API_KEY_TEXT};
use fuzz_support::{run_cases, tricky_text, wire, Gen};

/// tokio's default worker thread stack, on which the server parses.
const SERVER_STACK: usize = 2 << 20;

/// Runs `body` on a thread with the server's stack size.
fn on_server_stack<T: Send + 'static>(body: impl FnOnce() -> T + Send + 'static) -> T {
    let thread = std::thread::Builder::new().stack_size(SERVER_STACK);
    match thread.spawn(body).expect("spawn").join() {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Text a mutation inserts.
const INSERTS: &[&str] = &[
    "(",
    ")",
    "'",
    "''",
    "%",
    "%2",
    "%FF",
    "%C3",
    "%C3%A9",
    "%27",
    "%28",
    "%29",
    "%26",
    "&",
    "=",
    ";",
    ",",
    "/",
    ":",
    "@",
    "$",
    "$count",
    "/$count",
    "$filter=",
    "$expand=",
    "$top=",
    "$select=",
    "$orderby=",
    "any(x:",
    "all(",
    "not ",
    " eq ",
    " and ",
    " or ",
    " in (",
    "-",
    "-1e",
    "1e999",
    "1.",
    "99999999999999999999999",
    "datetime'",
    "duration'P",
    "+275760-09-13",
    " asc",
    " desc",
    " ",
    "\t",
    "é",
    "😀",
    "\u{0}",
];

/// `text` with one to four random mutations, as valid UTF-8.
fn mutate(gen: &mut Gen, text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + gen.below(4) {
        let at = gen.below(bytes.len() + 1);
        let end = (at + 1 + gen.below(12)).min(bytes.len());
        match gen.below(7) {
            0 if at < bytes.len() => bytes[at] = gen.u64() as u8,
            1 => bytes.truncate(at),
            2 => {
                let piece = gen.pick(INSERTS).as_bytes();
                bytes.splice(at..at, piece.iter().copied());
            }
            3 if at < end => {
                bytes.drain(at..end);
            }
            4 if at < end => {
                let range = bytes[at..end].to_vec();
                let times = 1 + gen.below(100);
                let repeated = range.iter().copied().cycle().take(range.len() * times);
                bytes.splice(end..end, repeated.collect::<Vec<_>>());
            }
            _ => bytes.insert(at, gen.pick(b"()',/:=;&%$@ -'x0")),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A wire request target (`path?query`) of a random supported query.
fn compiled_target(gen: &mut Gen, names: &Vocabulary) -> String {
    let params = fill(&template_with(gen, names), &JsStr::new(tricky_text(gen)));
    let url = compile(&params).expect("supported queries compile");
    match wire(&url) {
        (path, Some(query)) => format!("{path}?{query}"),
        (path, None) => path,
    }
}

/// A compiled target, mutated unless `intact_one_in` says otherwise, split
/// into path and query.
fn target(gen: &mut Gen, intact_one_in: usize, names: &Vocabulary) -> (String, Option<String>) {
    let compiled = compiled_target(gen, names);
    let target = if gen.one_in(intact_one_in) {
        compiled
    } else {
        mutate(gen, &compiled)
    };
    match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (target, None),
    }
}

/// A mutated target split into path and query.
fn mutated_target(gen: &mut Gen) -> (String, Option<String>) {
    target(gen, usize::MAX, &ANY_NAMES)
}

#[test]
fn mutated_targets_never_panic_the_parser() {
    let counts = on_server_stack(|| {
        let mut parsed = 0;
        let cases = run_cases("parser", 4, 20_000, mutated_target, |(path, query)| {
            parsed += usize::from(parse_request(path, query.as_deref()).is_ok());
        });
        (cases, parsed)
    });
    eprintln!("parser: {} mutated targets, {} parsed", counts.0, counts.1);
}

/// Queries built to recurse deep, and whether they parse: nesting and
/// operator counts at and past the limits, `not` chains in nested `$count`
/// filters and `$expand`s, unmatched `)` before deeper nesting.
fn hostile_queries() -> Vec<(String, bool)> {
    let deep = |n: usize, open: &str, inner: &str, close: &str| {
        format!("{}{inner}{}", open.repeat(n), close.repeat(n))
    };
    let nots = "not ".repeat(MAX_OPERATORS - 1);
    let n = MAX_NESTING as usize;
    let mut queries = vec![
        (format!("$filter={}", deep(n, "(", "true", ")")), true),
        (format!("$filter={}", deep(n + 1, "(", "true", ")")), false),
        (
            format!("$filter={}", deep(n - 1, "a/any(x:", "true", ")")),
            true,
        ),
        (
            format!(
                "$filter={}",
                deep(n - 1, "a/$count($filter=", "true", ") eq 1")
            ),
            true,
        ),
        (
            format!(
                "$filter={}",
                deep(n / 2 - 1, "a/$count($filter=a/any(x:", "true", ")) eq 1")
            ),
            true,
        ),
        (
            format!(
                "$filter={}",
                deep(n - 1, &format!("{nots}a/$count($filter="), "true", ") eq 1")
            ),
            false,
        ),
        (
            format!("$expand={}", deep(n - 1, "a($expand=", "b", ")")),
            true,
        ),
        (
            format!(
                "$expand={}",
                deep(n - 1, &format!("a($filter={nots}true;$expand="), "b", ")")
            ),
            true,
        ),
        (
            format!(
                "$orderby={} desc",
                deep(n - 1, "a/$count($filter=", "true", ")")
            ),
            true,
        ),
    ];
    for unmatched in [n + 1, 10_000] {
        let closing = ")".repeat(unmatched);
        let opened = deep(unmatched, "(", "true", ")");
        queries.extend([
            (format!("$filter={closing}{opened}"), false),
            (format!("$expand=x,{closing},a($filter={opened})"), false),
            (format!("$expand=a{closing}($filter={opened})"), false),
            (format!("$orderby={closing},{opened}"), false),
            (
                format!("$filter=a/$count($filter={closing}{opened}) eq 1"),
                false,
            ),
            (format!("@a={closing}{opened}"), false),
        ]);
    }
    queries
}

#[test]
fn deep_queries_fit_a_server_stack() {
    let outcomes = on_server_stack(|| {
        let mut outcomes = Vec::new();
        for (query, _) in hostile_queries() {
            outcomes.push(parse_request("api_key", Some(&query)).map(|_| ()));
            // The same text as a key must not overflow either.
            let _ = parse_request(&format!("api_key({query})"), None);
        }
        outcomes
    });
    for ((query, parses), outcome) in hostile_queries().iter().zip(&outcomes) {
        let head: String = query.chars().take(60).collect();
        assert_eq!(outcome.is_ok(), *parses, "{head}…: {outcome:?}");
    }
}

#[test]
fn targets_never_panic_the_api() {
    let (_store, router) = common::emulator();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let mut statuses = std::collections::BTreeMap::new();
    let some_intact = |gen: &mut Gen| match gen.one_in(2) {
        true => target(gen, 3, &ANY_NAMES),
        false => target(gen, 2, &API_KEY_TEXT),
    };
    let cases = run_cases("api", 5, 3000, some_intact, |(path, query)| {
        let target = match query {
            Some(query) => format!("/v7/{path}?{query}"),
            None => format!("/v7/{path}"),
        };
        if target.parse::<Uri>().is_err() {
            return;
        }
        let reply = runtime.block_on(common::get(&router, &target));
        assert_ne!(
            reply.status,
            StatusCode::INTERNAL_SERVER_ERROR,
            "{target}: {}",
            reply.body
        );
        *statuses.entry(reply.status.as_u16()).or_insert(0) += 1;
    });
    eprintln!("api: {cases} GETs, statuses {statuses:?}");
}
