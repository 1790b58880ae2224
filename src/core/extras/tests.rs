//! Rotation and the expiry audit over the scripted host: the requests they
//! send, what they make of the answers, and their failures.

use serde_json::{json, Value as Json};

use super::*;
use crate::core::test_host::*;
use crate::core::*;
use crate::prelude::*;

/// 2027-01-15T08:00:00.000Z, the scripted clock's "now".
const NOW: f64 = 1_800_000_000_000.0;
const WHOAMI: &str = "/actor/v1/whoami";

fn at_now(answers: Vec<Answer>) -> Session<Scripted> {
    let session = logged_in(answers);
    session.host.clock.set(NOW);
    session
}

fn rows(rows: Json) -> Answer {
    ok(json!({ "d": rows }))
}

fn sent_body(session: &Session<Scripted>, index: usize) -> RequestBody<TestValue> {
    session.host.sent.borrow()[index].body.clone()
}

fn undefined() -> TestValue {
    TestValue::Undefined
}

const OLD_KEY: &str = r#"{ "id": 10, "name": "release-bot", "description": "Deploys",
    "created_at": "2027-01-01T08:00:00.000Z", "expiry_date": "2027-01-31T08:00:00.000Z" }"#;

fn old_key() -> Json {
    serde_json::from_str(OLD_KEY).unwrap()
}

#[test]
fn rotation_makes_a_key_like_the_old_one_and_then_revokes_the_old_one() {
    let session = at_now(vec![
        ok(json!({ "id": 42 })),
        rows(json!([old_key()])),
        rows(json!([{ "id": 3 }, { "id": 10 }])),
        ok(json!("NEWSECRET")),
        rows(json!([{ "id": 3 }, { "id": 10 }, { "id": 11 }])),
        ok(json!("OK")),
    ]);
    let rotation = run(session.rotate_api_key(&TestValue::from_f64(10.0), &undefined())).unwrap();
    assert_eq!(rotation.new.key, TestValue::from_str("NEWSECRET"));
    assert_eq!(rotation.new.id, Some(11.0));
    assert_eq!(rotation.revoked, 10.0);
    let named = "is_of__actor%20eq%2042%20and%20name%20ne%20null";
    // `name` replaces `name ne null` in the filter object: the same rows.
    let same_name =
        "/v7/api_key?$filter=is_of__actor%20eq%2042%20and%20name%20eq%20%27release-bot%27&$select=id";
    assert_eq!(
        targets(&session),
        [
            WHOAMI.to_string(),
            format!("/v7/api_key?$filter={named}%20and%20id%20eq%2010&$select=id,name,description,created_at,expiry_date"),
            same_name.to_string(),
            "/api-key/user/full".to_string(),
            same_name.to_string(),
            "/v7/api_key(10)".to_string(),
        ]
    );
    // The old key lived 30 days: so does the new one, from now.
    let body =
        r#"{"name":"release-bot","expiryDate":"2027-02-14T08:00:00.000Z","description":"Deploys"}"#;
    assert_eq!(sent_body(&session, 3), RequestBody::Json(Some(body.into())));
    assert_eq!(session.host.sent.borrow()[5].method, Method::Delete);
}

