//! A result that concurrent callers share: the first caller does the work
//! and the others wait for its outcome (the whoami memo behind
//! `auth.getActorId`, as balena-sdk memoises its promise).

use alloc::rc::Rc;
use core::cell::RefCell;
use core::future::{poll_fn, Future};
use core::task::{Poll, Waker};

use crate::prelude::*;

/// The state of one shared piece of work.
enum State<T> {
    /// Under way; these callers wait for it.
    Pending(Vec<Waker>),
    /// Finished with this outcome.
    Done(T),
    /// Its worker stopped before finishing: waiters start it again.
    Abandoned,
}

/// One piece of work and the callers waiting for it.
pub struct Shared<T> {
    state: RefCell<State<T>>,
}

impl<T: Clone> Shared<T> {
    fn new() -> Rc<Self> {
        Rc::new(Shared {
            state: RefCell::new(State::Pending(Vec::new())),
        })
    }

    fn settle(&self, state: State<T>) {
        let previous = core::mem::replace(&mut *self.state.borrow_mut(), state);
        if let State::Pending(waiters) = previous {
            waiters.into_iter().for_each(Waker::wake);
        }
    }

    /// The outcome, once the worker has one; None when it gave up.
    fn outcome(self: &Rc<Self>) -> impl Future<Output = Option<T>> + '_ {
        poll_fn(move |cx| match &mut *self.state.borrow_mut() {
            State::Done(outcome) => Poll::Ready(Some(outcome.clone())),
            State::Abandoned => Poll::Ready(None),
            State::Pending(waiters) => {
                waiters.push(cx.waker().clone());
                Poll::Pending
            }
        })
    }
}

/// Marks the work abandoned if its worker is dropped before finishing.
struct Worker<'a, T: Clone>(&'a Shared<T>);

impl<T: Clone> Drop for Worker<'_, T> {
    fn drop(&mut self) {
        if matches!(*self.0.state.borrow(), State::Pending(_)) {
            self.0.settle(State::Abandoned);
        }
    }
}

/// A memo of one shared result: concurrent callers share one run of the
/// work; a success is kept until [`Memo::forget`], a failure is not kept.
pub struct Memo<T> {
    current: RefCell<Option<Rc<Shared<T>>>>,
}

impl<T: Clone> Default for Memo<T> {
    fn default() -> Self {
        Memo {
            current: RefCell::new(None),
        }
    }
}

impl<T: Clone> Memo<T> {
    /// Forgets the memoised result (or the run under way, whose callers
    /// still get its outcome).
    pub fn forget(&self) {
        self.current.borrow_mut().take();
    }

    /// The memoised outcome, or that of the run under way, or that of a
    /// run of `work` started now; `is_failure` tells which outcomes are
    /// not kept.
    pub async fn get<F, W>(&self, work: W, is_failure: impl Fn(&T) -> bool) -> T
    where
        W: Fn() -> F,
        F: Future<Output = T>,
    {
        loop {
            let existing = self.current.borrow().clone();
            let (shared, outcome) = match existing {
                Some(shared) => {
                    let outcome = shared.outcome().await;
                    (shared, outcome)
                }
                None => {
                    let shared = Shared::new();
                    *self.current.borrow_mut() = Some(Rc::clone(&shared));
                    let worker = Worker(&shared);
                    let outcome = work().await;
                    shared.settle(State::Done(outcome.clone()));
                    drop(worker);
                    (shared, Some(outcome))
                }
            };
            match outcome {
                Some(outcome) => {
                    if is_failure(&outcome) {
                        self.forget_if_current(&shared);
                    }
                    return outcome;
                }
                None => self.forget_if_current(&shared),
            }
        }
    }

    fn forget_if_current(&self, shared: &Rc<Shared<T>>) {
        let mut current = self.current.borrow_mut();
        if current.as_ref().is_some_and(|c| Rc::ptr_eq(c, shared)) {
            current.take();
        }
    }
}
