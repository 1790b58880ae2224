//! `api-emulator`: starts the local balena API emulator and prints its URL,
//! the session token and what the store holds.

use std::io::Write;
use std::net::Ipv4Addr;
use std::process::ExitCode;

use api_emulator::args::{self, USAGE};
use api_emulator::store::Store;
use api_emulator::{dates, random, routes, seed, server};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("api-emulator: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let Some(args) = args::parse(std::env::args().skip(1)).map_err(|e| format!("{e}\n{USAGE}"))?
    else {
        println!("{USAGE}");
        return Ok(());
    };
    let store =
        Store::open(args.db.as_deref()).map_err(|e| format!("cannot open the store: {e}"))?;
    let token = args.token.unwrap_or_else(|| random::alphanumeric(40));
    let fresh = store
        .with(|conn| seed::prepare(conn, &token, dates::now_ms()))
        .map_err(|e| format!("cannot prepare the store: {e}"))?;
    let snap = store.snapshot();
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, args.port))
        .await
        .map_err(|e| format!("cannot listen on port {}: {e}", args.port))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let state = match (&args.db, fresh) {
        (None, _) => "in memory, freshly seeded".to_owned(),
        (Some(db), true) => format!("{}, freshly seeded", db.display()),
        (Some(db), false) => format!("{}, kept from an earlier run", db.display()),
    };
    let first_user = snap
        .users
        .values()
        .next()
        .map_or("?", |u| u.username.as_str());
    print!(
        "balena API emulator listening on http://{address}\n\
         session token: {token} (a fresh login of user '{first_user}')\n\
         state: {state}\n{}",
        seed::describe(&snap)
    );
    std::io::stdout().flush().map_err(|e| e.to_string())?;
    server::serve(listener, routes::router(store), server::LIMITS, shutdown()).await;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
