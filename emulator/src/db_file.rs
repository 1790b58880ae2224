//! What `--db` accepts: a file that does not exist yet (created readable by
//! its owner only, since it will hold every secret), an empty file, or a
//! SQLite database the emulator made, which carries its mark in the
//! header's `application_id`. Anything else is refused before SQLite opens
//! it, so a refused file is left exactly as it was.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
#[cfg(unix)]
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// The `application_id` the emulator writes into its databases ("BAKE":
/// balena API key emulator).
pub const APPLICATION_ID: u32 = 0x4241_4b45;
/// The version of the emulator's tables, kept in the header's `user_version`.
pub const SCHEMA_VERSION: u32 = 1;

/// The start of every SQLite database file.
const MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// Offsets of two big-endian integers in the 100-byte database header.
const USER_VERSION_AT: usize = 60;
const APPLICATION_ID_AT: usize = 68;

/// Checks (and, if it is missing, creates) the file at `path`; the error
/// says why the file may not be used.
pub fn prepare(path: &Path) -> Result<(), String> {
    let shown = path.display();
    let metadata = match fs::metadata(path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return create_private(path).map_err(|e| format!("cannot create {shown}: {e}"));
        }
        Err(error) => return Err(format!("cannot read {shown}: {error}")),
        Ok(metadata) => metadata,
    };
    if !metadata.is_file() {
        return Err(format!("{shown} is not a regular file"));
    }
    if metadata.len() == 0 {
        return make_private(path)
            .map_err(|e| format!("cannot restrict {shown} to its owner: {e}"));
    }
    let mut header = Vec::with_capacity(100);
    File::open(path)
        .and_then(|file| file.take(100).read_to_end(&mut header))
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    check_header(&header).map_err(|why| {
        format!("{shown} {why}; it was left unchanged (give --db a new or empty file)")
    })
}

/// Whether a database header is the emulator's own; the reason if not.
fn check_header(header: &[u8]) -> Result<(), String> {
    if header.len() < 100 || !header.starts_with(MAGIC) {
        return Err("is not a SQLite database".into());
    }
    let number = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let application_id = number(APPLICATION_ID_AT);
    if application_id != APPLICATION_ID {
        return Err(format!(
            "is a SQLite database that api-emulator did not create (application_id {application_id:#x}, not {APPLICATION_ID:#x})"
        ));
    }
    let version = number(USER_VERSION_AT);
    if version > SCHEMA_VERSION {
        return Err(format!(
            "was made by a newer api-emulator (schema version {version}, this one knows {SCHEMA_VERSION})"
        ));
    }
    Ok(())
}

/// Creates `path`, failing if it appeared meanwhile, readable and writable
/// by its owner only.
fn create_private(path: &Path) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    options.open(path).map(drop)
}

/// Restricts an existing (empty) file to its owner.
fn make_private(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(user_version: u32, application_id: u32) -> Vec<u8> {
        let mut header = vec![0; 100];
        header[..16].copy_from_slice(MAGIC);
        header[USER_VERSION_AT..USER_VERSION_AT + 4].copy_from_slice(&user_version.to_be_bytes());
        header[APPLICATION_ID_AT..APPLICATION_ID_AT + 4]
            .copy_from_slice(&application_id.to_be_bytes());
        header
    }

    #[test]
    fn only_the_emulators_own_header_passes() {
        assert_eq!(check_header(&header(1, APPLICATION_ID)), Ok(()));
        assert_eq!(check_header(&header(0, APPLICATION_ID)), Ok(()));
        assert_eq!(
            check_header(&header(0, 0)),
            Err("is a SQLite database that api-emulator did not create (application_id 0x0, not 0x42414b45)".into())
        );
        assert_eq!(
            check_header(&header(2, APPLICATION_ID)),
            Err("was made by a newer api-emulator (schema version 2, this one knows 1)".into())
        );
        assert_eq!(
            check_header(b"hello, world"),
            Err("is not a SQLite database".into())
        );
    }
}
