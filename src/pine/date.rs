//! JavaScript `Date` formatting from a time value (ms since the epoch):
//! `toISOString()` and, for string conversion, `toString()` in UTC; and the
//! reading of the ISO timestamps the API writes.

use super::error::{ErrorKind, PineError, Result};
use super::number::write_digits;
use crate::prelude::*;

const MS_PER_DAY: i64 = 86_400_000;

/// The calendar fields of a valid time value.
struct Fields {
    year: i64,
    month: i64,
    day: i64,
    weekday: i64,
    ms_of_day: i64,
}

/// Splits a time value into calendar fields; `None` for `NaN` or a value
/// outside JavaScript's ±8.64e15 ms range ("Invalid Date").
fn fields(time: f64) -> Option<Fields> {
    if !time.is_finite() || time.abs() > 8.64e15 {
        return None;
    }
    // The cast truncates toward zero, as JS's time values do; `time` is in range.
    let time = time as i64;
    let days = time.div_euclid(MS_PER_DAY);
    let ms_of_day = time.rem_euclid(MS_PER_DAY);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some(Fields {
        year,
        month,
        day,
        weekday: (days + 4).rem_euclid(7),
        ms_of_day,
    })
}

/// `Date.prototype.toISOString()`: `2024-02-29T12:34:56.789Z`, years outside
/// 0..=9999 as `±YYYYYY`; `RangeError: Invalid time value` for an invalid date.
pub fn iso_string(time: f64) -> Result<String> {
    let f = fields(time)
        .ok_or_else(|| PineError::of(ErrorKind::RangeError, "Invalid time value".into()))?;
    let mut out = String::new();
    if (0..=9999).contains(&f.year) {
        pad(&mut out, f.year, 4);
    } else {
        out.push(if f.year < 0 { '-' } else { '+' });
        pad(&mut out, f.year.abs(), 6);
    }
    let ms = f.ms_of_day;
    for (separator, value, width) in [
        ('-', f.month, 2),
        ('-', f.day, 2),
        ('T', ms / 3_600_000, 2),
        (':', ms / 60_000 % 60, 2),
        (':', ms / 1000 % 60, 2),
        ('.', ms % 1000, 3),
    ] {
        out.push(separator);
        pad(&mut out, value, width);
    }
    out.push('Z');
    Ok(out)
}

/// Appends the digits of `value` (not negative), zero-padded to `width`.
fn pad(out: &mut String, value: i64, width: usize) {
    let value = value.unsigned_abs();
    let mut size = 1;
    while size < width && value >= 10u64.pow(size as u32) {
        size += 1;
    }
    out.extend(core::iter::repeat_n('0', width - size));
    write_digits(out, value);
}

