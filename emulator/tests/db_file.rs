//! `--db` and the file it names: a new file is private, a file that is not
//! the emulator's is refused and left exactly as it was, and a file another
//! emulator has open is refused, so that emulator keeps its session.

use std::fs;
use std::io::{BufRead, BufReader};
#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use api_emulator::dates::now_ms;
use api_emulator::seed;
use api_emulator::store::Store;

/// A path in the temporary directory, unique to this test and process,
/// removed (with SQLite's side files) when dropped.
struct TempDb(PathBuf);

impl TempDb {
    fn new(name: &str) -> TempDb {
        let path =
            std::env::temp_dir().join(format!("api-emulator-{name}-{}.db", std::process::id()));
        let db = TempDb(path);
        db.remove();
        db
    }

    fn remove(&self) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let _ = fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        self.remove();
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

/// The emulator binary with `--port 0` and `args`; waits (at most 10 s) for
/// it to exit by itself, killing it otherwise.
fn run_emulator(args: &[&str]) -> Output {
    let mut child = emulator_command(args).spawn().expect("start the emulator");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn emulator_command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_api-emulator"));
    command
        .args(["--port", "0"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Starts the emulator and waits for its `listening on` line.
fn start_emulator(args: &[&str]) -> Child {
    let mut child = emulator_command(args).spawn().expect("start the emulator");
    let stdout = child.stdout.take().expect("stdout");
    let mut first_line = String::new();
    BufReader::new(stdout)
        .read_line(&mut first_line)
        .expect("read the first line");
    assert!(
        first_line.starts_with("balena API emulator listening on http://127.0.0.1:"),
        "{first_line}"
    );
    child
}

#[cfg(unix)]
#[test]
fn a_new_database_file_is_readable_by_its_owner_only() {
    let db = TempDb::new("new");
    Store::open(Some(&db.0)).expect("a new file");
    assert_eq!(mode(&db.0), 0o600);
}

#[cfg(unix)]
#[test]
fn an_empty_file_is_taken_and_made_private() {
    let db = TempDb::new("empty");
    fs::write(&db.0, "").unwrap();
    fs::set_permissions(&db.0, fs::Permissions::from_mode(0o644)).unwrap();
    let store = Store::open(Some(&db.0)).expect("an empty file");
    store
        .with(|conn| seed::prepare(conn, "token", now_ms()))
        .expect("seeded");
    assert_eq!(mode(&db.0), 0o600);
    assert_eq!(store.snapshot().users.len(), 2);
}

#[test]
fn another_programs_database_is_refused_and_left_unchanged() {
    let db = TempDb::new("foreign");
    let conn = rusqlite::Connection::open(&db.0).unwrap();
    conn.execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');")
        .unwrap();
    drop(conn);
    let before = fs::read(&db.0).unwrap();
    let error = Store::open(Some(&db.0)).err().expect("refused");
    assert_eq!(
        error,
        format!(
            "{} is a SQLite database that api-emulator did not create \
             (application_id 0x0, not 0x42414b45); it was left unchanged \
             (give --db a new or empty file)",
            db.0.display()
        )
    );
    assert_eq!(fs::read(&db.0).unwrap(), before);
    assert!(!Path::new(&format!("{}-journal", db.0.display())).exists());
}

#[test]
fn the_binary_refuses_a_file_that_is_not_a_database_with_a_non_zero_exit() {
    let db = TempDb::new("text");
    fs::write(&db.0, "just some notes\n").unwrap();
    let path = db.0.to_str().expect("a UTF-8 path");
    let output = run_emulator(&["--db", path]);
    assert!(!output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "api-emulator: cannot open the store: {path} is not a SQLite database; \
             it was left unchanged (give --db a new or empty file)\n"
        )
    );
    assert_eq!(fs::read_to_string(&db.0).unwrap(), "just some notes\n");
}

#[test]
fn a_second_emulator_on_the_same_file_is_refused_and_the_first_keeps_its_session() {
    let db = TempDb::new("shared");
    let path = db.0.to_str().expect("a UTF-8 path");
    let mut first = start_emulator(&["--db", path, "--token", "first-token"]);
    let second = run_emulator(&["--db", path, "--token", "second-token"]);
    let _ = first.kill();
    let _ = first.wait();
    assert!(!second.status.success(), "{second:?}");
    assert_eq!(
        String::from_utf8_lossy(&second.stderr),
        format!(
            "api-emulator: cannot open the store: {path} is in use by another process \
             (another api-emulator?)\n"
        )
    );
    let store = Store::open(Some(&db.0)).expect("free again");
    assert_eq!(
        store.snapshot().sessions.keys().collect::<Vec<_>>(),
        ["first-token"],
        "the first emulator's session is intact"
    );
}
