//! Dates the way the balena API (JavaScript on Postgres) handles them:
//! milliseconds since the epoch, `toISOString` output, and the date strings
//! `new Date(text)` accepts.

use std::time::{SystemTime, UNIX_EPOCH};

/// The largest distance from the epoch a JS `Date` can hold, in ms.
pub const MAX_MS: i64 = 8_640_000_000_000_000;

const MS_PER_DAY: i64 = 86_400_000;

/// The current time in ms since the epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The calendar fields of an instant (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    /// Full year.
    pub year: i64,
    /// 1–12.
    pub month: i64,
    /// 1–31.
    pub day: i64,
    /// 0–23.
    pub hour: i64,
    /// 0–59.
    pub minute: i64,
    /// 0–59.
    pub second: i64,
    /// 0–999.
    pub millis: i64,
}

/// Splits an instant into UTC calendar fields.
pub fn parts(ms: i64) -> Parts {
    let days = ms.div_euclid(MS_PER_DAY);
    let in_day = ms.rem_euclid(MS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    Parts {
        year,
        month,
        day,
        hour: in_day / 3_600_000,
        minute: in_day / 60_000 % 60,
        second: in_day / 1000 % 60,
        millis: in_day % 1000,
    }
}

/// JavaScript's `Date#toISOString`: `2024-01-01T00:00:00.000Z`, years
/// outside 0–9999 as `±YYYYYY`.
pub fn format_iso(ms: i64) -> String {
    let p = parts(ms);
    let year = if (0..=9999).contains(&p.year) {
        format!("{:04}", p.year)
    } else {
        format!("{}{:06}", if p.year < 0 { '-' } else { '+' }, p.year.abs())
    };
    format!(
        "{year}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        p.month, p.day, p.hour, p.minute, p.second, p.millis
    )
}

/// `new Date(text).getTime()` for the formats a client realistically sends:
/// ISO 8601 (`2030`, `2030-10-12`, `2030-10-12T10:00`, seconds, any number
/// of fraction digits, `Z` or an offset) and V8's lenient variants of it
/// (`/` separators, one-digit month/day, a space instead of `T`, `GMT`/`UTC`).
/// A missing offset means UTC. Days past the month's end roll over as in V8
/// (`2030-02-30` is 2 March). `None` where JavaScript gives `Invalid Date`
/// or for formats this emulator does not know (month names, bare numbers).
pub fn parse_js_date(text: &str) -> Option<i64> {
    let mut s = Scanner { rest: text.trim() };
    let year = s.year()?;
    let (mut month, mut day) = (1, 1);
    if let Some(sep) = s.take_one_of(&['-', '/']) {
        month = s.digits(1, 2)?;
        if s.take(sep) {
            day = s.digits(1, 2)?;
        }
    }
    let (mut hour, mut minute, mut second, mut millis) = (0, 0, 0, 0);
    if s.take_one_of(&['T', 't', ' ']).is_some() {
        hour = s.digits(2, 2)?;
        if !s.take(':') {
            return None;
        }
        minute = s.digits(2, 2)?;
        if s.take(':') {
            second = s.digits(2, 2)?;
            if s.take('.') {
                millis = s.fraction_millis()?;
            }
        }
    }
    let offset = s.offset_minutes()?;
    let valid = s.rest.is_empty()
        && (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && (hour < 24 || (hour == 24 && minute == 0 && second == 0 && millis == 0))
        && minute < 60
        && second < 60;
    if !valid {
        return None;
    }
    let ms = days_from_civil(year, month, day) * MS_PER_DAY
        + ((hour * 60 + minute - offset) * 60 + second) * 1000
        + millis;
    (ms.abs() <= MAX_MS).then_some(ms)
}

/// An ISO 8601 duration as OData writes it (`P1D`, `-PT1H30M`,
/// `P1DT2H3M4.5S`), in milliseconds.
pub fn parse_duration(text: &str) -> Option<f64> {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, text),
    };
    let rest = rest.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) if !time.is_empty() => (date, Some(time)),
        Some(_) => return None,
        None => (rest, None),
    };
    let mut total = 0.0;
    let mut any = false;
    if !date.is_empty() {
        total += date.strip_suffix('D')?.parse::<f64>().ok()? * MS_PER_DAY as f64;
        any = true;
    }
    let mut time = time.unwrap_or("");
    for (unit, ms) in [('H', 3_600_000.0), ('M', 60_000.0), ('S', 1000.0)] {
        if let Some(at) = time.find(unit) {
            total += time[..at].parse::<f64>().ok()? * ms;
            time = &time[at + 1..];
            any = true;
        }
    }
    (any && time.is_empty() && total.is_finite()).then_some(sign * total)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// algorithm); days past the month's end simply count on.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// A cursor over the date text.
