//! Every request pinejs-client-core compiled in the spec's vectors parses
//! from its on-the-wire form, and the server answers each without a 5xx.

mod common;

use api_emulator::odata::parser::parse_request;
use serde_json::Value;

fn vectors() -> Vec<Value> {
    let text = include_str!("../../tests/data/vectors.json");
    serde_json::from_str(text).expect("vectors.json")
}

/// `/v7/path?query` → (path after `/v7/`, raw query).
fn split_wire(wire: &str) -> (&str, Option<&str>) {
    let target = wire.strip_prefix("/v7/").expect("wire starts with /v7/");
    match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    }
}

/// A vector whose `$filter` lost its tail to a `#` fragment on the wire
/// cannot be valid OData; every other vector must parse.
fn truncated_filter(vector: &Value) -> bool {
    vector.get("wire_dropped_fragment").is_some()
        && vector["wire"].as_str().unwrap().contains("$filter=")
}

#[test]
fn every_vector_parses_from_the_wire() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 175);
    for vector in &vectors {
        let wire = vector["wire"].as_str().unwrap();
        let (path, query) = split_wire(wire);
        let parsed = parse_request(path, query);
        if truncated_filter(vector) {
            assert!(parsed.is_err(), "{wire} should not parse");
        } else {
            let request = parsed.unwrap_or_else(|e| panic!("{}: {wire}: {e}", vector["label"]));
            assert_eq!(
                request.resource,
                vector["resource"].as_str().unwrap_or("api_key"),
                "{wire}"
            );
        }
    }
    assert_eq!(vectors.iter().filter(|v| truncated_filter(v)).count(), 1);
}

#[tokio::test]
async fn every_vector_gets_an_answer_not_a_server_error() {
    let (_, router) = common::emulator();
    let mut ok = 0;
    for vector in vectors() {
        let wire = vector["wire"].as_str().unwrap();
        let reply = common::get(&router, wire).await;
        assert!(
            reply.status.is_success() || reply.status.is_client_error(),
            "{wire}: {} {}",
            reply.status,
            reply.body
        );
        if reply.status.is_success() {
            ok += 1;
            assert!(reply.json().get("d").is_some(), "{wire}: {}", reply.body);
        } else {
            assert!(!reply.body.is_empty(), "{wire}: a 4xx names the problem");
        }
    }
    // The SDK-shaped vectors (selects, filters on real fields, orders,
    // expands, counts, lookups) all succeed; the rest name unknown fields.
    assert!(ok >= 90, "only {ok} vectors answered 200");
}
