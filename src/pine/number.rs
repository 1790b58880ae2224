//! JavaScript `Number.prototype.toString()` (radix 10), exactly.

use super::js_str::Append;
use crate::prelude::*;

/// Appends the JS text of `n`: shortest round-trip digits, plain notation
/// for magnitudes in `[1e-6, 1e21)`, exponent form (`1e+21`, `1.5e-7`)
/// outside it, `-0` as `0`, and `NaN` / `Infinity` / `-Infinity`.
pub fn write_number(out: &mut impl Append, n: f64) {
    if n.is_nan() {
        out.push_str("NaN");
        return;
    }
    if n == 0.0 {
        out.push('0');
        return;
    }
    if n < 0.0 {
        out.push('-');
    }
    if n.is_infinite() {
        out.push_str("Infinity");
        return;
    }
    // Safe integers print as their exact digits.
    if n.abs() < 9_007_199_254_740_992.0 && n == (n as i64) as f64 {
        write_digits(out, n.abs() as u64);
        return;
    }
    write_shortest(out, n.abs());
}

/// Appends the JS text of a positive finite `n` that is not a safe integer.
///
/// In wasm this is the host's own `String(n)` (`crate::boundary::number_text`):
/// the shortest round-trip digits need a float-to-decimal algorithm whose
/// tables and code would be most of the module's formatting weight.
/// Natively the same text is built from Rust's `{:e}` (also the shortest
/// round-trip digits); the vector tests run both ways (`cargo test` and the
/// wasm tests).
#[cfg(target_arch = "wasm32")]
fn write_shortest(out: &mut impl Append, n: f64) {
    out.push_str(&crate::boundary::number_text(n));
}

/// See the wasm version above.
#[cfg(not(target_arch = "wasm32"))]
fn write_shortest(out: &mut impl Append, n: f64) {
    // Rust's `{:e}` gives the shortest round-trip digits, e.g. `1.5e-7`.
    let scientific = format!("{:e}", n);
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i32;
    // ECMAScript's `n`: the value is 0.digits × 10^point.
    let point = exponent.parse::<i32>().unwrap_or(0) + 1;
    if k <= point && point <= 21 {
        out.push_str(&digits);
        out.push_repeated('0', (point - k) as usize);
    } else if 0 < point && point <= 21 {
        let (int, frac) = digits
            .split_at_checked(point as usize)
            .unwrap_or((&digits, ""));
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else if -6 < point && point <= 0 {
        out.push_str("0.");
        out.push_repeated('0', (-point) as usize);
        out.push_str(&digits);
    } else {
        let (first, rest) = digits.split_at_checked(1).unwrap_or((&digits, ""));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        out.push(if point > 0 { '+' } else { '-' });
        out.push_str(&(point - 1).abs().to_string());
    }
}

/// Appends the decimal digits of `value`.
pub fn write_digits(out: &mut impl Append, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    for &digit in &digits[at..] {
        out.push(char::from(digit));
    }
}

/// The decimal digits of `value` as a new string (an index as a key).
pub fn digits(value: u64) -> String {
    let mut out = String::new();
    write_digits(&mut out, value);
    out
}

/// The JS text of `n` as a new string (see [`write_number`]).
#[cfg(test)]
pub fn number_to_string(n: f64) -> String {
    let mut out = String::new();
    write_number(&mut out, n);
    out
}

#[cfg(test)]
mod tests {
    use super::number_to_string as s;

    #[test]
    fn formats_like_javascript() {
        assert_eq!(s(5.0), "5");
        assert_eq!(s(-1.5), "-1.5");
        assert_eq!(s(-0.0), "0");
        assert_eq!(s(1e21), "1e+21");
        assert_eq!(s(1e20), "100000000000000000000");
        assert_eq!(s(1e-7), "1e-7");
        assert_eq!(s(1.5e-7), "1.5e-7");
        assert_eq!(s(0.000001), "0.000001");
        assert_eq!(s(123.456), "123.456");
        assert_eq!(s(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(s(f64::MAX), "1.7976931348623157e+308");
        assert_eq!(s(5e-324), "5e-324");
        assert_eq!(s(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(s(f64::NAN), "NaN");
        assert_eq!(s(42.0), "42");
        assert_eq!(s(-9007199254740991.0), "-9007199254740991");
        assert_eq!(s(9007199254740992.0), "9007199254740992");
        assert_eq!(s(2f64.powi(60)), "1152921504606847000");
    }
}