/// The time value of an ISO 8601 timestamp as the API writes them
/// (`2024-02-29T12:34:56.789Z`: any number of fractional digits, `Z` or a
/// `±HH:MM` offset; a bare `YYYY-MM-DD` is midnight UTC, as `Date.parse`
/// reads it); `None` for any other text.
pub fn parse_iso(text: &str) -> Option<f64> {
    let mut text = Cursor(text.as_bytes());
    let year = text.number(4)?;
    text.expect(b'-')?;
    let month = text.number(2)?;
    text.expect(b'-')?;
    let day = text.number(2)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let midnight = days_from_civil(year, month, day) * MS_PER_DAY;
    if text.0.is_empty() {
        return Some(midnight as f64);
    }
    text.expect(b'T')?;
    let hours = text.number(2)?;
    text.expect(b':')?;
    let minutes = text.number(2)?;
    text.expect(b':')?;
    let seconds = text.number(2)?;
    if hours > 23 || minutes > 59 || seconds > 59 {
        return None;
    }
    let mut ms = 0;
    if text.expect(b'.').is_some() {
        let digits = text.0.iter().take_while(|d| d.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        // Milliseconds are the first three digits; further ones are dropped.
        let kept = digits.min(3);
        ms = text.number(kept)? * [100, 10, 1][kept - 1];
        text.0 = &text.0[digits - kept..];
    }
    let offset = if text.expect(b'Z').is_some() {
        0
    } else {
        let sign = match text.0.first()? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        text.0 = &text.0[1..];
        let offset_hours = text.number(2)?;
        text.expect(b':')?;
        sign * (offset_hours * 60 + text.number(2)?)
    };
    if !text.0.is_empty() {
        return None;
    }
    let minutes_of_day = hours * 60 + minutes - offset;
    Some((midnight + (minutes_of_day * 60 + seconds) * 1000 + ms) as f64)
}

/// What is left of a timestamp being read.
struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    /// The next `width` characters as a decimal number.
    fn number(&mut self, width: usize) -> Option<i64> {
        let digits = self.0.get(..width)?;
        let mut value = 0;
        for &digit in digits {
            if !digit.is_ascii_digit() {
                return None;
            }
            value = value * 10 + i64::from(digit - b'0');
        }
        self.0 = &self.0[width..];
        Some(value)
    }

    /// Skips `byte` when it comes next.
    fn expect(&mut self, byte: u8) -> Option<()> {
        self.0 = self.0.strip_prefix(&[byte])?;
        Some(())
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the inverse of
/// [`fields`]' calendar arithmetic).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `Date.prototype.toString()` as a UTC engine prints it:
/// `Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)`, or
/// `Invalid Date`.
pub fn date_string(time: f64) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let Some(f) = fields(time) else {
        return "Invalid Date".into();
    };
    let name = |names: &[&'static str], index: i64| {
        usize::try_from(index)
            .ok()
            .and_then(|i| names.get(i).copied())
            .unwrap_or("")
    };
    let mut out = [name(&DAYS, f.weekday), " ", name(&MONTHS, f.month - 1), " "].concat();
    pad(&mut out, f.day, 2);
    out.push(' ');
    if f.year < 0 {
        out.push('-');
    }
    pad(&mut out, f.year.abs(), 4);
    let ms = f.ms_of_day;
    for (separator, value) in [
        (' ', ms / 3_600_000),
        (':', ms / 60_000 % 60),
        (':', ms / 1000 % 60),
    ] {
        out.push(separator);
        pad(&mut out, value, 2);
    }
    out.push_str(" GMT+0000 (Coordinated Universal Time)");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_strings() {
        assert_eq!(
            iso_string(1_709_210_096_789.0).unwrap(),
            "2024-02-29T12:34:56.789Z"
        );
        assert_eq!(iso_string(0.0).unwrap(), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_string(-1.0).unwrap(), "1969-12-31T23:59:59.999Z");
        assert_eq!(iso_string(8.64e15).unwrap(), "+275760-09-13T00:00:00.000Z");
        assert_eq!(iso_string(-8.64e15).unwrap(), "-271821-04-20T00:00:00.000Z");
        assert_eq!(
            iso_string(-62_198_755_200_000.0).unwrap(),
            "-000001-01-01T00:00:00.000Z"
        );
        assert_eq!(
            iso_string(253_402_300_800_000.0).unwrap(),
            "+010000-01-01T00:00:00.000Z"
        );
        let err = iso_string(f64::NAN).unwrap_err();
        assert_eq!(
            (err.kind, err.message.as_str()),
            (ErrorKind::RangeError, "Invalid time value")
        );
        assert!(iso_string(8.64e15 + 1.0).is_err());
    }

    #[test]
    fn iso_timestamps_read_back_as_their_time_values() {
        for time in [0.0, -1.0, 1_709_210_096_789.0, 1_798_761_599_999.0] {
            assert_eq!(parse_iso(&iso_string(time).unwrap()), Some(time));
        }
        assert_eq!(parse_iso("2024-02-29"), Some(1_709_164_800_000.0));
        assert_eq!(parse_iso("2024-02-29T12:34:56Z"), Some(1_709_210_096_000.0));
        assert_eq!(
            parse_iso("2024-02-29T14:34:56.789123+02:00"),
            Some(1_709_210_096_789.0)
        );
        assert_eq!(
            parse_iso("2024-02-29T12:04:56.7-00:30"),
            Some(1_709_210_096_700.0)
        );
    }

    #[test]
    fn other_text_is_not_a_timestamp() {
        for text in [
            "",
            "2024",
            "2024-13-01",
            "2024-02-29T12:34:56",
            "2024-02-29T12:34:56.Z",
            "2024-02-29T24:00:00Z",
            "2024-02-29T12:34:56Zx",
            "2024-02-29 12:34:56Z",
            "2024-02-29T12:34:56+0200",
            "+2024-02-29",
        ] {
            assert_eq!(parse_iso(text), None, "{text:?}");
        }
    }

    #[test]
    fn date_strings() {
        assert_eq!(
            date_string(0.0),
            "Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)"
        );
        assert_eq!(date_string(f64::NAN), "Invalid Date");
    }
}
