//! The HTTP API through the router (no socket): authentication and the
//! balena-cloud-like permissions, key creation, PATCH/DELETE, CORS and
//! the 4xx answers to client mistakes.

mod common;

use api_emulator::dates::now_ms;
use api_emulator::model::Role;
use api_emulator::store::Store;
use api_emulator::{routes, seed};
use axum::http::{Method, StatusCode};
use common::{emulator, get, seeded_key, send, send_typed, snapshot, TOKEN};
use serde_json::json;

const NAME_TOO_LONG: &str = "\"It is necessary that each api key that has a name, has a name that has a Length (Type) that is less than or equal to 50.\"";

async fn post(router: &axum::Router, uri: &str, token: Option<&str>, body: &str) -> common::Reply {
    send(router, Method::POST, uri, token, Some(body)).await
}

async fn create(router: &axum::Router, body: &str) -> String {
    let reply = post(router, "/api-key/user/full", Some(TOKEN), body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json().as_str().expect("a JSON string").to_owned()
}

#[tokio::test]
async fn whoami_for_every_kind_of_credential() {
    let (store, router) = emulator();
    let snap = snapshot(&store);
    let user = snap.users.values().next().unwrap();
    let reply = get(&router, "/actor/v1/whoami").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.body,
        json!({"id": user.actor, "actorType": "user", "actorTypeId": user.id, "username": "demo", "email": "demo@example.com"})
            .to_string()
    );
    let device_key = seeded_key(&store, Role::Device, true);
    let reply = send(
        &router,
        Method::GET,
        "/actor/v1/whoami",
        Some(&device_key),
        None,
    )
    .await;
    assert_eq!(reply.json()["actorType"], "device");
    assert_eq!(reply.json()["uuid"].as_str().unwrap().len(), 32);
    let provisioning = seeded_key(&store, Role::Provisioning, true);
    let reply = send(
        &router,
        Method::GET,
        "/actor/v1/whoami",
        Some(&provisioning),
        None,
    )
    .await;
    assert_eq!(reply.json()["slug"], "demo/emulated-fleet");
    for token in [None, Some("wrong")] {
        let reply = send(&router, Method::GET, "/actor/v1/whoami", token, None).await;
        assert_eq!(
            (reply.status, reply.body.as_str()),
            (StatusCode::UNAUTHORIZED, "")
        );
    }
}

