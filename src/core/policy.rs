//! `requestLimit` / `requestLimitInterval`: at most `limit` requests start in
//! any window of `interval` ms, in call order (p-throttle's strict mode, as
//! balena-sdk configures it). The window is measured on the real start
//! times, so a start that a busy event loop delays never lets the next ones
//! bunch up.

use alloc::collections::VecDeque;
use core::cell::RefCell;

/// A strict sliding-window rate limit over recorded start times.
///
/// ```
/// # use balena_api_key::core::Throttle;
/// let throttle = Throttle::new(1, 100.0);
/// assert_eq!(throttle.delay(0.0), 0.0);
/// throttle.record(0.0);
/// assert_eq!(throttle.delay(30.0), 70.0);
/// ```
pub struct Throttle {
    limit: usize,
    interval_ms: f64,
    starts: RefCell<VecDeque<f64>>,
}

impl Throttle {
    /// A limit of `limit` starts per `interval_ms`.
    pub fn new(limit: usize, interval_ms: f64) -> Self {
        Throttle {
            limit: limit.max(1),
            interval_ms,
            starts: RefCell::new(VecDeque::new()),
        }
    }

    /// How long after `now` the next request may start (0: at once).
    pub fn delay(&self, now: f64) -> f64 {
        let starts = self.starts.borrow();
        match starts.front() {
            Some(&oldest) if starts.len() >= self.limit => {
                (oldest + self.interval_ms - now).max(0.0)
            }
            _ => 0.0,
        }
    }

    /// Records that a request started at `now`.
    pub fn record(&self, now: f64) {
        let mut starts = self.starts.borrow_mut();
        starts.push_back(now);
        while starts.len() > self.limit {
            starts.pop_front();
        }
    }
}

/// How many times a 429 is retried by default.
pub const DEFAULT_MAX_RETRIES: u32 = 10;

/// The shortest wait before the first retry, in ms; it doubles with each
/// retry up to [`MAX_RETRY_FLOOR_MS`].
const FIRST_RETRY_FLOOR_MS: f64 = 100.0;

/// The longest the floor grows to, in ms.
const MAX_RETRY_FLOOR_MS: f64 = 5_000.0;

/// When and whether to retry a 429 (`retryRateLimitedRequests`).
#[derive(Clone, Debug)]
pub enum RetryPolicy<V> {
    /// Never retry (the default).
    Never,
    /// Retry after the `Retry-After` delay, at most `max_retries` times.
    Always {
        /// The most retries of one request.
        max_retries: u32,
    },
    /// Ask this host function, with the delay in ms, before each retry;
    /// at most `max_retries` times.
    Ask {
        /// The function.
        ask: V,
        /// The most retries of one request.
        max_retries: u32,
    },
}

impl<V> RetryPolicy<V> {
    /// The delay before retry number `attempt` (0 for the first) of a 429
    /// whose `Retry-After` header is `retry_after`: None to give up (no
    /// retries, no usable header, or the cap reached). The delay is the
    /// header's, raised to the floor for that attempt.
    pub fn delay(&self, attempt: u32, retry_after: Option<&str>) -> Option<RetryDelay> {
        let max_retries = match self {
            RetryPolicy::Never => return None,
            RetryPolicy::Always { max_retries } | RetryPolicy::Ask { max_retries, .. } => {
                *max_retries
            }
        };
        if attempt >= max_retries {
            return None;
        }
        let seconds = parse_int(retry_after?).filter(|&s| s >= 0.0)?;
        let asked_ms = seconds * 1000.0;
        Some(RetryDelay {
            asked_ms,
            wait_ms: asked_ms.max(retry_floor(attempt)),
        })
    }
}

/// When to retry a 429.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryDelay {
    /// The delay the server asked for (what an `Ask` function is told).
    pub asked_ms: f64,
    /// The time to wait: the asked delay, at least the attempt's floor.
    pub wait_ms: f64,
}

/// The least wait before retry number `attempt`.
fn retry_floor(attempt: u32) -> f64 {
    let doubled = FIRST_RETRY_FLOOR_MS * f64::from(1u32 << attempt.min(16));
    doubled.min(MAX_RETRY_FLOOR_MS)
}

