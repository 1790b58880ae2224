//! The core's behaviour over the scripted host: for each method, the exact
//! requests of the recorded vectors (tests/data/sdk-calls.json) and its
//! handling of each kind of response.

use serde_json::json;

use super::test_host::*;
use super::*;
use crate::pine::{JsStr, Value};
use crate::prelude::*;

fn options(json: serde_json::Value) -> Result<Value, Error<TestValue>> {
    Ok(pine_value(&json))
}

fn no_options() -> Result<Value, Error<TestValue>> {
    Ok(Value::Undefined)
}

fn text_key(text: &str) -> LookupKey<TestValue> {
    LookupKey {
        given: TestValue::from_str(text),
        kind: KeyKind::Text {
            text: Value::String(JsStr::new(text)),
            lower: Value::String(JsStr::new(text.to_lowercase())),
            length: text.encode_utf16().count(),
        },
    }
}

fn id_key(id: f64) -> LookupKey<TestValue> {
    LookupKey {
        given: TestValue::from_f64(id),
        kind: KeyKind::Number(id),
    }
}

fn code(error: &Error<TestValue>) -> &'static str {
    match error {
        Error::InvalidParameter { .. } => "BalenaInvalidParameterError",
        Error::NotLoggedIn => "BalenaNotLoggedIn",
        Error::Request(_) => "BalenaRequestError",
        Error::ApplicationNotFound { .. } => "BalenaApplicationNotFound",
        Error::AmbiguousApplication { .. } => "BalenaAmbiguousApplication",
        Error::DeviceNotFound { .. } => "BalenaDeviceNotFound",
        Error::ExpiredToken { .. } => "BalenaExpiredToken",
        Error::MalformedToken { .. } => "BalenaMalformedToken",
        #[cfg(feature = "extras")]
        Error::ApiKeyNotFound { .. } => "BalenaApiKeyNotFound",
        #[cfg(feature = "extras")]
        Error::RotationIncomplete { .. } => "BalenaApiKeyRotationIncomplete",
        Error::Js(_) => "Error",
        Error::Thrown { .. } => "thrown",
    }
}

fn message(error: &Error<TestValue>) -> String {
    match error {
        Error::Js(error) => error.message.as_str().to_string(),
        other => panic!("not a JS error: {other:?}"),
    }
}

const WHOAMI: &str = "/actor/v1/whoami";

#[test]
fn get_all_orders_by_name() {
    let session = logged_in(vec![ok(json!({ "d": [{ "id": 1 }] }))]);
    let rows = run(session.get_all_api_keys(no_options())).unwrap();
    assert_eq!(rows, json!([{ "id": 1 }]).into());
    assert_eq!(targets(&session), ["/v7/api_key?$orderby=name%20asc"]);
    let sent = &session.host.sent.borrow()[0];
    assert_eq!(sent.method, Method::Get);
    assert_eq!(sent.token, Some(TestValue::from_str("tok_abcdef")));
    assert!(sent.identify, "the pine URL starts with apiUrl");
}

#[test]
fn get_all_merges_the_callers_options_over_the_defaults() {
    let session = logged_in(vec![ok(json!({ "d": [] }))]);
    let given =
        json!({ "$select": ["id", "name"], "$top": 5, "$orderby": { "created_at": "desc" } });
    run(session.get_all_api_keys(options(given))).unwrap();
    assert_eq!(
        targets(&session),
        ["/v7/api_key?$orderby=created_at%20desc&$select=id,name&$top=5"]
    );
}

#[test]
fn get_all_unauthorised_with_a_token_is_the_request_error() {
    let session = logged_in(vec![reply(401, json!(""), json!({}))]);
    let error = run(session.get_all_api_keys(no_options())).unwrap_err();
    assert!(error.has_status(401));
}

#[test]
fn get_all_unauthorised_without_a_token_is_not_logged_in() {
    let session = logged_out(vec![reply(401, json!(""), json!({}))]);
    let error = run(session.get_all_api_keys(no_options())).unwrap_err();
    assert_eq!(code(&error), "BalenaNotLoggedIn");
    assert_eq!(session.host.sent.borrow()[0].token, None);
}

#[test]
fn a_failed_response_says_error_text_then_message_then_error_then_the_body() {
    let cases = [
        (json!({ "error": { "text": "deep" } }), json!("deep")),
        (json!({ "message": "msg", "error": "err" }), json!("msg")),
        (json!({ "error": "err" }), json!("err")),
        (json!({ "foo": 1 }), json!({ "foo": 1 })),
        (json!(""), json!("The request was unsuccessful")),
    ];
    for (body, said) in cases {
        let session = logged_in(vec![reply(500, body.clone(), json!({}))]);
        let Err(Error::Request(failure)) = run(session.revoke_api_key(Ok(Value::Number(5.0))))
        else {
            panic!("not a request error for {body}");
        };
        assert_eq!(failure.status, 500);
        assert_eq!(failure.body, said.into(), "{body}");
    }
}

