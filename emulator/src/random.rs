//! Random secrets and identifiers from the operating system's generator.

const ALPHANUMERIC: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const HEX: &[u8] = b"0123456789abcdef";

/// `len` random characters of `[0-9A-Za-z]`, as balena's API keys are.
pub fn alphanumeric(len: usize) -> String {
    pick(ALPHANUMERIC, len)
}

/// `len` random lower-case hex digits (application and device uuids).
pub fn hex(len: usize) -> String {
    pick(HEX, len)
}

/// Uniform choice without modulo bias: bytes at or above the largest
/// multiple of the alphabet size are redrawn.
fn pick(alphabet: &[u8], len: usize) -> String {
    let limit = 256 - 256 % alphabet.len();
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 64];
    while out.len() < len {
        getrandom::fill(&mut buf).expect("the operating system's random generator failed");
        for &b in buf.iter().filter(|&&b| (b as usize) < limit) {
            if out.len() == len {
                break;
            }
            out.push(alphabet[b as usize % alphabet.len()] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_32_alphanumerics_and_differ() {
        let a = alphanumeric(32);
        let b = alphanumeric(32);
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
        assert!(hex(32).bytes().all(|c| HEX.contains(&c)));
    }
}
