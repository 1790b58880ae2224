//! The HTTP/1.1 server loop. Connections are accepted up to a cap (more wait
//! in the listen queue), and a connection that does not send a complete
//! request head within the header timeout, whether it is new or idle after
//! an answer, is closed, so half-open connections cannot pile up.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Limits on the connections the server keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How long a connection may take to send a request head: from when it
    /// opens, or from the end of the previous answer on a kept-alive one.
    pub header_timeout: Duration,
    /// The most connections open at once.
    pub max_connections: usize,
}

/// The emulator's limits: 10 s to send a request head, and 2,048
/// connections (a client with 1,000 requests in flight opens 1,000).
pub const LIMITS: Limits = Limits {
    header_timeout: Duration::from_secs(10),
    max_connections: 2048,
};

/// How long a shutdown waits for requests in progress.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// How long to wait before accepting again after `accept` failed (out of
/// file descriptors, or a connection reset before it was accepted).
const ACCEPT_RETRY: Duration = Duration::from_millis(50);

/// Serves `app` on `listener` within `limits` until `shutdown` resolves,
/// then lets requests in progress finish for up to 5 seconds.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, slot) = tokio::select! {
            () = &mut shutdown => break,
            accepted = accept(&listener, &slots) => accepted,
        };
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A failed connection (timeout, reset, bad request head) only
            // ends itself.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
}

/// Waits for a free connection slot, then for a connection.
async fn accept(
    listener: &TcpListener,
    slots: &Arc<Semaphore>,
) -> (TcpStream, OwnedSemaphorePermit) {
    let Ok(slot) = Arc::clone(slots).acquire_owned().await else {
        // The semaphore is never closed; should it be, accept nothing more.
        return std::future::pending().await;
    };
    loop {
        match listener.accept().await {
            Ok((stream, _)) => return (stream, slot),
            Err(_) => tokio::time::sleep(ACCEPT_RETRY).await,
        }
    }
}