#[test]
fn a_get_response_without_d_or_not_an_object_is_refused() {
    let session = logged_in(vec![ok(json!({ "x": 1 })), ok(json!("text"))]);
    let error = run(session.get_all_api_keys(no_options())).unwrap_err();
    assert_eq!(
        message(&error),
        "Invalid response received, the 'd' property is missing."
    );
    let error = run(session.get_all_api_keys(no_options())).unwrap_err();
    assert_eq!(message(&error), "Response was not a JSON object: 'string'");
}

#[test]
fn named_user_keys_filter_on_the_actor_of_whoami() {
    let session = logged_in(vec![ok(json!({ "id": 42 })), ok(json!({ "d": [] }))]);
    run(session.get_all_named_user_api_keys(no_options())).unwrap();
    assert_eq!(
        targets(&session),
        [WHOAMI, "/v7/api_key?$orderby=name%20asc&$filter=is_of__actor%20eq%2042%20and%20name%20ne%20null"]
    );
}

#[test]
fn whoami_is_memoised_until_the_next_login() {
    let session = logged_in(vec![
        ok(json!({ "id": 42 })),
        ok(json!({ "d": [] })),
        ok(json!({ "d": [] })),
        ok(json!({ "id": 43 })),
    ]);
    run(session.get_all_named_user_api_keys(no_options())).unwrap();
    run(session.get_all_named_user_api_keys(no_options())).unwrap();
    session
        .login_with_token(&TestValue::from_str("tok_other"))
        .unwrap();
    assert_eq!(run(session.get_actor_id()).unwrap(), json!(43).into());
    let whoamis = targets(&session).iter().filter(|t| *t == WHOAMI).count();
    assert_eq!(whoamis, 2);
}

#[test]
fn a_whoami_401_means_not_logged_in_and_is_not_kept() {
    let session = logged_in(vec![
        reply(401, json!(""), json!({})),
        ok(json!({ "id": 7 })),
    ]);
    let error = run(session.get_all_named_user_api_keys(no_options())).unwrap_err();
    assert_eq!(code(&error), "BalenaNotLoggedIn");
    assert_eq!(run(session.get_actor_id()).unwrap(), json!(7).into());
}

#[test]
fn whoami_answers_undefined_and_is_logged_in_false_without_a_session() {
    let session = logged_in(vec![
        reply(401, json!(""), json!({})),
        reply(401, json!(""), json!({})),
    ]);
    assert_eq!(run(session.whoami()).unwrap(), TestValue::Undefined);
    assert!(!run(session.is_logged_in()).unwrap());
}

#[test]
fn provisioning_keys_look_the_application_up_by_lower_case_slug_or_uuid() {
    let session = logged_in(vec![
        ok(json!({ "d": [{ "actor": { "__id": 77 } }] })),
        ok(json!({ "d": [] })),
    ]);
    run(session.get_provisioning_api_keys_by_application(&text_key("MyOrg/MyApp"), no_options()))
        .unwrap();
    assert_eq!(
        targets(&session),
        [
            "/v7/application?$filter=slug%20eq%20%27myorg%2Fmyapp%27%20or%20uuid%20eq%20%27myorg%2Fmyapp%27&$select=actor",
            "/v7/api_key?$orderby=name%20asc&$filter=is_of__actor%20eq%2077",
        ]
    );
}

#[test]
fn provisioning_keys_look_the_application_up_by_id() {
    let session = logged_in(vec![
        ok(json!({ "d": [{ "actor": { "__id": 77 } }] })),
        ok(json!({ "d": [] })),
    ]);
    run(session.get_provisioning_api_keys_by_application(&id_key(123.0), no_options())).unwrap();
    assert_eq!(targets(&session)[0], "/v7/application(123)?$select=actor");
}

