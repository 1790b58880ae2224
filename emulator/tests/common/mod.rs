//! Shared set-up for the emulator's integration tests: a seeded in-memory
//! store, requests through the router without a socket, and the server on
//! a loopback port with requests over TCP.
#![allow(dead_code)] // each test crate uses its own part of this module

use std::net::{Ipv4Addr, SocketAddr};

use api_emulator::dates::now_ms;
use api_emulator::model::{Role, Snapshot};
use api_emulator::store::{self, NewKey, Store};
use api_emulator::{routes, seed, server};
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

/// The session token of the seeded first user.
pub const TOKEN: &str = "test-session-token";

/// A freshly seeded in-memory emulator.
pub fn emulator() -> (Store, Router) {
    let store = Store::open(None).expect("in-memory store");
    store
        .with(|conn| seed::prepare(conn, TOKEN, now_ms()))
        .expect("seed");
    (store.clone(), routes::router(store))
}

/// Everything in the store now.
pub fn snapshot(store: &Store) -> Snapshot {
    Snapshot::clone(&store.snapshot())
}

/// The secret of the first seeded key with `role` whose name is (not) null.
pub fn seeded_key(store: &Store, role: Role, named: bool) -> String {
    let snap = snapshot(store);
    let key = snap
        .api_keys()
        .values()
        .find(|k| k.role == role && k.name.is_some() == named);
    key.expect("seeded key").key.clone()
}

/// A response: status, headers and body text.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// Sends one request through the router (a body as `application/json`).
pub async fn send(
    router: &Router,
    method: Method,
    uri: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Reply {
    let content_type = body.map(|_| "application/json");
    send_typed(router, method, uri, token, content_type, body).await
}

/// Sends one request through the router, its body declared as
/// `content_type` (or not declared).
pub async fn send_typed(
    router: &Router,
    method: Method,
    uri: &str,
    token: Option<&str>,
    content_type: Option<&str>,
    body: Option<&str>,
) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    if let Some(content_type) = content_type {
        request = request.header("Content-Type", content_type);
    }
    let request = request
        .body(Body::from(body.unwrap_or("").to_owned()))
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// `GET uri` with the session token.
pub async fn get(router: &Router, uri: &str) -> Reply {
    send(router, Method::GET, uri, Some(TOKEN), None).await
}

/// A freshly seeded emulator served over TCP on 127.0.0.1 (any free port)
/// within `limits`, until the test's runtime ends; its store and address.
pub async fn serve_on_loopback(limits: server::Limits) -> (Store, SocketAddr) {
    let (store, router) = emulator();
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .expect("a loopback port");
    let address = listener.local_addr().expect("the bound address");
    tokio::spawn(server::serve(
        listener,
        router,
        limits,
        std::future::pending(),
    ));
    (store, address)
}

/// `GET path` over a new connection to `address` with `token`, which the
/// server is asked to close after answering: the status and the body.
pub async fn get_over_tcp(address: SocketAddr, path: &str, token: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).await.expect("connect");
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .await
        .expect("send the request");
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .await
        .expect("read the answer");
    let status = answer
        .get(9..12)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {answer}"));
    let body = answer
        .split_once("\r\n\r\n")
        .map_or("", |(_, body)| body)
        .to_owned();
    (status, body)
}

/// `/v7/api_key?$filter=…` with `levels` nested `any()`s over the keys of
/// each key's actor, the innermost condition `false`, so that every
/// combination is tried.
pub fn lambda_bomb(levels: usize) -> String {
    let mut body = "false".to_owned();
    for level in (1..=levels).rev() {
        let from = if level == 1 {
            String::new()
        } else {
            format!("v{}/", level - 1)
        };
        body = format!("{from}is_of__actor/api_key/any(v{level}:{body})");
    }
    format!("/v7/api_key?$select=id&$filter={body}")
}

/// Gives the session's user (actor 1) `extra` more keys.
pub fn add_user_keys(store: &Store, extra: usize) {
    store
        .with(|conn| {
            let tx = conn.unchecked_transaction()?;
            for _ in 0..extra {
                let new = NewKey {
                    actor: 1,
                    role: Role::NamedUser,
                    name: Some("extra".into()),
                    description: None,
                    expiry_date: None,
                    key: None,
                };
                store::insert_api_key(&tx, &new, now_ms())?;
            }
            tx.commit()
        })
        .expect("extra keys");
}