/// JavaScript's `parseInt(text, 10)`, for `Retry-After` (None for NaN).
fn parse_int(text: &str) -> Option<f64> {
    let text = text
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .as_bytes();
    let (sign, digits) = match text {
        [b'-', digits @ ..] => (-1.0, digits),
        [b'+', digits @ ..] => (1.0, digits),
        _ => (1.0, text),
    };
    let end = digits
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(digits.len());
    if end == 0 {
        return None;
    }
    // Exact up to 19 digits; a longer run (a delay of more than 3e11
    // years) is read in floating point and may be off in the last place.
    let (exact, rest) = digits[..end].split_at(end.min(19));
    let mut value = exact.iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')) as f64;
    for b in rest {
        value = value * 10.0 + f64::from(b - b'0');
    }
    Some(sign * value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_int_reads_a_leading_integer_like_javascript() {
        assert_eq!(parse_int("5"), Some(5.0));
        assert_eq!(parse_int("  7s"), Some(7.0));
        assert_eq!(parse_int("1.9"), Some(1.0));
        assert_eq!(parse_int("-3"), Some(-3.0));
        assert_eq!(parse_int("+4"), Some(4.0));
        assert_eq!(parse_int(""), None);
        assert_eq!(parse_int("soon"), None);
        assert_eq!(parse_int("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    #[test]
    fn never_retries_without_the_option() {
        assert_eq!(RetryPolicy::<()>::Never.delay(0, Some("1")), None);
    }

    #[test]
    fn retries_after_the_servers_delay_when_it_is_above_the_floor() {
        let policy = RetryPolicy::<()>::Always { max_retries: 10 };
        assert_eq!(
            policy.delay(0, Some("2")),
            Some(RetryDelay {
                asked_ms: 2000.0,
                wait_ms: 2000.0
            })
        );
    }

    #[test]
    fn a_zero_retry_after_waits_a_floor_that_doubles_up_to_five_seconds() {
        let policy = RetryPolicy::<()>::Always { max_retries: 10 };
        let waits: Vec<f64> = (0..8)
            .map(|n| policy.delay(n, Some("0")).unwrap().wait_ms)
            .collect();
        assert_eq!(
            waits,
            [100.0, 200.0, 400.0, 800.0, 1600.0, 3200.0, 5000.0, 5000.0]
        );
        assert_eq!(policy.delay(0, Some("0")).unwrap().asked_ms, 0.0);
    }

    #[test]
    fn gives_up_after_max_retries() {
        let policy = RetryPolicy::<()>::Always { max_retries: 2 };
        assert!(policy.delay(1, Some("0")).is_some());
        assert_eq!(policy.delay(2, Some("0")), None);
    }

    #[test]
    fn the_default_cap_ends_a_zero_delay_storm_within_a_minute() {
        let policy = RetryPolicy::<()>::Always {
            max_retries: DEFAULT_MAX_RETRIES,
        };
        let total: f64 = (0..)
            .map_while(|n| policy.delay(n, Some("0")))
            .map(|d| d.wait_ms)
            .sum();
        assert!(total < 60_000.0, "{total}");
        assert_eq!((0..).map_while(|n| policy.delay(n, Some("0"))).count(), 10);
    }

    #[test]
    fn no_usable_retry_after_means_no_retry() {
        let policy = RetryPolicy::<()>::Always { max_retries: 10 };
        assert_eq!(policy.delay(0, None), None);
        assert_eq!(policy.delay(0, Some("-1")), None);
        assert_eq!(policy.delay(0, Some("Wed, 21 Oct 2015 07:28:00 GMT")), None);
    }

    #[test]
    fn lets_limit_requests_through_then_waits_for_the_oldest_to_leave_the_window() {
        let throttle = Throttle::new(2, 1000.0);
        throttle.record(0.0);
        assert_eq!(throttle.delay(10.0), 0.0);
        throttle.record(10.0);
        assert_eq!(throttle.delay(20.0), 980.0);
        throttle.record(1000.0);
        assert_eq!(throttle.delay(1000.0), 10.0);
    }

    #[test]
    fn measures_from_the_real_start_of_a_late_request() {
        let throttle = Throttle::new(1, 100.0);
        throttle.record(0.0);
        // The second request was due at 100 but only started at 140.
        throttle.record(140.0);
        assert_eq!(throttle.delay(150.0), 90.0);
    }

    #[test]
    fn forgets_starts_older_than_the_window() {
        let throttle = Throttle::new(1, 100.0);
        throttle.record(0.0);
        assert_eq!(throttle.delay(500.0), 0.0);
    }
}
