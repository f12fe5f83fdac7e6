//! Helpers shared by the behaviour tests: an event log, a drop-tracking value, a driver.
#![allow(
    dead_code,
    reason = "every test file includes this module and uses a different part of it"
)]

use std::cell::RefCell;
use std::future::poll_fn;
use std::pin::{Pin, pin};

use coro::{Coroutine, CoroutineState};
use futures_core::Stream;
use futures_executor::block_on;

thread_local! {
    // One log per test: the test harness runs every test on its own thread.
    static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Appends an event to this thread's log.
pub(crate) fn log(event: impl Into<String>) {
    LOG.with(|l| l.borrow_mut().push(event.into()));
}

/// Appends an event and passes a value through, for checking evaluation order.
pub(crate) fn logged<T>(event: &str, value: T) -> T {
    log(event);
    value
}

/// Takes every event logged so far on this thread.
pub(crate) fn take_log() -> Vec<String> {
    LOG.with(|l| std::mem::take(&mut *l.borrow_mut()))
}

/// Logs `drop NAME` when dropped.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct D(pub(crate) &'static str);

impl Drop for D {
    fn drop(&mut self) {
        log(format!("drop {}", self.0));
    }
}

/// A Python `finally:` block: logs its text when its scope is left, however it is left.
pub(crate) struct Finally(pub(crate) &'static str);

impl Drop for Finally {
    fn drop(&mut self) {
        log(self.0);
    }
}

/// Resumes with `()` until completion: every yielded value, then the return value.
pub(crate) fn drain<G: Coroutine + Unpin>(mut g: G) -> (Vec<G::Yield>, G::Return) {
    let mut yields = Vec::new();
    loop {
        match Pin::new(&mut g).resume(()) {
            CoroutineState::Yielded(y) => yields.push(y),
            CoroutineState::Complete(t) => return (yields, t),
        }
    }
}

/// Resumes with each value in turn, collecting what comes back.
pub(crate) fn feed<G, R>(
    g: &mut G,
    inputs: impl IntoIterator<Item = R>,
) -> Vec<CoroutineState<G::Yield, G::Return>>
where
    G: Coroutine<R> + Unpin,
{
    inputs
        .into_iter()
        .map(|r| Pin::new(&mut *g).resume(r))
        .collect()
}

/// The message of a panic payload caught by `catch_unwind`.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        String::from("<non-string panic>")
    }
}

/// Every item of a stream, polled to its end on a local executor.
pub(crate) fn collect<S: Stream>(s: S) -> Vec<S::Item> {
    block_on(async {
        let mut s = pin!(s);
        let mut out = Vec::new();
        while let Some(v) = poll_fn(|cx| s.as_mut().poll_next(cx)).await {
            out.push(v);
        }
        out
    })
}
