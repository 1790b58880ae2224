//! A store of many keys: authentication is one index lookup, key reads go
//! through the id and actor indexes, and concurrent requests share the data
//! without waiting for each other, so neither grows with the table.

mod common;

use std::time::{Duration, Instant};

use api_emulator::auth::{self, Scope};
use api_emulator::dates::now_ms;
use api_emulator::model::Resource;
use api_emulator::odata::budget::{Budget, Cancel};
use api_emulator::odata::eval::Context;
use api_emulator::odata::execute::{check_options, key_filter, matching_ids};
use api_emulator::odata::parser::parse_request;
use api_emulator::store::Store;
use axum::http::{Method, StatusCode};
use axum::Router;
use common::{emulator, send, TOKEN};

/// The seeded emulator plus keys `bulk-key-1`, `bulk-key-2`, … of the other
/// user (actor 2), to `total` keys in all.
fn emulator_with_keys(total: usize) -> (Store, Router) {
    let (store, router) = emulator();
    let bulk = total - store.snapshot().api_keys().len();
    store
        .with(|conn| {
            conn.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
                 INSERT INTO api_key (created_at, modified_at, key, actor, name, role)
                 SELECT 0, 0, 'bulk-key-' || i, 2, 'bulk ' || i, 'named-user-api-key' FROM n",
                [bulk as i64],
            )
        })
        .expect("bulk keys");
    assert_eq!(store.snapshot().api_keys().len(), total);
    (store, router)
}

/// 200 concurrent whoami with `token`: how long they took together, and
/// each status.
async fn concurrent_whoami(router: &Router, token: &str) -> (Duration, Vec<StatusCode>) {
    let started = Instant::now();
    let calls: Vec<_> = (0..200)
        .map(|_| {
            let (router, token) = (router.clone(), token.to_owned());
            tokio::spawn(async move {
                send(&router, Method::GET, "/actor/v1/whoami", Some(&token), None)
                    .await
                    .status
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for call in calls {
        statuses.push(call.await.expect("whoami task"));
    }
    (started.elapsed(), statuses)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_whoami_are_quick_with_10_000_and_50_000_keys() {
    for total in [10_000, 50_000] {
        let (_, router) = emulator_with_keys(total);
        for (token, status) in [
            (TOKEN, StatusCode::OK),
            ("bulk-key-777", StatusCode::OK),
            ("no-such-key", StatusCode::UNAUTHORIZED),
        ] {
            let (took, statuses) = concurrent_whoami(&router, token).await;
            assert!(
                statuses.iter().all(|s| *s == status),
                "{token}: {statuses:?}"
            );
            assert!(
                took < Duration::from_secs(2),
                "{total} keys, {token}: 200 whoami took {took:?}"
            );
        }
    }
}

/// The ids `GET /v7/<path>?<query>` gives the session with a budget of
/// `steps` evaluation steps, or the error.
fn ids_within(store: &Store, path: &str, query: &str, steps: u64) -> Result<Vec<i64>, String> {
    let snap = store.snapshot();
    let principal = auth::authenticate(&snap, TOKEN, now_ms()).expect("the session");
    let scope = Scope::of(&snap, &principal);
    let request = parse_request(path, Some(query))?;
    let resource = Resource::from_name(&request.resource).expect("a resource");
    check_options(&request.options, resource, &request.aliases)?;
    let key = request
        .key
        .as_ref()
        .map(|k| key_filter(resource, k, &request.aliases))
        .transpose()?;
    let budget = Budget::with_limits(steps, 0, Cancel::default());
    let ctx = Context {
        snap: &snap,
        scope: &scope,
        aliases: &request.aliases,
        now: now_ms(),
        budget: &budget,
    };
    matching_ids(&ctx, resource, key.as_ref(), &request.options)
}

#[test]
fn key_reads_use_the_id_actor_and_scope_indexes() {
    let (store, _) = emulator_with_keys(50_000);
    // The session reaches 9 of the 50,000 keys: its user's, its
    // application's and its device's.
    assert_eq!(
        ids_within(&store, "api_key", "$orderby=id", 100),
        Ok(vec![1, 2, 3, 4, 5, 6, 7, 10, 11])
    );
    assert_eq!(ids_within(&store, "api_key(5)", "", 10), Ok(vec![5]));
    assert_eq!(
        ids_within(
            &store,
            "api_key",
            "$filter=is_of__actor eq 4 and name ne null",
            20
        ),
        Ok(vec![6])
    );
    assert_eq!(
        ids_within(
            &store,
            "api_key",
            "$filter=id in (2, 3, 40000) or id eq 4",
            130
        ),
        Ok(vec![2, 3, 4])
    );
    assert_eq!(
        ids_within(&store, "api_key", "$filter=id in (2, 3, 40000)", 20),
        Ok(vec![2, 3])
    );
}
