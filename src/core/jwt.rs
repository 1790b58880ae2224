//! Telling a JWT from an API key, and reading its `exp` and `iat`, as
//! jwt-decode 3 and balena-auth do: a token is a JWT when its second
//! `.`-separated part is base64url of JSON.

use super::host::HostValue;
use crate::prelude::*;

/// The claims balena-auth looks at, in seconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Claims {
    /// `exp`, when truthy.
    pub expires: Option<f64>,
    /// `iat`, when truthy.
    pub issued: Option<f64>,
}

impl Claims {
    /// The claims of `token` if it is a JWT, None for an API key; the
    /// payload is parsed by the host's `JSON.parse`.
    pub fn of<V: HostValue>(token: &str) -> Option<Claims> {
        let payload = token.trim().split('.').nth(1)?;
        let json = V::parse_json(&base64url_text(payload)?)?;
        let number = |key| {
            let value = json.get(key).ok()?.as_f64()?;
            Some(value).filter(|&n| n != 0.0 && !n.is_nan())
        };
        Some(Claims {
            expires: number("exp"),
            issued: number("iat"),
        })
    }

    /// Whether the token has expired at `now_ms`.
    pub fn is_expired(&self, now_ms: f64) -> bool {
        self.expires.is_some_and(|exp| now_ms > exp * 1000.0)
    }

    /// The token's age at `now_ms` (0 without `iat`).
    pub fn age_ms(&self, now_ms: f64) -> f64 {
        self.issued.map_or(0.0, |iat| now_ms - iat * 1000.0)
    }
}

/// Decodes base64url into text: UTF-8 where valid, else one char per byte
/// (jwt-decode's fallback).
fn base64url_text(part: &str) -> Option<String> {
    if part.len() % 4 == 1 {
        return None;
    }
    let mut bytes = Vec::with_capacity(part.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in part.bytes() {
        let sextet = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        buffer = ((buffer << 6) | u32::from(sextet)) & 0xffff;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((buffer >> bits) as u8);
        }
    }
    Some(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => error.into_bytes().iter().map(|&b| char::from(b)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::base64url_text;

    #[test]
    fn decodes_base64url_with_and_without_padding() {
        assert_eq!(base64url_text("eyJhIjoxfQ").as_deref(), Some("{\"a\":1}"));
        assert_eq!(base64url_text("eyJhIjoxfQ==").as_deref(), Some("{\"a\":1}"));
        assert_eq!(base64url_text("w6k").as_deref(), Some("é"));
        assert_eq!(base64url_text("_w").as_deref(), Some("\u{ff}"));
    }

    #[test]
    fn refuses_what_jwt_decode_refuses() {
        assert_eq!(base64url_text("abcde"), None);
        assert_eq!(base64url_text("a b"), None);
    }
}