#[test]
fn rotation_takes_the_expiry_date_given_and_never_for_a_key_that_never_expired() {
    let mut never = old_key();
    never["expiry_date"] = Json::Null;
    for (old, given, expiry) in [
        (
            old_key(),
            TestValue::from_str("2030-01-01"),
            r#""2030-01-01""#,
        ),
        (old_key(), TestValue::null(), "null"),
        (never, undefined(), "null"),
    ] {
        let session = at_now(vec![
            ok(json!({ "id": 42 })),
            rows(json!([old])),
            rows(json!([{ "id": 10 }])),
            ok(json!("NEWSECRET")),
            rows(json!([{ "id": 10 }, { "id": 11 }])),
            ok(json!("OK")),
        ]);
        run(session.rotate_api_key(&TestValue::from_f64(10.0), &given)).unwrap();
        let body =
            format!(r#"{{"name":"release-bot","expiryDate":{expiry},"description":"Deploys"}}"#);
        assert_eq!(sent_body(&session, 3), RequestBody::Json(Some(body)));
    }
}

#[test]
fn rotation_of_a_key_that_is_not_a_named_key_of_the_user_is_not_found() {
    let session = at_now(vec![ok(json!({ "id": 42 })), rows(json!([]))]);
    let error = run(session.rotate_api_key(&TestValue::from_f64(99.0), &undefined())).unwrap_err();
    let Error::ApiKeyNotFound { id } = error else {
        panic!("not ApiKeyNotFound: {error:?}");
    };
    assert_eq!(id, TestValue::from_f64(99.0));
    assert_eq!(session.host.sent.borrow().len(), 2);
}

#[test]
fn rotation_refuses_an_id_that_is_not_a_positive_whole_number_before_any_request() {
    for id in [
        TestValue::from_str("10"),
        TestValue::from_f64(0.0),
        TestValue::from_f64(1.5),
        TestValue::from_f64(f64::INFINITY),
        undefined(),
    ] {
        let session = at_now(vec![]);
        let error = run(session.rotate_api_key(&id, &undefined())).unwrap_err();
        assert!(
            matches!(error, Error::InvalidParameter { name: "id", .. }),
            "{id:?}"
        );
        assert!(session.host.sent.borrow().is_empty());
    }
}

#[test]
fn a_failed_revoke_keeps_both_keys_and_hands_over_the_new_one() {
    let session = at_now(vec![
        ok(json!({ "id": 42 })),
        rows(json!([old_key()])),
        rows(json!([{ "id": 10 }])),
        ok(json!("NEWSECRET")),
        rows(json!([{ "id": 10 }, { "id": 11 }])),
        reply(500, json!("database is down"), json!({})),
    ]);
    let error = run(session.rotate_api_key(&TestValue::from_f64(10.0), &undefined())).unwrap_err();
    let Error::RotationIncomplete {
        key,
        id,
        old_id,
        cause,
    } = error
    else {
        panic!("not RotationIncomplete: {error:?}");
    };
    assert_eq!(key, TestValue::from_str("NEWSECRET"));
    assert_eq!((id, old_id), (Some(11.0), 10.0));
    assert!(cause.has_status(500));
}

#[test]
fn the_new_key_is_kept_when_its_id_cannot_be_told_apart() {
    // Another key of the same name appeared meanwhile: two new ids.
    let session = at_now(vec![
        ok(json!({ "id": 42 })),
        rows(json!([old_key()])),
        rows(json!([{ "id": 10 }])),
        ok(json!("NEWSECRET")),
        rows(json!([{ "id": 10 }, { "id": 11 }, { "id": 12 }])),
        ok(json!("OK")),
    ]);
    let rotation = run(session.rotate_api_key(&TestValue::from_f64(10.0), &undefined())).unwrap();
    assert_eq!(
        (rotation.new.key, rotation.new.id),
        (TestValue::from_str("NEWSECRET"), None)
    );
    // The listing after the create fails: the rotation still revokes.
    let session = at_now(vec![
        ok(json!({ "id": 42 })),
        rows(json!([old_key()])),
        rows(json!([{ "id": 10 }])),
        ok(json!("NEWSECRET")),
        reply(503, json!("busy"), json!({})),
        ok(json!("OK")),
    ]);
    let rotation = run(session.rotate_api_key(&TestValue::from_f64(10.0), &undefined())).unwrap();
    assert_eq!((rotation.new.id, rotation.revoked), (None, 10.0));
}

#[test]
fn a_failed_create_leaves_the_old_key_alone_and_says_why() {
    let session = at_now(vec![
        ok(json!({ "id": 42 })),
        rows(json!([old_key()])),
        rows(json!([{ "id": 10 }])),
        reply(400, json!("Invalid expiry date"), json!({})),
    ]);
    let error = run(session.rotate_api_key(&TestValue::from_f64(10.0), &TestValue::from_str("x")))
        .unwrap_err();
    assert!(error.has_status(400), "{error:?}");
    assert_eq!(session.host.sent.borrow().len(), 4, "no revoke");
}

fn audit(days: TestValue, kinds: Json) -> ExpiryAudit<TestValue> {
    let kinds = match kinds {
        Json::Null => undefined(),
        other => other.into(),
    };
    ExpiryAudit::new(&days, &kinds, None).unwrap()
}

fn key(id: u32, actor: u32, expiry: &str) -> Json {
    json!({ "id": id, "name": null, "description": null, "created_at": "2027-01-01T00:00:00.000Z",
            "expiry_date": expiry, "is_of__actor": { "__id": actor } })
}

#[test]
fn the_audit_reads_each_kind_of_key_in_the_window_soonest_first() {
    let session = at_now(vec![
        ok(json!({ "id": 42 })),
        rows(json!([
            key(5, 42, "2027-01-20T00:00:00.000Z"),
            key(9, 42, "2027-01-01T00:00:00.000Z")
        ])),
        rows(json!([{ "id": 1, "slug": "org/fleet", "actor": { "__id": 77 } }])),
        rows(json!([key(7, 77, "2027-01-20T00:00:00.000Z")])),
        rows(json!([{ "id": 3, "uuid": "abc", "actor": { "__id": 88 },
                      "belongs_to__application": [{ "id": 1, "slug": "org/fleet" }] }])),
        rows(json!([key(2, 88, "2027-01-16T00:00:00.000Z")])),
    ]);
    let mut events = Vec::new();
    let found = run(
        session.expiring_api_keys(&audit(undefined(), Json::Null), &mut |p| {
            events.push(p);
            Ok(())
        }),
    )
    .unwrap();
    let order: Vec<(f64, &str, bool)> = found
        .iter()
        .map(|k| (row_id(&k.row).unwrap(), k.kind.name(), k.expired))
        .collect();
    assert_eq!(
        order,
        [
            (9.0, "user", true),
            (2.0, "device", false),
            (5.0, "user", false),
            (7.0, "provisioning", false)
        ]
    );
    let within =
        "expiry_date%20ne%20null%20and%20expiry_date%20le%20datetime%272027-01-22T08:00:00.000Z%27";
    assert_eq!(
        targets(&session),
        [
            WHOAMI.to_string(),
            format!("/v7/api_key?$select=id,name,description,created_at,expiry_date,is_of__actor&$filter=is_of__actor%20in%20(42)%20and%20{within}%20and%20name%20ne%20null%20and%20id%20gt%200&$orderby=id%20asc&$top=500"),
            "/v7/application?$select=id,slug,actor&$filter=id%20gt%200&$orderby=id%20asc&$top=200".to_string(),
            format!("/v7/api_key?$select=id,name,description,created_at,expiry_date,is_of__actor&$filter=is_of__actor%20in%20(77)%20and%20{within}%20and%20id%20gt%200&$orderby=id%20asc&$top=500"),
            "/v7/device?$select=id,uuid,actor&$filter=id%20gt%200&$orderby=id%20asc&$top=200&$expand=belongs_to__application($select=id,slug)".to_string(),
            format!("/v7/api_key?$select=id,name,description,created_at,expiry_date,is_of__actor&$filter=is_of__actor%20in%20(88)%20and%20{within}%20and%20id%20gt%200&$orderby=id%20asc&$top=500"),
        ]
    );
    let device = found.iter().find(|k| k.kind == OwnerKind::Device).unwrap();
    let KeyOwner::Device { uuid, fleet, .. } = &device.owner else {
        panic!("not a device's key");
    };
    assert_eq!(uuid, &TestValue::from_str("abc"));
    assert_eq!(
        fleet.as_ref().unwrap().slug,
        TestValue::from_str("org/fleet")
    );
    let progress = |kind, scanned, found| Progress {
        kind,
        scanned,
        found,
    };
    assert_eq!(
        events,
        [
            progress(OwnerKind::User, 1, 2),
            progress(OwnerKind::Provisioning, 1, 1),
            progress(OwnerKind::Device, 1, 1)
        ]
    );
}

#[test]
fn the_audit_pages_through_owners_and_keys_by_id() {
    let devices: Vec<Json> = (1..=200)
        .map(|id| json!({ "id": id, "uuid": format!("u{id}"), "actor": { "__id": 1000 + id } }))
        .collect();
    let keys: Vec<Json> = (1..=500)
        .map(|id| key(id, 1001, "2027-01-16T00:00:00.000Z"))
        .collect();
    let session = at_now(vec![
        rows(Json::Array(devices)),
        rows(Json::Array(keys)),
        rows(json!([key(501, 1200, "2027-01-16T00:00:00.000Z")])),
        rows(json!([{ "id": 201, "uuid": "u201", "actor": { "__id": 1201 } }])),
        rows(json!([])),
    ]);
    let mut events = Vec::new();
    let found = run(
        session.expiring_api_keys(&audit(undefined(), json!(["device"])), &mut |p| {
            events.push((p.scanned, p.found));
            Ok(())
        }),
    )
    .unwrap();
    assert_eq!(found.len(), 501);
    let sent = targets(&session);
    assert!(sent[2].contains("id%20gt%20500&"), "{}", sent[2]);
    assert!(sent[3].contains("$filter=id%20gt%20200&"), "{}", sent[3]);
    assert!(
        sent[4].contains("is_of__actor%20in%20(1201)"),
        "{}",
        sent[4]
    );
    assert_eq!(sent.len(), 5);
    assert_eq!(events, [(200, 500), (200, 501), (201, 501)]);
    let KeyOwner::Device { uuid, .. } = &found[500].owner else {
        panic!("not a device's key");
    };
    assert_eq!(uuid, &TestValue::from_str("u200"));
}

/// The lookup of the fleet `org/fleet` by slug.
fn fleet_lookup() -> LookupKey<TestValue> {
    LookupKey {
        given: TestValue::from_str("org/fleet"),
        kind: KeyKind::Text {
            text: crate::pine::Value::str("org/fleet"),
            lower: crate::pine::Value::str("org/fleet"),
            length: 9,
        },
    }
}

#[test]
fn a_fleet_with_user_keys_is_refused_as_the_fleet_owns_none() {
    let kinds: TestValue = json!(["device", "user"]).into();
    let refused = ExpiryAudit::new(&undefined(), &kinds, Some(fleet_lookup()));
    assert!(matches!(
        refused,
        Err(Error::InvalidParameter {
            name: "options.kinds",
            ..
        })
    ));
    let kinds: TestValue = json!(["device"]).into();
    let audit = ExpiryAudit::new(&undefined(), &kinds, Some(fleet_lookup())).unwrap();
    assert_eq!(audit.kinds, [OwnerKind::Device]);
}

#[test]
fn a_fleet_narrows_the_audit_to_its_provisioning_and_device_keys() {
    let audit = ExpiryAudit::new(
        &TestValue::from_f64(0.0),
        &undefined(),
        Some(fleet_lookup()),
    )
    .unwrap();
    let session = at_now(vec![
        rows(json!([{ "id": 1, "slug": "org/fleet", "actor": { "__id": 77 } }])),
        rows(json!([])),
        rows(json!([])),
    ]);
    run(session.expiring_api_keys(&audit, &mut |_| Ok(()))).unwrap();
    let sent = targets(&session);
    assert_eq!(sent[0], "/v7/application?$filter=slug%20eq%20%27org%2Ffleet%27%20or%20uuid%20eq%20%27org%2Ffleet%27&$select=id,slug,actor");
    assert!(sent[1].contains("is_of__actor%20in%20(77)"), "{}", sent[1]);
    assert!(
        sent[1].contains("le%20datetime%272027-01-15T08:00:00.000Z%27"),
        "days 0: {}",
        sent[1]
    );
    assert!(sent[2].starts_with("/v7/device?$select=id,uuid,actor&$filter=belongs_to__application%20eq%201%20and%20id%20gt%200&"), "{}", sent[2]);
}

#[test]
fn a_progress_listener_that_throws_ends_the_audit_with_its_error() {
    let session = at_now(vec![ok(json!({ "id": 42 })), rows(json!([]))]);
    let error = run(session.expiring_api_keys(
        &audit(undefined(), json!(["user", "device"])),
        &mut |_| {
            Err(Error::Thrown {
                value: TestValue::from_str("stop"),
            })
        },
    ))
    .unwrap_err();
    assert!(matches!(error, Error::Thrown { .. }));
    assert_eq!(session.host.sent.borrow().len(), 2, "no device request");
}

#[test]
fn audit_options_are_checked() {
    let invalid = |days: TestValue, kinds: Json| {
        let kinds: TestValue = kinds.into();
        match ExpiryAudit::new(&days, &kinds, None) {
            Err(Error::InvalidParameter { name, .. }) => name,
            other => panic!("accepted: {other:?}"),
        }
    };
    assert_eq!(
        invalid(TestValue::from_f64(-1.0), json!(["user"])),
        "options.days"
    );
    assert_eq!(
        invalid(TestValue::from_str("7"), json!(["user"])),
        "options.days"
    );
    assert_eq!(invalid(undefined(), json!([])), "options.kinds");
    assert_eq!(invalid(undefined(), json!(["users"])), "options.kinds");
    assert_eq!(invalid(undefined(), json!("user")), "options.kinds");
    let checked = ExpiryAudit::new(
        &undefined(),
        &json!(["device", "user", "device"]).into(),
        None,
    )
    .unwrap();
    assert_eq!(checked.days, 7.0);
    assert_eq!(checked.kinds, [OwnerKind::Device, OwnerKind::User]);
}

#[test]
fn a_created_key_comes_with_its_id_and_a_failure_says_why() {
    let params: TestValue =
        json!({ "name": "ci", "expiryDate": null, "description": "deploys" }).into();
    let session = at_now(vec![
        ok(json!({ "id": 42 })),
        rows(json!([{ "id": 3 }])),
        ok(json!("NEWSECRET")),
        rows(json!([{ "id": 3 }, { "id": 12 }])),
    ]);
    let new = run(session.create_identified_key(&params)).unwrap();
    assert_eq!(
        (new.key, new.id),
        (TestValue::from_str("NEWSECRET"), Some(12.0))
    );
    let body = r#"{"name":"ci","expiryDate":null,"description":"deploys"}"#;
    assert_eq!(sent_body(&session, 2), RequestBody::Json(Some(body.into())));
    // balena-sdk's create would call this "not logged in".
    let session = at_now(vec![
        ok(json!({ "id": 42 })),
        rows(json!([])),
        reply(400, json!("Invalid expiry date"), json!({})),
    ]);
    let error = run(session.create_identified_key(&params)).unwrap_err();
    assert!(error.has_status(400), "{error:?}");
    let session = at_now(vec![
        ok(json!({ "id": 42 })),
        rows(json!([])),
        reply(401, json!(""), json!({})),
    ]);
    let error = run(session.create_identified_key(&params)).unwrap_err();
    assert!(matches!(error, Error::NotLoggedIn), "{error:?}");
}

#[test]
fn a_new_key_needs_a_name_and_an_expiry_date_before_any_request() {
    for (params, refused) in [
        (json!({ "expiryDate": null }), "createApiKeyParams.name"),
        (
            json!({ "name": "", "expiryDate": null }),
            "createApiKeyParams.name",
        ),
        (json!({ "name": "ci" }), "createApiKeyParams.expiryDate"),
    ] {
        let session = at_now(vec![]);
        let error = run(session.create_identified_key(&params.clone().into())).unwrap_err();
        let Error::InvalidParameter { name, .. } = error else {
            panic!("{params}: {error:?}");
        };
        assert_eq!(name, refused, "{params}");
        assert!(session.host.sent.borrow().is_empty());
    }
}
