//! The queue that keeps throttled requests in call order: each caller takes
//! a ticket and starts only after every earlier ticket has started and the
//! throttle's window has room.

use core::cell::{Cell, RefCell};
use core::future::poll_fn;
use core::task::{Poll, Waker};

use super::error::Error;
use super::host::Host;
use super::policy::Throttle;
use crate::prelude::*;

/// Tickets in call order, and the callers waiting for theirs.
#[derive(Default)]
pub struct ThrottleQueue {
    next_ticket: Cell<u64>,
    now_serving: Cell<u64>,
    waiting: RefCell<Vec<Waker>>,
}

/// Lets the next ticket go when dropped, however its holder's wait ended.
struct Serving<'a>(&'a ThrottleQueue);

impl Drop for Serving<'_> {
    fn drop(&mut self) {
        let queue = self.0;
        queue.now_serving.set(queue.now_serving.get() + 1);
        queue.waiting.borrow_mut().drain(..).for_each(Waker::wake);
    }
}

impl ThrottleQueue {
    /// Waits until every earlier caller has started and `throttle`'s window
    /// has room, then records this start (on the clock, after any late timer).
    pub async fn wait_for_turn<H: Host>(
        &self,
        throttle: &Throttle,
        host: &H,
    ) -> Result<(), Error<H::Value>> {
        let ticket = self.next_ticket.get();
        self.next_ticket.set(ticket + 1);
        poll_fn(|cx| {
            if self.now_serving.get() == ticket {
                Poll::Ready(())
            } else {
                self.waiting.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            }
        })
        .await;
        let _serving = Serving(self);
        loop {
            let wait = throttle.delay(host.now());
            if wait <= 0.0 {
                break;
            }
            host.sleep(wait).await?;
        }
        throttle.record(host.now());
        Ok(())
    }
}
