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
/// # use balena_api_key::throttle::Throttle;
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

#[cfg(test)]
mod tests {
    use super::*;

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
