//! The Rust-side pieces compiled to wasm and run by wasm-bindgen-test in
//! Node and in headless Chromium (`make test-wasm`): the compiler gives the
//! same answers as natively, JS values cross the boundary intact, and
//! errors become the right JS classes.
#![cfg(target_arch = "wasm32")]

mod common;

use balena_api_key::boundary::settle::Settlements;
use balena_api_key::boundary::to_js_error;
use balena_api_key::core::{Claims, Error, HostValue};
use balena_api_key::pine::{compile, ErrorKind, JsStr, PineError, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn every_success_vector_compiles_identically_in_wasm() {
    let vectors = common::parse(include_str!("data/vectors.json"));
    for vector in &vectors {
        let params = common::params(vector, &["resource", "id", "options"]);
        assert_eq!(
            compile(&params).as_deref(),
            Ok(common::text(vector, "url")),
            "{}",
            common::text(vector, "label")
        );
    }
    assert_eq!(vectors.len(), 175);
}

#[wasm_bindgen_test]
fn every_error_vector_fails_identically_in_wasm() {
    let vectors = common::parse(include_str!("data/error-vectors.json"));
    for vector in &vectors {
        let params = common::params(vector, &["resource", "id", "options", "url"]);
        let error = compile(&params).expect_err(common::text(vector, "label"));
        assert_eq!(
            error.message.as_str(),
            common::text(vector, "error"),
            "{}",
            common::text(vector, "label")
        );
    }
    assert_eq!(vectors.len(), 68);
}

#[wasm_bindgen_test]
fn js_values_cross_the_boundary_intact() {
    let object = js_sys::Object::new();
    let set =
        |key: &str, value: &JsValue| js_sys::Reflect::set(&object, &key.into(), value).unwrap();
    set("b", &JsValue::UNDEFINED);
    set("2", &JsValue::NULL);
    set("1", &js_sys::Date::new(&JsValue::from_f64(1.5e12)).into());
    set(
        "s",
        &js_sys::JsString::from_char_code(&[0x61, 0xD800]).into(),
    );
    set("n", &JsValue::from_f64(-0.0));
    set(&String::from_utf16_lossy(&[0x6B, 0xDC00]), &JsValue::TRUE);
    js_sys::Reflect::set(
        &object,
        &js_sys::JsString::from_char_code(&[0x6B, 0xDC00]),
        &JsValue::TRUE,
    )
    .unwrap();
    let value = JsValue::from(object).to_pine().expect("encodes");
    let Value::Object(decoded) = value else {
        panic!("not an object")
    };
    let keys: Vec<&str> = decoded.keys().map(JsStr::as_str).collect();
    assert_eq!(keys, ["1", "2", "b", "s", "n", "k\u{FFFD}", "k\u{FFFD}"]);
    // A key with a lone surrogate is not the U+FFFD key next to it.
    let lone_key = JsStr::from_utf16(&[0x6B, 0xDC00]);
    assert_eq!(decoded.keys().filter(|key| **key == lone_key).count(), 1);
    assert_eq!(decoded.get("1"), Some(&Value::Date(1.5e12)));
    assert_eq!(decoded.get("b"), Some(&Value::Undefined));
    assert_eq!(
        decoded.get("s"),
        Some(&Value::String(JsStr::from_utf16(&[0x61, 0xD800])))
    );
    assert!(
        matches!(decoded.get("n"), Some(Value::Number(z)) if *z == 0.0 && z.is_sign_negative())
    );
}

#[wasm_bindgen_test]
fn a_cyclic_value_is_refused_with_an_error() {
    let object = js_sys::Object::new();
    js_sys::Reflect::set(&object, &"self".into(), &object).unwrap();
    let error = JsValue::from(object).to_pine().expect_err("cycle");
    let Error::Thrown { value: thrown } = error else {
        panic!("not a JS error")
    };
    let message = thrown
        .dyn_into::<js_sys::Error>()
        .expect("an Error")
        .message();
    assert_eq!(
        String::from(message),
        "Options contain a circular reference"
    );
}

#[wasm_bindgen_test]
fn compiler_errors_become_the_js_classes_pinejs_throws() {
    let cases = [
        (ErrorKind::Error, "Error"),
        (ErrorKind::UriError, "URIError"),
        (ErrorKind::RangeError, "RangeError"),
        (ErrorKind::TypeError, "TypeError"),
    ];
    for (kind, class) in cases {
        let thrown = to_js_error(Error::Js(PineError::of(kind, "m".into())));
        let error = thrown.dyn_into::<js_sys::Error>().expect("an Error");
        assert_eq!(String::from(error.name()), class);
        assert_eq!(String::from(error.message()), "m");
    }
    // A message quoting a key with a lone surrogate keeps its code unit.
    let message = JsStr::from_utf16(&[0x27, 0xD800, 0x27]);
    let thrown = to_js_error(Error::Js(PineError::new(message)));
    let error = thrown.dyn_into::<js_sys::Error>().expect("an Error");
    let units: Vec<u16> = (0..error.message().length())
        .map(|i| error.message().char_code_at(i) as u16)
        .collect();
    assert_eq!(units, [0x27, 0xD800, 0x27]);
    assert!(
        !js_sys::Object::keys(&error).includes(&"message".into(), 0),
        "message stays non-enumerable"
    );
}

#[wasm_bindgen_test]
fn balena_errors_carry_name_code_and_fields() {
    let thrown = to_js_error(Error::InvalidParameter {
        name: "apiKeyInfo",
        value: JsValue::NULL,
    });
    let get = |key: &str| js_sys::Reflect::get(&thrown, &key.into()).unwrap();
    assert_eq!(
        get("name").as_string().as_deref(),
        Some("BalenaInvalidParameterError")
    );
    assert_eq!(
        get("code").as_string().as_deref(),
        Some("BalenaInvalidParameterError")
    );
    assert_eq!(
        get("parameterName").as_string().as_deref(),
        Some("apiKeyInfo")
    );
    assert_eq!(
        get("message").as_string().as_deref(),
        Some("Invalid parameter: null is not a valid value for parameter 'apiKeyInfo'")
    );
    assert!(thrown.is_instance_of::<js_sys::Error>());
}

#[wasm_bindgen_test]
fn jwt_claims_are_read_from_the_payload() {
    // {"exp":1,"iat":2} and a payload that is not JSON.
    let claims = Claims::of::<JsValue>("h.eyJleHAiOjEsImlhdCI6Mn0.s").expect("a JWT");
    assert_eq!(
        claims,
        Claims {
            expires: Some(1.0),
            issued: Some(2.0)
        }
    );
    assert!(claims.is_expired(1001.0));
    assert_eq!(Claims::of::<JsValue>("tok_abcdef"), None);
    assert_eq!(Claims::of::<JsValue>("a.abcd.c"), None);
}

/// `{ id, ok: true, value }`, what the executor settles a wait with.
fn settlement(id: u32, value: JsValue) -> JsValue {
    let object = js_sys::Object::new();
    let set = |key: &str, v: &JsValue| js_sys::Reflect::set(&object, &key.into(), v).unwrap();
    set("id", &id.into());
    set("ok", &JsValue::TRUE);
    set("value", &value);
    object.into()
}

fn call_settle(settlements: &Settlements, outcome: JsValue) -> Result<JsValue, JsValue> {
    let settle: &js_sys::Function = settlements.callback().unchecked_ref();
    settle.call1(&JsValue::UNDEFINED, &outcome)
}

#[wasm_bindgen_test]
async fn a_wait_frees_its_slot_when_its_outcome_is_taken() {
    let settlements = Settlements::default();
    let (id, settled) = settlements.open();
    assert_eq!(settlements.in_use(), 1);
    call_settle(&settlements, settlement(id, JsValue::from_f64(7.0))).unwrap();
    assert_eq!(settled.await.unwrap().as_f64(), Some(7.0));
    assert_eq!(settlements.in_use(), 0);
}

#[wasm_bindgen_test]
fn a_dropped_wait_frees_its_slot_when_its_outcome_comes() {
    let settlements = Settlements::default();
    let (id, settled) = settlements.open();
    drop(settled);
    assert_eq!(
        settlements.in_use(),
        1,
        "kept until the executor settles it"
    );
    call_settle(&settlements, settlement(id, JsValue::NULL)).unwrap();
    assert_eq!(settlements.in_use(), 0);
    let (reused, _next) = settlements.open();
    assert_eq!(reused, id);
}

#[wasm_bindgen_test]
fn a_settled_wait_dropped_untaken_frees_its_slot_at_once() {
    let settlements = Settlements::default();
    let (id, settled) = settlements.open();
    call_settle(&settlements, settlement(id, JsValue::NULL)).unwrap();
    drop(settled);
    assert_eq!(settlements.in_use(), 0);
}

#[wasm_bindgen_test]
fn the_settle_callback_is_freed_with_its_settlements() {
    let settlements = Settlements::default();
    let settle = settlements.callback().clone();
    drop(settlements);
    let settle: &js_sys::Function = settle.unchecked_ref();
    assert!(settle
        .call1(&JsValue::UNDEFINED, &settlement(0, JsValue::NULL))
        .is_err());
}