#[tokio::test]
async fn user_full_validates_in_the_spec_order() {
    let (store, router) = emulator();
    let named = seeded_key(&store, Role::NamedUser, true);
    let device = seeded_key(&store, Role::Device, true);
    for token in [None, Some(named.as_str()), Some(device.as_str())] {
        let reply = post(&router, "/api-key/user/full", token, r#"{"name":"x"}"#).await;
        assert_eq!(
            (reply.status, reply.body.as_str()),
            (StatusCode::UNAUTHORIZED, ""),
            "{token:?}"
        );
    }
    for body in [
        r#"{"expiryDate":null}"#,
        r#"{"name":""}"#,
        r#"{"name":5}"#,
        r#"{"name":"x","description":[]}"#,
        "",
    ] {
        let reply = post(&router, "/api-key/user/full", Some(TOKEN), body).await;
        assert_eq!(
            (reply.status, reply.body.as_str()),
            (StatusCode::BAD_REQUEST, ""),
            "{body}"
        );
    }
    let reply = post(
        &router,
        "/api-key/user/full",
        Some(TOKEN),
        r#"{"name":"x","expiryDate":"nope"}"#,
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.body, "\"Key expiry date should be a valid date\"");
    let body = json!({"name": "n".repeat(51), "expiryDate": "nope"}).to_string();
    let reply = post(&router, "/api-key/user/full", Some(TOKEN), &body).await;
    assert_eq!(
        reply.body, "\"Key expiry date should be a valid date\"",
        "expiry is checked before length"
    );
    let body = json!({"name": "n".repeat(51), "expiryDate": null}).to_string();
    assert_eq!(
        post(&router, "/api-key/user/full", Some(TOKEN), &body)
            .await
            .body,
        NAME_TOO_LONG
    );
    let reply = post(&router, "/api-key/user/full", Some(TOKEN), "{not json").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("Malformed JSON body"), "{}", reply.body);
    let huge = format!(r#"{{"name":"{}"}}"#, "x".repeat(routes::BODY_LIMIT));
    let reply = post(&router, "/api-key/user/full", Some(TOKEN), &huge).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(!reply.body.is_empty());
}

#[tokio::test]
async fn created_keys_read_back_exactly_and_authenticate() {
    let (_, router) = emulator();
    let key = create(
        &router,
        r#"{"name":"n1","expiryDate":"2030-10-12","description":"d"}"#,
    )
    .await;
    assert_eq!(key.len(), 32);
    assert!(key.bytes().all(|b| b.is_ascii_alphanumeric()));
    let reply = get(
        &router,
        "/v7/api_key?$filter=name%20eq%20%27n1%27&$select=name,description,expiry_date",
    )
    .await;
    assert_eq!(
        reply.body,
        r#"{"d":[{"name":"n1","description":"d","expiry_date":"2030-10-12T00:00:00.000Z"}]}"#
    );
    assert_eq!(reply.headers["content-type"], "application/json");
    assert_eq!(reply.headers["cache-control"], "no-cache");
    let reply = send(&router, Method::GET, "/actor/v1/whoami", Some(&key), None).await;
    assert_eq!(reply.json()["username"], "demo");
}

#[tokio::test]
async fn users_reach_their_own_applications_and_devices_keys_only() {
    let (store, router) = emulator();
    let snap = snapshot(&store);
    let other = snap.users.values().find(|u| u.username == "other").unwrap();
    let all = get(&router, "/v7/api_key?$select=id,is_of__actor")
        .await
        .json();
    let actors: Vec<i64> = all["d"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["is_of__actor"]["__id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        actors.len(),
        9,
        "5 user keys, 2 provisioning, 2 device keys"
    );
    assert!(!actors.contains(&other.actor));
    let other_key = snap
        .api_keys()
        .values()
        .find(|k| k.actor == other.actor)
        .unwrap();
    let reply = get(&router, &format!("/v7/api_key({})", other_key.id)).await;
    assert_eq!(reply.body, r#"{"d":[]}"#);
    // Changing another user's key "succeeds" and changes nothing.
    let uri = format!("/v7/api_key({})", other_key.id);
    let reply = send(
        &router,
        Method::PATCH,
        &uri,
        Some(TOKEN),
        Some(r#"{"name":"mine"}"#),
    )
    .await;
    assert_eq!((reply.status, reply.body.as_str()), (StatusCode::OK, ""));
    assert!(reply.headers.get("content-type").is_none());
    let reply = send(&router, Method::DELETE, &uri, Some(TOKEN), None).await;
    assert_eq!((reply.status, reply.body.as_str()), (StatusCode::OK, ""));
    assert_eq!(snapshot(&store).api_keys()[&other_key.id], *other_key);
}

#[tokio::test]
async fn api_keys_read_but_never_write_keys() {
    let (store, router) = emulator();
    let named = seeded_key(&store, Role::NamedUser, true);
    let legacy = seeded_key(&store, Role::User, false);
    for key in [&named, &legacy] {
        let reply = send(
            &router,
            Method::GET,
            "/v7/api_key?$select=id",
            Some(key),
            None,
        )
        .await;
        assert_eq!(reply.json()["d"].as_array().unwrap().len(), 9);
        let reply = send(
            &router,
            Method::PATCH,
            "/v7/api_key(1)",
            Some(key),
            Some(r#"{"name":"x"}"#),
        )
        .await;
        assert_eq!(
            (reply.status, reply.body.as_str()),
            (StatusCode::UNAUTHORIZED, "")
        );
        let reply = send(&router, Method::DELETE, "/v7/api_key(1)", Some(key), None).await;
        assert_eq!(
            (reply.status, reply.body.as_str()),
            (StatusCode::UNAUTHORIZED, "")
        );
    }
    for role in [Role::Device, Role::Provisioning] {
        let key = seeded_key(&store, role, true);
        let reply = send(&router, Method::GET, "/v7/api_key", Some(&key), None).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{role:?}");
    }
    let device = seeded_key(&store, Role::Device, true);
    let reply = send(
        &router,
        Method::GET,
        "/v7/device?$select=id",
        Some(&device),
        None,
    )
    .await;
    assert_eq!(reply.body, r#"{"d":[{"id":1}]}"#);
}

#[tokio::test]
async fn expired_and_revoked_keys_are_refused() {
    let (_, router) = emulator();
    let expired = create(
        &router,
        r#"{"name":"old","expiryDate":"2001-01-01T00:00:00Z"}"#,
    )
    .await;
    let reply = send(&router, Method::GET, "/v7/api_key", Some(&expired), None).await;
    assert_eq!(
        (reply.status, reply.body.as_str()),
        (StatusCode::UNAUTHORIZED, "")
    );
    let key = create(&router, r#"{"name":"short-lived","expiryDate":null}"#).await;
    assert_eq!(
        send(&router, Method::GET, "/actor/v1/whoami", Some(&key), None)
            .await
            .status,
        StatusCode::OK
    );
    let id = get(
        &router,
        "/v7/api_key?$filter=name%20eq%20%27short-lived%27&$select=id",
    )
    .await
    .json()["d"][0]["id"]
        .clone();
    let reply = send(
        &router,
        Method::DELETE,
        &format!("/v7/api_key({id})"),
        Some(TOKEN),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        send(&router, Method::GET, "/actor/v1/whoami", Some(&key), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn patch_rules_and_read_back() {
    let (_, router) = emulator();
    create(&router, r#"{"name":"p","expiryDate":null}"#).await;
    let id = get(
        &router,
        "/v7/api_key?$filter=name%20eq%20%27p%27&$select=id",
    )
    .await
    .json()["d"][0]["id"]
        .clone();
    let uri = format!("/v7/api_key({id})");
    let patch = |body: &'static str| send(&router, Method::PATCH, &uri, Some(TOKEN), Some(body));
    let reply = patch("{}").await;
    assert_eq!(
        (reply.status, reply.body.as_str()),
        (StatusCode::BAD_REQUEST, "\"No fields to update\"")
    );
    assert_eq!(
        patch(r#"{"name":"123456789012345678901234567890123456789012345678901"}"#)
            .await
            .body,
        NAME_TOO_LONG
    );
    let reply = patch(r#"{"expiry_date":"not a date"}"#).await;
    assert_eq!(
        reply.body,
        r#""\"expiry_date\" is not a valid date: not a date""#
    );
    assert_eq!(patch("[1]").await.status, StatusCode::BAD_REQUEST);
    let reply =
        patch(r#"{"name":"q","description":"","expiry_date":"2031-02-03T04:05:06.789Z"}"#).await;
    assert_eq!(reply.status, StatusCode::OK);
    let row = get(
        &router,
        &format!("{uri}?$select=name,description,expiry_date"),
    )
    .await
    .body;
    assert_eq!(
        row,
        r#"{"d":[{"name":"q","description":"","expiry_date":"2031-02-03T04:05:06.789Z"}]}"#
    );
    assert_eq!(
        patch(r#"{"description":null,"expiry_date":null}"#)
            .await
            .status,
        StatusCode::OK
    );
    let row = get(&router, &format!("{uri}?$select=description,expiry_date"))
        .await
        .body;
    assert_eq!(row, r#"{"d":[{"description":null,"expiry_date":null}]}"#);
    let reply = send(
        &router,
        Method::PATCH,
        "/v7/api_key(1)?$select=id",
        Some(TOKEN),
        Some(r#"{"name":"x"}"#),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn provisioning_device_and_generic_endpoints() {
    let (store, router) = emulator();
    let reply = post(
        &router,
        "/api-key/application/abc/provisioning",
        Some(TOKEN),
        "{}",
    )
    .await;
    assert_eq!(
        (reply.status, reply.body.as_str()),
        (StatusCode::BAD_REQUEST, "Application id must be a number")
    );
    let reply = post(&router, "/api-key/device/x/device-key", Some(TOKEN), "{}").await;
    assert_eq!(
        (reply.status, reply.body.as_str()),
        (StatusCode::BAD_REQUEST, "Device id must be a number")
    );
    assert_eq!(
        post(
            &router,
            "/api-key/application/99/provisioning",
            Some(TOKEN),
            "{}"
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let reply = post(
        &router,
        "/api-key/application/1/provisioning",
        Some(TOKEN),
        r#"{"name":"prov"}"#,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let reply = post(
        &router,
        "/api-key/device/1/device-key",
        Some(TOKEN),
        r#"{"apiKey":"chosen-secret-of-20"}"#,
    )
    .await;
    assert_eq!(reply.body, "\"chosen-secret-of-20\"");
    let device = seeded_key(&store, Role::Device, true);
    assert_eq!(
        post(&router, "/api-key/device/1/device-key", Some(&device), "{}")
            .await
            .status,
        StatusCode::OK
    );
    let named = seeded_key(&store, Role::NamedUser, true);
    assert_eq!(
        post(&router, "/api-key/device/1/device-key", Some(&named), "{}")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    for (body, want) in [
        (
            r#"{"actorType":"application","actorTypeId":1,"roles":["provisioning-api-key"]}"#,
            "\"Key expiry date should be a valid date\"",
        ),
        (
            r#"{"actorType":"application","actorTypeId":1,"roles":["a","b"],"expiryDate":null}"#,
            "\"API Keys currently only support a single role\"",
        ),
        (
            r#"{"actorType":"user","actorTypeId":1,"roles":["named-user-api-key"],"expiryDate":null}"#,
            "\"API keys with the 'named-user-api-key' role require a name\"",
        ),
        (
            r#"{"actorType":"robot","actorTypeId":1,"roles":["x"],"expiryDate":null}"#,
            "",
        ),
    ] {
        let reply = post(&router, "/api-key/v2/", Some(TOKEN), body).await;
        assert_eq!(
            (reply.status, reply.body.as_str()),
            (StatusCode::BAD_REQUEST, want),
            "{body}"
        );
    }
    let body = r#"{"actorType":"application","actorTypeId":1,"roles":["provisioning-api-key"],"name":"v2","expiryDate":null}"#;
    assert_eq!(
        post(&router, "/api-key/v2/", Some(TOKEN), body)
            .await
            .status,
        StatusCode::OK
    );
    let body = r#"{"actorType":"device","actorTypeId":1,"roles":["device-api-key"]}"#;
    assert_eq!(
        post(&router, "/api-key/v1", Some(TOKEN), body).await.status,
        StatusCode::OK
    );
    let app_actor = snapshot(&store).applications[&1].actor;
    let listed = get(
        &router,
        &format!("/v7/api_key/$count?$filter=is_of__actor%20eq%20{app_actor}"),
    )
    .await;
    assert_eq!(listed.body, r#"{"d":4}"#);
}

#[tokio::test]
async fn lookups_by_id_slug_and_uuid() {
    let (store, router) = emulator();
    let snap = snapshot(&store);
    let (app, device) = (&snap.applications[&1], &snap.devices[&1]);
    let want = format!(r#"{{"d":[{{"actor":{{"__id":{}}}}}]}}"#, app.actor);
    assert_eq!(
        get(&router, "/v7/application(1)?$select=actor").await.body,
        want
    );
    for value in [&app.slug, &app.uuid] {
        let value = value.replace('/', "%2F");
        let uri = format!("/v7/application?$filter=slug%20eq%20%27{value}%27%20or%20uuid%20eq%20%27{value}%27&$select=actor");
        assert_eq!(get(&router, &uri).await.body, want);
    }
    let want = format!(r#"{{"d":[{{"actor":{{"__id":{}}}}}]}}"#, device.actor);
    assert_eq!(get(&router, "/v7/device(1)?$select=actor").await.body, want);
    assert_eq!(
        get(
            &router,
            &format!("/v7/device(uuid='{}')?$select=actor", device.uuid)
        )
        .await
        .body,
        want
    );
    assert_eq!(
        get(
            &router,
            "/v7/device(uuid='nonexistentuuid3beaca0080ed7f0a8')"
        )
        .await
        .body,
        r#"{"d":[]}"#
    );
    assert_eq!(
        get(&router, "/v7/application(99)").await.body,
        r#"{"d":[]}"#
    );
    assert_eq!(
        get(&router, "/v7/actor?$select=id").await.json()["d"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[tokio::test]
async fn client_mistakes_are_4xx_with_a_message() {
    let (_, router) = emulator();
    for (method, uri, status) in [
        (Method::GET, "/nope", StatusCode::NOT_FOUND),
        (Method::GET, "/v7/nope", StatusCode::NOT_FOUND),
        (Method::GET, "/v7/api_key(abc)", StatusCode::BAD_REQUEST),
        (Method::GET, "/v7/api_key('abc')", StatusCode::BAD_REQUEST),
        (Method::GET, "/v7/api_key(1", StatusCode::BAD_REQUEST),
        (
            Method::GET,
            "/v7/api_key?$filter=name%20eq",
            StatusCode::BAD_REQUEST,
        ),
        (
            Method::GET,
            "/v7/api_key?$filter=%FF",
            StatusCode::BAD_REQUEST,
        ),
        (Method::GET, "/v7/api_key?$apply=x", StatusCode::BAD_REQUEST),
        (
            Method::PUT,
            "/v7/api_key(1)",
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (Method::PATCH, "/v7/api_key('x')", StatusCode::BAD_REQUEST),
    ] {
        let reply = send(
            &router,
            method.clone(),
            uri,
            Some(TOKEN),
            Some("{\"name\":\"x\"}"),
        )
        .await;
        assert_eq!(reply.status, status, "{method} {uri}: {}", reply.body);
        assert!(!reply.body.is_empty(), "{method} {uri}");
    }
    let reply = send(
        &router,
        Method::POST,
        "/v7/api_key",
        Some(TOKEN),
        Some("{}"),
    )
    .await;
    assert_eq!(
        (reply.status, reply.body.as_str()),
        (StatusCode::UNAUTHORIZED, "")
    );
}

#[tokio::test]
async fn cors_preflight_and_origin() {
    let (_, router) = emulator();
    let reply = send(&router, Method::OPTIONS, "/v7/api_key(1)", None, None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(reply.headers["access-control-allow-origin"], "*");
    assert_eq!(
        reply.headers["access-control-allow-methods"],
        "GET, POST, PATCH, DELETE, OPTIONS"
    );
    assert_eq!(
        reply.headers["access-control-allow-headers"],
        "Authorization, Content-Type, X-Balena-Client"
    );
    for reply in [
        get(&router, "/v7/api_key").await,
        send(&router, Method::GET, "/v7/api_key", None, None).await,
    ] {
        assert_eq!(reply.headers["access-control-allow-origin"], "*");
    }
}

#[tokio::test]
async fn a_database_file_survives_a_restart() {
    let path = std::env::temp_dir().join(format!("api-emulator-test-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let first = Store::open(Some(&path)).unwrap();
    let fresh = first
        .with(|conn| seed::prepare(conn, "one", now_ms()))
        .unwrap();
    assert!(fresh);
    let seeded = first.snapshot().api_keys().len();
    let router = routes::router(first.clone());
    let reply = post(
        &router,
        "/api-key/user/full",
        Some("one"),
        r#"{"name":"kept"}"#,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    drop((router, first));
    let second = Store::open(Some(&path)).unwrap();
    let fresh = second
        .with(|conn| seed::prepare(conn, "two", now_ms()))
        .unwrap();
    assert!(!fresh);
    let again = second.snapshot();
    assert_eq!(again.api_keys().len(), seeded + 1);
    assert!(again
        .api_keys()
        .values()
        .any(|k| k.name.as_deref() == Some("kept")));
    let router = routes::router(second);
    assert_eq!(
        get_with(&router, "one").await,
        StatusCode::UNAUTHORIZED,
        "the old session is gone"
    );
    assert_eq!(get_with(&router, "two").await, StatusCode::OK);
    let _ = std::fs::remove_file(&path);
}

async fn get_with(router: &axum::Router, token: &str) -> StatusCode {
    send(router, Method::GET, "/actor/v1/whoami", Some(token), None)
        .await
        .status
}

#[tokio::test]
async fn the_largest_accepted_queries_evaluate_and_larger_ones_are_refused() {
    let (_, router) = emulator();
    let chain = format!("id%20eq%200{}", "%20or%20id%20eq%201".repeat(99));
    assert_eq!(
        get(&router, &format!("/v7/api_key?$select=id&$filter={chain}"))
            .await
            .body,
        r#"{"d":[{"id":1}]}"#
    );
    let nested = format!("{}id%20eq%201{}", "(".repeat(64), ")".repeat(64));
    assert_eq!(
        get(&router, &format!("/v7/api_key/$count?$filter={nested}"))
            .await
            .body,
        r#"{"d":1}"#
    );
    let nots = format!("{}(id%20eq%201)", "not%20not%20".repeat(99));
    assert_eq!(
        get(&router, &format!("/v7/api_key/$count?$filter={nots}"))
            .await
            .body,
        r#"{"d":1}"#
    );
    for query in [
        format!("$filter={chain}%20or%20id%20eq%202"),
        format!("$filter=({nested})"),
    ] {
        let reply = get(&router, &format!("/v7/api_key?{query}")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn the_apikey_query_parameter_authenticates() {
    let (store, router) = emulator();
    let key = seeded_key(&store, Role::NamedUser, true);
    let reply = send(
        &router,
        Method::GET,
        &format!("/actor/v1/whoami?apikey={key}"),
        None,
        None,
    )
    .await;
    assert_eq!(reply.json()["username"], "demo");
}

#[tokio::test]
async fn a_body_not_sent_as_json_is_415_and_changes_nothing() {
    let (store, router) = emulator();
    let before = snapshot(&store);
    let generic = r#"{"actorType":"device","actorTypeId":1,"roles":["device-api-key"],"name":"plain","expiryDate":null}"#;
    for (method, uri, body) in [
        (Method::POST, "/api-key/user/full", r#"{"name":"plain"}"#),
        (
            Method::POST,
            "/api-key/device/1/device-key",
            r#"{"name":"plain"}"#,
        ),
        (
            Method::POST,
            "/api-key/application/1/provisioning",
            r#"{"name":"plain"}"#,
        ),
        (Method::POST, "/api-key/v2/", generic),
        (Method::PATCH, "/v7/api_key(1)", r#"{"name":"plain"}"#),
    ] {
        for (content_type, shown) in [
            (Some("text/plain;charset=UTF-8"), "text/plain;charset=UTF-8"),
            (
                Some("application/x-www-form-urlencoded"),
                "application/x-www-form-urlencoded",
            ),
            (None, "no Content-Type"),
        ] {
            let reply = send_typed(
                &router,
                method.clone(),
                uri,
                Some(TOKEN),
                content_type,
                Some(body),
            )
            .await;
            let message = format!(
                "\"The request body must be JSON sent with Content-Type: application/json (got {shown})\""
            );
            assert_eq!(
                (reply.status, reply.body),
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, message),
                "{method} {uri} as {shown}"
            );
        }
    }
    assert_eq!(snapshot(&store), before, "nothing was created or changed");
    let reply = send_typed(
        &router,
        Method::POST,
        "/api-key/user/full",
        Some(TOKEN),
        Some("Application/JSON; charset=utf-8"),
        Some(r#"{"name":"json"}"#),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "JSON with a charset is JSON");
    let reply = send_typed(
        &router,
        Method::POST,
        "/api-key/device/1/device-key",
        Some(TOKEN),
        None,
        None,
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "no body needs no Content-Type"
    );
}

#[tokio::test]
async fn chosen_secrets_need_16_characters() {
    let (_, router) = emulator();
    let too_short = "\"A chosen API key must have at least 16 characters\"";
    for secret in ["x", "fifteen-chars15", "ünïcödé-çhärs15"] {
        let body = json!({ "apiKey": secret }).to_string();
        let reply = post(&router, "/api-key/device/1/device-key", Some(TOKEN), &body).await;
        assert_eq!(
            (reply.status, reply.body.as_str()),
            (StatusCode::BAD_REQUEST, too_short),
            "{secret}"
        );
    }
    let body =
        r#"{"actorType":"device","actorTypeId":1,"roles":["device-api-key"],"apiKey":"short"}"#;
    let reply = post(&router, "/api-key/v1/", Some(TOKEN), body).await;
    assert_eq!(
        (reply.status, reply.body.as_str()),
        (StatusCode::BAD_REQUEST, too_short)
    );
    let reply = post(
        &router,
        "/api-key/device/1/device-key",
        Some(TOKEN),
        r#"{"apiKey":"sixteen-chars-16"}"#,
    )
    .await;
    assert_eq!(
        (reply.status, reply.body.as_str()),
        (StatusCode::OK, "\"sixteen-chars-16\"")
    );
}

#[tokio::test]
async fn a_clash_with_another_actors_key_answers_as_a_refused_body() {
    let (store, router) = emulator();
    let snap = snapshot(&store);
    let other = snap.users.values().find(|u| u.username == "other").unwrap();
    let others_secret = snap
        .api_keys()
        .values()
        .find(|k| k.actor == other.actor)
        .unwrap()
        .key
        .clone();
    let device_key = seeded_key(&store, Role::Device, true);
    for token in [TOKEN, device_key.as_str()] {
        for chosen in [others_secret.as_str(), device_key.as_str()] {
            let body = json!({ "apiKey": chosen }).to_string();
            let reply = post(&router, "/api-key/device/1/device-key", Some(token), &body).await;
            let expected = if chosen == device_key {
                (StatusCode::CONFLICT, "\"That API key already exists\"")
            } else {
                (StatusCode::BAD_REQUEST, "")
            };
            assert_eq!((reply.status, reply.body.as_str()), expected);
        }
    }
    let body = json!({"actorType": "application", "actorTypeId": 1, "roles": ["provisioning-api-key"], "apiKey": others_secret});
    let reply = post(&router, "/api-key/v1/", Some(TOKEN), &body.to_string()).await;
    assert_eq!(
        (reply.status, reply.body.as_str()),
        (StatusCode::BAD_REQUEST, "")
    );
    assert_eq!(snapshot(&store), snap, "nothing was stored");
}