#[test]
fn an_unknown_or_ambiguous_application_is_its_error() {
    let session = logged_in(vec![ok(json!({ "d": [] }))]);
    let error =
        run(session.get_provisioning_api_keys_by_application(&text_key("Org/App"), no_options()));
    assert_eq!(code(&error.unwrap_err()), "BalenaApplicationNotFound");
    let session = logged_in(vec![ok(json!({ "d": [{}, {}] }))]);
    let error =
        run(session.get_provisioning_api_keys_by_application(&text_key("abc"), no_options()));
    assert_eq!(code(&error.unwrap_err()), "BalenaAmbiguousApplication");
    let session = logged_in(vec![]);
    let nothing = LookupKey {
        given: TestValue::Undefined,
        kind: KeyKind::Nullish,
    };
    let error = run(session.get_provisioning_api_keys_by_application(&nothing, no_options()));
    assert_eq!(code(&error.unwrap_err()), "BalenaApplicationNotFound");
    assert!(targets(&session).is_empty());
}

#[test]
fn an_application_row_without_actor_fails_as_js_reading_its_id() {
    let session = logged_in(vec![ok(json!({ "d": [{ "actor": null }] }))]);
    let error = run(session.get_provisioning_api_keys_by_application(&id_key(1.0), no_options()))
        .unwrap_err();
    assert_eq!(
        message(&error),
        "Cannot read properties of null (reading '__id')"
    );
}

#[test]
fn device_keys_look_the_device_up_by_full_uuid_or_id() {
    let uuid = "7cf02a69e4d34c9da573914963cf54fd";
    let session = logged_in(vec![
        ok(json!({ "d": [{ "actor": { "__id": 88 } }] })),
        ok(json!({ "d": [] })),
    ]);
    run(session.get_device_api_keys_by_device(&text_key(uuid), no_options())).unwrap();
    assert_eq!(
        targets(&session),
        [
            "/v7/device(uuid='7cf02a69e4d34c9da573914963cf54fd')?$select=actor",
            "/v7/api_key?$filter=is_of__actor%20eq%2088&$orderby=name%20asc",
        ]
    );
    let session = logged_in(vec![
        ok(json!({ "d": [{ "actor": { "__id": 88 } }] })),
        ok(json!({ "d": [] })),
    ]);
    run(session.get_device_api_keys_by_device(&id_key(5.0), no_options())).unwrap();
    assert_eq!(targets(&session)[0], "/v7/device(5)?$select=actor");
}

#[test]
fn a_short_uuid_is_an_invalid_parameter_and_a_missing_device_not_found() {
    let session = logged_in(vec![]);
    let error =
        run(session.get_device_api_keys_by_device(&text_key("nonexistentuuid"), no_options()));
    assert_eq!(code(&error.unwrap_err()), "BalenaInvalidParameterError");
    let session = logged_in(vec![ok(json!({ "d": [] }))]);
    let error = run(session.get_device_api_keys_by_device(&id_key(3.0), no_options()));
    assert_eq!(code(&error.unwrap_err()), "BalenaDeviceNotFound");
    let session = logged_in(vec![]);
    let null = LookupKey {
        given: json!(null).into(),
        kind: KeyKind::Nullish,
    };
    let error = run(session.get_device_api_keys_by_device(&null, no_options()));
    assert_eq!(code(&error.unwrap_err()), "BalenaDeviceNotFound");
    assert!(targets(&session).is_empty());
}

