//! The server loop's limits over real loopback connections: a connection
//! that does not finish a request head in time is closed, and connections
//! past the cap wait for a free slot.

mod common;

use std::time::{Duration, Instant};

use api_emulator::server::{self, Limits};
use common::{get_over_tcp, serve_on_loopback, TOKEN};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[test]
fn the_emulator_allows_10_seconds_for_a_request_head_and_2048_connections() {
    assert_eq!(
        server::LIMITS,
        Limits {
            header_timeout: Duration::from_secs(10),
            max_connections: 2048,
        }
    );
}

#[tokio::test]
async fn half_open_connections_are_closed_after_the_header_timeout() {
    let limits = Limits {
        header_timeout: Duration::from_millis(500),
        max_connections: 64,
    };
    let (_, address) = serve_on_loopback(limits).await;
    let started = Instant::now();
    let mut connections = Vec::new();
    for n in 0..40 {
        let mut stream = TcpStream::connect(address).await.expect("connect");
        if n % 2 == 0 {
            // Half of them send the start of a request head, the rest nothing.
            stream
                .write_all(b"GET /actor/v1/whoami HTTP/1.1\r\nHost: emulator\r\n")
                .await
                .expect("send part of a head");
        }
        connections.push(stream);
    }
    for stream in &mut connections {
        let mut buffer = [0; 64];
        let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buffer))
            .await
            .expect("the server closes the connection within 5 s");
        assert!(
            matches!(read, Ok(0) | Err(_)),
            "closed without an answer: {read:?}"
        );
    }
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(450) && took < Duration::from_secs(3),
        "all closed after {took:?}"
    );
}

#[tokio::test]
async fn a_connection_past_the_cap_waits_for_a_free_slot() {
    let limits = Limits {
        header_timeout: Duration::from_millis(500),
        max_connections: 2,
    };
    let (_, address) = serve_on_loopback(limits).await;
    let idle = [
        TcpStream::connect(address).await.expect("connect"),
        TcpStream::connect(address).await.expect("connect"),
    ];
    let started = Instant::now();
    let (status, _) = get_over_tcp(address, "/actor/v1/whoami", TOKEN).await;
    let took = started.elapsed();
    assert_eq!(status, 200);
    assert!(
        took >= Duration::from_millis(300),
        "answered after {took:?}, before an idle connection timed out"
    );
    drop(idle);
}
