//! Waits on JS work (an exchange, a timer) through one JS callback made
//! once per sdk, `settle({ id, ok, value })`: a wait makes no closures of
//! its own, where a `JsFuture` makes two, each registered for finalization.

use alloc::rc::Rc;
use core::cell::RefCell;
use core::future::Future;
use core::panic::AssertUnwindSafe;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

use wasm_bindgen::prelude::*;

use crate::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// What `settle` is called with: `{ id, ok, value }`.
    type Settlement;
    #[wasm_bindgen(method, getter)]
    fn id(this: &Settlement) -> u32;
    #[wasm_bindgen(method, getter)]
    fn ok(this: &Settlement) -> bool;
    #[wasm_bindgen(method, getter)]
    fn value(this: &Settlement) -> JsValue;
}

/// One wait's slot.
enum Slot {
    /// Free for the next wait.
    Free,
    /// A wait in progress: its outcome once settled, and who to wake.
    Waiting {
        result: Option<Result<JsValue, JsValue>>,
        waker: Option<Waker>,
    },
    /// Its wait was dropped before the outcome came: freed when it comes.
    Abandoned,
}

type Slots = Rc<RefCell<Vec<Slot>>>;

/// The waits of one sdk and the one callback that settles them. Dropping
/// it frees the callback: a later call of it throws in JS.
pub struct Settlements {
    slots: Slots,
    settle: Closure<dyn FnMut(JsValue) -> Result<(), JsError>>,
}

impl Default for Settlements {
    /// Nothing waited on yet.
    fn default() -> Settlements {
        let slots: Slots = Rc::default();
        let shared = AssertUnwindSafe(Rc::clone(&slots));
        // The signature of JsFuture's callbacks, whose glue is already there.
        let settle = Closure::new(move |settlement: JsValue| -> Result<(), JsError> {
            let settlement: Settlement = settlement.unchecked_into();
            let waker = {
                let mut slots = shared.borrow_mut();
                let Some(slot) = slots.get_mut(settlement.id() as usize) else {
                    return Ok(());
                };
                match slot {
                    Slot::Waiting { result, waker } if result.is_none() => {
                        let value = settlement.value();
                        *result = Some(if settlement.ok() {
                            Ok(value)
                        } else {
                            Err(value)
                        });
                        waker.take()
                    }
                    Slot::Abandoned => {
                        *slot = Slot::Free;
                        None
                    }
                    _ => None,
                }
            };
            if let Some(waker) = waker {
                waker.wake();
            }
            Ok(())
        });
        Settlements { slots, settle }
    }
}

impl Settlements {
    /// The JS callback to settle waits with.
    pub fn callback(&self) -> &JsValue {
        self.settle.as_ref()
    }

    /// A free slot: its id, and the future of what it is settled with.
    pub fn open(&self) -> (u32, Settled) {
        let mut slots = self.slots.borrow_mut();
        let fresh = Slot::Waiting {
            result: None,
            waker: None,
        };
        let id = match slots.iter().position(|slot| matches!(slot, Slot::Free)) {
            Some(free) => {
                slots[free] = fresh;
                free
            }
            None => {
                slots.push(fresh);
                slots.len() - 1
            }
        };
        (
            id as u32,
            Settled {
                slots: Rc::clone(&self.slots),
                id: id as u32,
                done: false,
            },
        )
    }

    /// How many slots are taken (waits in progress or abandoned).
    pub fn in_use(&self) -> usize {
        self.slots
            .borrow()
            .iter()
            .filter(|slot| !matches!(slot, Slot::Free))
            .count()
    }
}

/// What one wait settles with. Its slot is freed when the outcome is taken,
/// or, if the wait is dropped first, when the outcome comes.
pub struct Settled {
    slots: Slots,
    id: u32,
    done: bool,
}

impl Future for Settled {
    type Output = Result<JsValue, JsValue>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let outcome = {
            let mut slots = self.slots.borrow_mut();
            let slot = &mut slots[self.id as usize];
            match slot {
                Slot::Waiting { result, waker } => {
                    let taken = result.take();
                    if taken.is_some() {
                        *slot = Slot::Free;
                    } else {
                        *waker = Some(cx.waker().clone());
                    }
                    taken
                }
                Slot::Free | Slot::Abandoned => None,
            }
        };
        match outcome {
            Some(result) => {
                self.done = true;
                Poll::Ready(result)
            }
            None => Poll::Pending,
        }
    }
}

impl Drop for Settled {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let mut slots = self.slots.borrow_mut();
        let slot = &mut slots[self.id as usize];
        *slot = match slot {
            // Settled but never taken: nothing more will come.
            Slot::Waiting {
                result: Some(_), ..
            } => Slot::Free,
            _ => Slot::Abandoned,
        };
    }
}
