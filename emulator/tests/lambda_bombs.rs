//! Nested lambdas, the costliest filters there are: their evaluation runs
//! off the async workers, so whoami keeps answering while two of them run,
//! and it stops when their clients go away. (The one test here measures the
//! process's CPU time: other tests must not run beside it.)

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use api_emulator::server;
use common::{add_user_keys, get_over_tcp, lambda_bomb, TOKEN};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends `GET path` with the session token on a kept-alive connection
/// (browsers and Node send no `Connection: close`; with it, the server stops
/// reading and cannot see the client leave), and waits for the answer.
async fn await_answer(address: SocketAddr, path: String) -> usize {
    let mut stream = TcpStream::connect(address).await.expect("connect");
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {TOKEN}\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .expect("send the request");
    stream.read(&mut [0; 64]).await.expect("the answer")
}

/// The CPU time this process has used so far, in seconds.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    let fields: Vec<&str> = stat
        .rsplit_once(") ")
        .expect("stat fields")
        .1
        .split(' ')
        .collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whoami_answers_while_two_lambda_bombs_run_and_they_stop_when_abandoned() {
    let (store, address) = common::serve_on_loopback(server::LIMITS).await;
    add_user_keys(&store, 6);
    let bombs: Vec<_> = (0..2)
        .map(|_| tokio::spawn(await_answer(address, lambda_bomb(9))))
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    for _ in 0..10 {
        let started = Instant::now();
        let (status, _) = get_over_tcp(address, "/actor/v1/whoami", TOKEN).await;
        let took = started.elapsed();
        assert_eq!(status, 200);
        assert!(took < Duration::from_millis(500), "whoami took {took:?}");
    }
    assert!(
        bombs.iter().all(|bomb| !bomb.is_finished()),
        "the bombs were still being evaluated"
    );
    // Dropping the bombs' tasks closes their connections.
    bombs.iter().for_each(|bomb| bomb.abort());
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = cpu_seconds();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let used = cpu_seconds() - before;
    assert!(
        used < 0.25,
        "{used} s of CPU in the second after the clients left"
    );
}
