//! Command-line arguments.

use std::path::PathBuf;

/// How to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    /// TCP port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// The session token; random when absent.
    pub token: Option<String>,
    /// The SQLite file; in memory when absent.
    pub db: Option<PathBuf>,
}

/// The help text.
pub const USAGE: &str = "usage: api-emulator [--port N] [--token TOKEN] [--db FILE]
  --port N       listen on 127.0.0.1:N (default 8787; 0 picks a free port)
  --token TOKEN  the session token (default: random)
  --db FILE      keep the state in this SQLite file (default: in memory)";

/// Parses the arguments after the program name; `Ok(None)` for `--help`.
/// Options may be written `--port 8787` or `--port=8787`.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args {
        port: 8787,
        token: None,
        db: None,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (arg, None),
        };
        if flag == "--help" || flag == "-h" {
            return Ok(None);
        }
        let value = inline
            .or_else(|| args.next())
            .ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--port" => {
                parsed.port = value
                    .parse()
                    .map_err(|_| format!("--port {value}: not a port number"))?
            }
            "--token" if value.is_empty() => return Err("--token must not be empty".into()),
            "--token" => parsed.token = Some(value),
            "--db" => parsed.db = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(Some(parsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(args: &[&str]) -> Result<Option<Args>, String> {
        parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn flags() {
        assert_eq!(
            parse_str(&[]).unwrap(),
            Some(Args {
                port: 8787,
                token: None,
                db: None
            })
        );
        assert_eq!(
            parse_str(&["--port", "0", "--token=t", "--db", "x.db"]).unwrap(),
            Some(Args {
                port: 0,
                token: Some("t".into()),
                db: Some("x.db".into())
            })
        );
        assert_eq!(parse_str(&["--help"]).unwrap(), None);
        assert!(parse_str(&["--port", "99999"]).is_err());
        assert!(parse_str(&["--port"]).is_err());
        assert!(parse_str(&["--bogus", "1"]).is_err());
    }
}
