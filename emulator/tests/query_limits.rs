//! The bounds on one query's cost, through the router: `$expand` nesting
//! and expanded rows, lambdas counted as operators, and the step budget.

mod common;

use axum::http::StatusCode;
use common::{add_user_keys, emulator, get, lambda_bomb};

/// `actor(1)` with `depth` levels of `$expand`: its keys, their actor, its
/// keys, and so on.
fn nested_expand(depth: usize) -> String {
    let navigation = |level: usize| {
        if level % 2 == 1 {
            "api_key"
        } else {
            "is_of__actor"
        }
    };
    let mut expand = format!("{}($select=id)", navigation(depth));
    for level in (1..depth).rev() {
        expand = format!("{}($select=id;$expand={expand})", navigation(level));
    }
    format!("/v7/actor(1)?$select=id&$expand={expand}")
}

#[tokio::test]
async fn expand_nests_at_most_four_levels() {
    let (_, router) = emulator();
    let reply = get(&router, &nested_expand(4)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let keys = &reply.json()["d"][0]["api_key"][0]["is_of__actor"][0]["api_key"];
    assert_eq!(keys.as_array().map(Vec::len), Some(5), "{}", reply.body);
    let reply = get(&router, &nested_expand(5)).await;
    assert_eq!(
        (reply.status, reply.body.as_str()),
        (
            StatusCode::BAD_REQUEST,
            "\"$expand may be nested at most 4 levels deep\""
        )
    );
}

#[tokio::test]
async fn expand_adds_at_most_20_000_rows() {
    let (store, router) = emulator();
    add_user_keys(&store, 97);
    // 100 keys, their actor, its 100 keys each: 10,200 rows.
    let reply = get(&router, &nested_expand(3)).await;
    assert_eq!(reply.status, StatusCode::OK);
    // And those keys' actors: 20,200 rows.
    let reply = get(&router, &nested_expand(4)).await;
    assert_eq!(
        (reply.status, reply.body.as_str()),
        (
            StatusCode::BAD_REQUEST,
            "\"$expand would add more than 20000 rows to the answer: \
             narrow it down with $filter, $top or less nesting\""
        )
    );
}

#[tokio::test]
async fn lambdas_count_against_the_operator_limit() {
    let (_, router) = emulator();
    let filter = format!("{}is_of__actor/api_key/any(k:true)", "not%20".repeat(200));
    let reply = get(&router, &format!("/v7/api_key?$filter={filter}")).await;
    assert_eq!(
        (reply.status, reply.body.as_str()),
        (
            StatusCode::BAD_REQUEST,
            "\"an expression may have at most 200 operators\""
        )
    );
}

#[tokio::test]
async fn a_lambda_bomb_runs_out_of_evaluation_steps() {
    let (store, router) = emulator();
    add_user_keys(&store, 6);
    let reply = get(&router, &lambda_bomb(9)).await;
    assert_eq!(
        (reply.status, reply.body.as_str()),
        (
            StatusCode::BAD_REQUEST,
            "\"the query needs more than 10000000 evaluation steps: narrow it down \
             (fewer rows, or fewer lambdas and $count inside each other)\""
        )
    );
}
