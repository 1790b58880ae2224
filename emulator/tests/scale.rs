//! A store of many keys: authentication is one index lookup, key reads go
//! through the id and actor indexes, and concurrent requests share the data
//! without waiting for each other, so neither grows with the table.

mod common;

use std::time::{Duration, Instant};

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