#[test]
fn create_posts_name_expiry_and_a_non_empty_description() {
    let session = logged_in(vec![ok(json!("KEY123")), ok(json!("KEY124"))]);
    let key = run(session
        .create_api_key(&json!({ "name": "n2", "expiryDate": null, "description": "d" }).into()));
    assert_eq!(key.unwrap(), json!("KEY123").into());
    run(session
        .create_api_key(&json!({ "name": "x", "expiryDate": null, "description": "" }).into()))
    .unwrap();
    let sent = session.host.sent.borrow();
    assert_eq!(sent[0].url, [API, "/api-key/user/full"].concat());
    assert_eq!(sent[0].method, Method::Post);
    let bodies: Vec<_> = sent.iter().map(|r| r.body.clone()).collect();
    assert_eq!(
        bodies,
        [
            RequestBody::Json(Some(
                r#"{"name":"n2","expiryDate":null,"description":"d"}"#.to_string()
            )),
            RequestBody::Json(Some(r#"{"name":"x","expiryDate":null}"#.to_string())),
        ]
    );
}

#[test]
fn create_without_expiry_is_an_invalid_parameter_and_any_failure_not_logged_in() {
    let session = logged_in(vec![reply(
        400,
        json!("Key expiry date should be a valid date"),
        json!({}),
    )]);
    let error = run(session.create_api_key(&json!({ "name": "x" }).into())).unwrap_err();
    let Error::InvalidParameter { name, .. } = error else {
        panic!("{error:?}")
    };
    assert_eq!(name, "createApiKeyParams.expiryDate");
    let error = run(session.create_api_key(&json!({ "name": "x", "expiryDate": "bad" }).into()))
        .unwrap_err();
    assert_eq!(code(&error), "BalenaNotLoggedIn");
}

#[test]
fn create_of_null_fails_as_destructuring_it_does() {
    let session = logged_in(vec![]);
    let error = run(session.create_api_key(&json!(null).into())).unwrap_err();
    assert_eq!(
        message(&error),
        "Cannot destructure property 'name' of 'null' as it is null."
    );
}

#[test]
fn update_patches_name_description_and_expiry() {
    let session = logged_in(vec![ok(json!(""))]);
    let info = json!({ "name": "x", "description": "d", "expiryDate": null });
    run(session.update_api_key(Ok(Value::Number(7.0)), &info.into())).unwrap();
    let sent = &session.host.sent.borrow()[0];
    assert_eq!(
        (sent.method, sent.url.as_str()),
        (Method::Patch, "https://api.balena-cloud.com/v7/api_key(7)")
    );
    let body = r#"{"name":"x","description":"d","expiry_date":null}"#;
    assert_eq!(sent.body, RequestBody::Json(Some(body.to_string())));
}

#[test]
fn update_refuses_missing_info_and_a_null_or_empty_name() {
    for (info, parameter) in [
        (json!(null), "apiKeyInfo"),
        (json!({ "name": null }), "apiKeyInfo.name"),
        (json!({ "name": "" }), "apiKeyInfo.name"),
    ] {
        let session = logged_in(vec![]);
        let error = run(session.update_api_key(Ok(Value::Number(1.0)), &info.into())).unwrap_err();
        let Error::InvalidParameter { name, .. } = error else {
            panic!("{error:?}")
        };
        assert_eq!(name, parameter);
    }
}

#[test]
fn revoke_deletes_by_id_quoting_a_string_id() {
    let session = logged_in(vec![ok(json!("")), ok(json!(""))]);
    run(session.revoke_api_key(Ok(Value::Number(9.0)))).unwrap();
    run(session.revoke_api_key(Ok(Value::str("a'b c")))).unwrap();
    assert_eq!(
        targets(&session),
        ["/v7/api_key(9)", "/v7/api_key('a''b%20c')"]
    );
    assert!(session
        .host
        .sent
        .borrow()
        .iter()
        .all(|r| r.method == Method::Delete));
}

#[test]
fn revoke_of_nan_fails_before_any_request() {
    let session = logged_in(vec![]);
    let error = run(session.revoke_api_key(Ok(Value::Number(f64::NAN)))).unwrap_err();
    assert_eq!(code(&error), "Error");
    assert!(targets(&session).is_empty());
}

#[test]
fn pine_verbs_are_the_four_names_and_nothing_else() {
    assert_eq!(Verb::parse("get"), Some(Verb::Get));
    assert_eq!(Verb::parse("delete"), Some(Verb::Delete));
    assert_eq!(Verb::parse("put"), None);
    assert_eq!(Verb::parse("GET"), None);
}

#[test]
fn a_path_the_url_parser_would_rewrite_is_refused() {
    let session = logged_in(vec![]);
    let params = json!({ "resource": "api_key", "id": { "../x?": 1 } });
    let error =
        run(session.pine(Verb::Get, &params.clone().into(), Ok(pine_value(&params)))).unwrap_err();
    assert!(message(&error)
        .starts_with("Refusing to send a request whose path the URL parser would rewrite"));
    assert!(targets(&session).is_empty());
}

#[test]
fn a_pine_get_by_id_answers_its_one_row() {
    let session = logged_in(vec![
        ok(json!({ "d": [{ "id": 3 }] })),
        ok(json!({ "d": [{}, {}] })),
    ]);
    let params = json!({ "resource": "api_key", "id": 3 });
    let row = run(session.pine(Verb::Get, &params.clone().into(), Ok(pine_value(&params))));
    assert_eq!(row.unwrap(), json!({ "id": 3 }).into());
    let error =
        run(session.pine(Verb::Get, &params.clone().into(), Ok(pine_value(&params)))).unwrap_err();
    assert_eq!(
        message(&error),
        "Returned multiple results when only one was expected."
    );
}

#[test]
fn an_api_url_with_a_path_gets_no_client_header_on_pine_requests() {
    let mut settings = settings();
    settings.api_url = [API, "/base/"].concat();
    let session = with_settings(
        settings,
        vec![ok(json!({ "d": [] })), ok(json!({ "id": 1 }))],
    );
    run(session.get_all_api_keys(no_options())).unwrap();
    run(session.whoami()).unwrap();
    let identified: Vec<bool> = session
        .host
        .sent
        .borrow()
        .iter()
        .map(|r| r.identify)
        .collect();
    assert_eq!(identified, [false, true]);
}

/// A JWT whose payload is `claims`.
fn jwt(claims: serde_json::Value) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bytes = claims.to_string().into_bytes();
    let mut payload = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            payload.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    ["eyJhbGciOiJIUzI1NiJ9.", &payload, ".sig"].concat()
}

const DAY_MS: f64 = 86_400_000.0;

#[test]
fn a_day_old_jwt_is_refreshed_before_an_endpoint_request_but_not_a_pine_one() {
    let old = jwt(json!({ "iat": 1, "exp": 1e10 }));
    let fresh = jwt(json!({ "iat": 2 * 86_400, "exp": 1e10 }));
    let session = logged_out(vec![
        ok(json!({ "d": [] })),
        ok(json!(fresh.clone())),
        ok(json!({ "id": 1 })),
    ]);
    session.host.clock.set(2.0 * DAY_MS);
    session
        .login_with_token(&TestValue::from_str(&old))
        .unwrap();
    run(session.get_all_api_keys(no_options())).unwrap();
    run(session.whoami()).unwrap();
    assert_eq!(
        targets(&session),
        [
            "/v7/api_key?$orderby=name%20asc",
            "/user/v1/refresh-token",
            WHOAMI
        ]
    );
    let tokens: Vec<_> = session
        .host
        .sent
        .borrow()
        .iter()
        .map(|r| r.token.clone().unwrap())
        .collect();
    assert_eq!(
        tokens,
        [
            TestValue::from_str(&old),
            TestValue::from_str(&old),
            TestValue::from_str(&fresh)
        ]
    );
}

#[test]
fn an_expired_jwt_is_refused_at_login() {
    let session = logged_out(vec![]);
    session.host.clock.set(10_000.0);
    let error = session
        .login_with_token(&TestValue::from_str(&jwt(json!({ "exp": 5 }))))
        .unwrap_err();
    assert_eq!(code(&error), "BalenaExpiredToken");
}

#[test]
fn a_stored_number_is_a_malformed_token_and_get_token_says_not_logged_in() {
    let session = logged_out(vec![]);
    session.login_with_token(&json!(12345).into()).unwrap();
    assert_eq!(
        run(async { session.get_token() }).unwrap(),
        json!(12345).into()
    );
}

fn retrying(max_retries: u32, answers: Vec<Answer>) -> Session<Scripted> {
    let mut settings = settings();
    settings.retry = RetryPolicy::Always { max_retries };
    let session = with_settings(settings, answers);
    session
        .login_with_token(&TestValue::from_str("tok_abcdef"))
        .unwrap();
    session
}

#[test]
fn a_429_is_retried_after_retry_after() {
    let session = retrying(
        10,
        vec![
            reply(429, json!(""), json!({ "Retry-After": "2" })),
            ok(json!({ "d": [] })),
        ],
    );
    run(session.get_all_api_keys(no_options())).unwrap();
    assert_eq!(*session.host.slept.borrow(), [2000.0]);
    assert_eq!(targets(&session).len(), 2);
}

#[test]
fn a_429_storm_ends_in_the_429_error_after_the_retry_cap() {
    let storm = (0..11)
        .map(|_| reply(429, json!("slow down"), json!({ "Retry-After": "0" })))
        .collect();
    let session = retrying(DEFAULT_MAX_RETRIES, storm);
    let error = run(session.get_all_api_keys(no_options())).unwrap_err();
    assert!(error.has_status(429));
    assert_eq!(
        targets(&session).len(),
        11,
        "the first request and 10 retries"
    );
    let waited: f64 = session.host.slept.borrow().iter().sum();
    assert!(waited > 0.0 && waited < 60_000.0, "{waited}");
}

#[test]
fn a_429_without_retry_after_is_not_retried() {
    let session = retrying(10, vec![reply(429, json!(""), json!({}))]);
    let error = run(session.get_all_api_keys(no_options())).unwrap_err();
    assert!(error.has_status(429));
    assert!(session.host.slept.borrow().is_empty());
}

#[test]
fn request_limit_spaces_requests_over_the_window() {
    let mut settings = settings();
    settings.throttle = Some(Throttle::new(1, 100.0));
    let answers = (0..3).map(|_| ok(json!({ "d": [] }))).collect();
    let session = with_settings(settings, answers);
    for _ in 0..3 {
        run(session.get_all_api_keys(no_options())).unwrap();
    }
    assert_eq!(*session.host.slept.borrow(), [100.0, 100.0]);
}