struct Scanner<'a> {
    rest: &'a str,
}

impl Scanner<'_> {
    fn take(&mut self, c: char) -> bool {
        match self.rest.strip_prefix(c) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn take_one_of(&mut self, options: &[char]) -> Option<char> {
        options.iter().copied().find(|&c| self.take(c))
    }

    /// Between `min` and `max` ASCII digits.
    fn digits(&mut self, min: usize, max: usize) -> Option<i64> {
        let n = self
            .rest
            .bytes()
            .take(max)
            .take_while(u8::is_ascii_digit)
            .count();
        if n < min {
            return None;
        }
        let (digits, rest) = self.rest.split_at(n);
        self.rest = rest;
        digits.parse().ok()
    }

    /// `YYYY` or an expanded `±YYYYYY` year.
    fn year(&mut self) -> Option<i64> {
        match self.take_one_of(&['+', '-']) {
            Some(sign) => {
                let year = self.digits(6, 6)?;
                Some(if sign == '-' { -year } else { year })
            }
            None => self.digits(4, 4),
        }
    }

    /// Fraction digits after the seconds' `.`, truncated to milliseconds.
    fn fraction_millis(&mut self) -> Option<i64> {
        let n = self.rest.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        let (digits, rest) = self.rest.split_at(n);
        self.rest = rest;
        format!("{digits:0<3}")[..3].parse().ok()
    }

    /// `Z`, `GMT`, `UTC`, `±HH`, `±HHMM`, `±HH:MM` or nothing (UTC).
    fn offset_minutes(&mut self) -> Option<i64> {
        self.rest = self.rest.trim_start();
        for utc in ["Z", "z", "GMT", "UTC"] {
            if let Some(rest) = self.rest.strip_prefix(utc) {
                self.rest = rest;
                return Some(0);
            }
        }
        let Some(sign) = self.take_one_of(&['+', '-']) else {
            return Some(0);
        };
        let hours = self.digits(2, 2)?;
        self.take(':');
        let minutes = if self.rest.is_empty() {
            0
        } else {
            self.digits(2, 2)?
        };
        let total = hours * 60 + minutes;
        Some(if sign == '-' { -total } else { total })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values from Node 20: `new Date(text).getTime()`.
    #[test]
    fn parses_like_javascript() {
        let cases: &[(&str, Option<i64>)] = &[
            ("2030-02-30", Some(1_898_640_000_000)),
            ("2030-02-29", Some(1_898_553_600_000)),
            ("2030-13-01", None),
            ("2030-10-12T10:00", Some(1_918_029_600_000)),
            ("2030-10-12 10:00", Some(1_918_029_600_000)),
            ("2030/10/12", Some(1_917_993_600_000)),
            ("garbage", None),
            ("", None),
            ("2030-10-12T24:00:00Z", Some(1_918_080_000_000)),
            ("2030-1-2", Some(1_893_542_400_000)),
            ("+002030-10-12", Some(1_917_993_600_000)),
            ("2030-10-12T10:00:00.1234Z", Some(1_918_029_600_123)),
            ("2030-10-12T10:00:00+0100", Some(1_918_026_000_000)),
            ("  2030  ", Some(1_893_456_000_000)),
            ("2024-02-29T12:34:56.789Z", Some(1_709_210_096_789)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_js_date(text), *want, "{text:?}");
        }
    }

    #[test]
    fn formats_like_to_iso_string() {
        assert_eq!(format_iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_iso(1_709_210_096_789), "2024-02-29T12:34:56.789Z");
        assert_eq!(format_iso(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(format_iso(MAX_MS), "+275760-09-13T00:00:00.000Z");
        for ms in [
            0,
            1_918_029_600_123,
            -62_198_755_200_000,
            253_402_300_799_999,
        ] {
            assert_eq!(parse_js_date(&format_iso(ms)), Some(ms));
        }
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("P1D"), Some(86_400_000.0));
        assert_eq!(parse_duration("PT30M"), Some(1_800_000.0));
        assert_eq!(parse_duration("-P1DT2H3M4.5S"), Some(-93_784_500.0));
        assert_eq!(parse_duration("P"), None);
        assert_eq!(parse_duration("P1DT"), None);
        assert_eq!(parse_duration("1D"), None);
    }
}
