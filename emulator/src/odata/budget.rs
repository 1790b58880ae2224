//! How much work one query may do: evaluation steps, rows expanded by
//! `$expand`, and whether its client still waits for the answer. Evaluation
//! asks the budget before each step and stops with a message once a limit
//! is passed or the request has been dropped.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The most evaluation steps (expression nodes, rows considered, rows
/// rendered) of one request. The package's own queries take a few per row,
/// so this allows well over a hundred thousand rows, and stops a nested
/// lambda bomb after about a second of work.
pub const MAX_STEPS: u64 = 10_000_000;
/// The most rows `$expand` may add to one answer, at every level together.
pub const MAX_EXPANDED_ROWS: usize = 20_000;

/// A request's remaining allowance, checked as the evaluation goes.
pub struct Budget {
    steps: u64,
    steps_left: Cell<u64>,
    expanded_rows: usize,
    expanded_rows_left: Cell<usize>,
    cancel: Cancel,
}

impl Budget {
    /// The standard allowance ([`MAX_STEPS`], [`MAX_EXPANDED_ROWS`]),
    /// stopped early when `cancel` is set.
    pub fn new(cancel: Cancel) -> Budget {
        Budget::with_limits(MAX_STEPS, MAX_EXPANDED_ROWS, cancel)
    }

    /// An allowance of `steps` steps and `expanded_rows` expanded rows.
    pub fn with_limits(steps: u64, expanded_rows: usize, cancel: Cancel) -> Budget {
        Budget {
            steps,
            steps_left: Cell::new(steps),
            expanded_rows,
            expanded_rows_left: Cell::new(expanded_rows),
            cancel,
        }
    }

    /// Spends one step; an error once the steps are used up or the request
    /// was cancelled.
    pub fn step(&self) -> Result<(), String> {
        if self.cancel.is_set() {
            return Err("the request was cancelled".into());
        }
        let left = self.steps_left.get();
        if left == 0 {
            return Err(format!(
                "the query needs more than {} evaluation steps: narrow it down \
                 (fewer rows, or fewer lambdas and $count inside each other)",
                self.steps
            ));
        }
        self.steps_left.set(left - 1);
        Ok(())
    }

    /// Spends one expanded row; an error past the allowance.
    pub fn expanded_row(&self) -> Result<(), String> {
        let left = self.expanded_rows_left.get();
        if left == 0 {
            return Err(format!(
                "$expand would add more than {} rows to the answer: \
                 narrow it down with $filter, $top or less nesting",
                self.expanded_rows
            ));
        }
        self.expanded_rows_left.set(left - 1);
        Ok(())
    }
}

/// A flag shared between a request and its evaluation, set once the
/// request no longer waits for the result.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// Whether the request has been cancelled.
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// A guard that sets the flag when dropped: held by the request's future,
    /// so that the evaluation stops when the client goes away and the server
    /// drops that future.
    pub fn on_drop(&self) -> CancelOnDrop {
        CancelOnDrop(self.clone())
    }
}

/// Sets its [`Cancel`] flag when dropped.
#[derive(Debug)]
pub struct CancelOnDrop(Cancel);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        (self.0).0.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_run_out_after_the_limit() {
        let budget = Budget::with_limits(2, 0, Cancel::default());
        assert_eq!(budget.step(), Ok(()));
        assert_eq!(budget.step(), Ok(()));
        assert_eq!(
            budget.step(),
            Err(
                "the query needs more than 2 evaluation steps: narrow it down \
                 (fewer rows, or fewer lambdas and $count inside each other)"
                    .into()
            )
        );
        assert_eq!(
            budget.expanded_row(),
            Err("$expand would add more than 0 rows to the answer: \
                 narrow it down with $filter, $top or less nesting"
                .into())
        );
    }

    #[test]
    fn dropping_the_guard_cancels() {
        let cancel = Cancel::default();
        let budget = Budget::with_limits(10, 10, cancel.clone());
        let guard = cancel.on_drop();
        assert_eq!(budget.step(), Ok(()));
        drop(guard);
        assert_eq!(budget.step(), Err("the request was cancelled".into()));
    }
}
