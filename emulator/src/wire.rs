//! The request target as it arrives (spec 1.4): the query is split on raw
//! `&` and the first `=` of each part, and only then percent-decoded.

use percent_encoding::percent_decode_str;

/// Percent-decodes `text` (malformed `%` sequences stay as they are); the
/// result must be UTF-8.
pub fn decode(text: &str) -> Result<String, String> {
    percent_decode_str(text)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| format!("'{text}' is not valid UTF-8 once percent-decoded"))
}

/// The decoded `(key, value)` pairs of a raw query, in order; empty parts
/// (`a=1&&b=2`) are skipped and a part without `=` has an empty value.
pub fn query_pairs(raw: &str) -> Result<Vec<(String, String)>, String> {
    raw.split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            Ok((decode(key)?, decode(value)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_before_decoding() {
        let pairs = query_pairs("$filter=name%20eq%20%27a%26b%3Dc%27&&$top=1&x").unwrap();
        assert_eq!(
            pairs,
            [
                ("$filter".to_string(), "name eq 'a&b=c'".to_string()),
                ("$top".to_string(), "1".to_string()),
                ("x".to_string(), String::new()),
            ]
        );
        assert_eq!(decode("100%zz%25").unwrap(), "100%zz%");
        assert!(decode("%FF").is_err());
    }
}
