//! `requestLimit` / `requestLimitInterval`: at most `limit` requests start in
//! any window of `interval` ms, queued in call order (p-throttle's strict mode,
//! as balena-sdk configures it).

use std::cell::RefCell;
use std::collections::VecDeque;

/// A strict sliding-window rate limit.
pub struct Throttle {
    limit: usize,
    interval_ms: f64,
    starts: RefCell<VecDeque<f64>>,
}

impl Throttle {
    /// A limit of `limit` starts per `interval_ms`.
    pub fn new(limit: usize, interval_ms: f64) -> Self {
        Throttle { limit: limit.max(1), interval_ms, starts: RefCell::new(VecDeque::new()) }
    }

    /// Reserves the next start slot at time `now`; returns how long to wait.
    pub fn reserve(&self, now: f64) -> f64 {
        let mut starts = self.starts.borrow_mut();
        if starts.back().is_some_and(|&last| now - last > self.interval_ms) {
            starts.clear();
        }
        if starts.len() < self.limit {
            starts.push_back(now);
            return 0.0;
        }
        let next = starts.pop_front().map_or(now, |first| first + self.interval_ms);
        starts.push_back(next);
        (next - now).max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lets_limit_requests_through_then_spaces_them_by_the_interval() {
        let throttle = Throttle::new(2, 1000.0);
        assert_eq!(throttle.reserve(0.0), 0.0);
        assert_eq!(throttle.reserve(10.0), 0.0);
        assert_eq!(throttle.reserve(20.0), 980.0);
        assert_eq!(throttle.reserve(30.0), 980.0);
        assert_eq!(throttle.reserve(40.0), 1960.0);
    }

    #[test]
    fn forgets_the_window_after_a_quiet_interval() {
        let throttle = Throttle::new(1, 100.0);
        assert_eq!(throttle.reserve(0.0), 0.0);
        assert_eq!(throttle.reserve(500.0), 0.0);
    }
}
