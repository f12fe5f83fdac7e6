//! `async fn` generators whose resumption comes back to the same `yield_!` resume in place: the
//! kept locals stay in the pinned state, and each `.await` on the way stores its future in a
//! slot of that state's variant and polls it there. These pin what that must keep: futures are
//! polled where they were stored until they are dropped, a panic poisons, drops happen once.

mod common;

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::marker::PhantomPinned;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::{Pin, pin};
use std::rc::Rc;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_executor::block_on;

use common::collect;

type Log = Rc<RefCell<Vec<String>>>;

/// A `!Unpin` future, pending `left` times, then ready with `value` (or panicking when `value`
/// is `u64::MAX`). It checks that it is always polled at the address of its first poll, and
/// logs its drop.
struct Pinned {
    left: Cell<u32>,
    value: u64,
    at: Cell<usize>,
    log: Log,
    _pin: PhantomPinned,
}

impl Future for Pinned {
    type Output = u64;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u64> {
        let address = std::ptr::from_ref::<Self>(&self) as usize;
        match self.at.get() {
            0 => self.at.set(address),
            first => assert_eq!(first, address, "a polled future moved"),
        }
        if self.left.get() > 0 {
            self.left.set(self.left.get() - 1);
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        assert!(self.value != u64::MAX, "planted panic");
        Poll::Ready(self.value)
    }
}

impl Drop for Pinned {
    fn drop(&mut self) {
        self.log.borrow_mut().push(format!("future {}", self.value));
    }
}

fn pinned(value: u64, left: u32, log: &Log) -> Pinned {
    Pinned {
        left: Cell::new(left),
        value,
        at: Cell::new(0),
        log: log.clone(),
        _pin: PhantomPinned,
    }
}

/// Logs its drop.
struct Noisy(Log);

impl Drop for Noisy {
    fn drop(&mut self) {
        self.0.borrow_mut().push("kept".to_owned());
    }
}

fn seen(_: &Noisy) {}

/// Item `i` is `i * 10`, from a future that is pending `pending(i)` times; the item `panic_at`
/// panics instead.
#[coro::coroutine(yield = u64)]
async fn counter(n: u64, every: u64, panic_at: u64, log: Log) {
    let kept = Noisy(Rc::clone(&log));
    let mut i = 0;
    while i < n {
        seen(&kept);
        let value = if i == panic_at { u64::MAX } else { i * 10 };
        let pending = u32::from(every != 0 && i % every == 0);
        let v = pinned(value, pending, &log).await;
        yield_!(v);
        i += 1;
    }
}

fn futures(log: &Log) -> usize {
    log.borrow()
        .iter()
        .filter(|l| l.starts_with("future"))
        .count()
}

#[test]
fn ready_futures_resume_in_place() {
    let log = Log::default();
    assert_eq!(
        collect(counter(5, 0, u64::MAX, log.clone())),
        [0, 10, 20, 30, 40]
    );
    assert_eq!(futures(&log), 5, "every future dropped once");
    assert_eq!(log.borrow().last().map(String::as_str), Some("kept"));
}

#[test]
fn pending_futures_stay_where_they_were_polled() {
    let log = Log::default();
    // Every other future is pending once: polled again from the state, at the same address.
    assert_eq!(
        collect(counter(6, 2, u64::MAX, log.clone())),
        [0, 10, 20, 30, 40, 50]
    );
    assert_eq!(futures(&log), 6);
    assert_eq!(log.borrow().iter().filter(|l| *l == "kept").count(), 1);
}

#[test]
fn the_location_is_the_await_while_a_future_is_pending() {
    let log = Log::default();
    let mut s = Box::pin(counter(3, 1, u64::MAX, log));
    let mut cx = Context::from_waker(std::task::Waker::noop());
    assert_eq!(s.as_mut().poll_next(&mut cx), Poll::Pending);
    assert_eq!(s.as_mut().poll_next(&mut cx), Poll::Ready(Some(0)));
    let at_yield = format!("{s:?}");
    // Resumed in place: the next future is stored in the yield's state, and pending.
    assert_eq!(s.as_mut().poll_next(&mut cx), Poll::Pending);
    let at_await = format!("{s:?}");
    assert!(at_yield.contains("suspended at line"), "{at_yield}");
    assert!(at_await.contains("suspended at line"), "{at_await}");
    assert_ne!(at_yield, at_await);
    assert_eq!(s.as_mut().poll_next(&mut cx), Poll::Ready(Some(10)));
    assert_eq!(format!("{s:?}"), at_yield);
}

fn poll_until_panic<S: Stream<Item = u64> + ?Sized>(mut s: Pin<&mut S>) -> Vec<u64> {
    let mut cx = Context::from_waker(std::task::Waker::noop());
    let mut items = Vec::new();
    let err = catch_unwind(AssertUnwindSafe(|| {
        loop {
            match s.as_mut().poll_next(&mut cx) {
                Poll::Ready(Some(v)) => items.push(v),
                Poll::Ready(None) => panic!("completed without the planted panic"),
                Poll::Pending => {}
            }
        }
    }))
    .unwrap_err();
    assert_eq!(*err.downcast_ref::<&str>().unwrap(), "planted panic");
    items
}

fn assert_poisoned<S: Stream<Item = u64> + std::fmt::Debug + ?Sized>(mut s: Pin<&mut S>) {
    assert!(format!("{s:?}").contains("poisoned"), "{s:?}");
    let mut cx = Context::from_waker(std::task::Waker::noop());
    let err = catch_unwind(AssertUnwindSafe(|| s.as_mut().poll_next(&mut cx))).unwrap_err();
    assert_eq!(
        *err.downcast_ref::<&str>().unwrap(),
        "coroutine resumed after panicking"
    );
}

/// Runs `counter` (its futures pending once first every `every` items, never with 0) to the
/// panic of its third future, and checks that the poisoning dropped the state in place, each
/// value once.
fn panic_poisons_and_drops_once(every: u64) {
    let log = Log::default();
    let mut s = Box::pin(counter(5, every, 2, log.clone()));
    assert_eq!(poll_until_panic(s.as_mut()), [0, 10]);
    // The poisoning dropped the state in place: the panicking future and the kept local.
    assert_eq!(
        *log.borrow(),
        [
            "future 0",
            "future 10",
            "future 18446744073709551615",
            "kept"
        ]
    );
    assert_poisoned(s.as_mut());
    drop(s);
    assert_eq!(log.borrow().len(), 4, "nothing dropped twice");
}

#[test]
fn a_panic_in_a_future_polled_in_place_poisons_and_drops_once() {
    panic_poisons_and_drops_once(0);
}

#[test]
fn a_panic_in_a_pending_future_polled_again_poisons_and_drops_once() {
    // The panicking future is pending once first: it panics when polled from the state.
    panic_poisons_and_drops_once(1);
}

#[test]
fn dropping_while_a_future_is_pending_in_place_drops_it_and_the_locals_once() {
    let log = Log::default();
    {
        let mut s = Box::pin(counter(5, 1, u64::MAX, log.clone()));
        let mut cx = Context::from_waker(std::task::Waker::noop());
        assert_eq!(s.as_mut().poll_next(&mut cx), Poll::Pending);
        assert_eq!(s.as_mut().poll_next(&mut cx), Poll::Ready(Some(0)));
        assert_eq!(s.as_mut().poll_next(&mut cx), Poll::Pending);
        assert_eq!(*log.borrow(), ["future 0"]);
    }
    // The future first (its slot comes first in the variant), then the kept local.
    assert_eq!(*log.borrow(), ["future 0", "future 10", "kept"]);
}

#[test]
fn the_stream_is_fused_after_completing_in_place() {
    let log = Log::default();
    let mut s = Box::pin(counter(2, 0, u64::MAX, log));
    let mut cx = Context::from_waker(std::task::Waker::noop());
    assert_eq!(s.as_mut().poll_next(&mut cx), Poll::Ready(Some(0)));
    assert_eq!(s.as_mut().poll_next(&mut cx), Poll::Ready(Some(10)));
    assert_eq!(s.as_mut().poll_next(&mut cx), Poll::Ready(None));
    assert_eq!(s.as_mut().poll_next(&mut cx), Poll::Ready(None));
    assert!(format!("{s:?}").contains("complete"));
}

/// Resume values and a return value, resumed in place.
#[coro::coroutine(yield = u64)]
async fn running_total(#[resume] first: u64, log: Log) -> u64 {
    let mut total = 0;
    total += first;
    while total < 100 {
        let doubled = pinned(total * 2, u32::from(total % 2 == 1), &log).await;
        let next = yield_!(doubled);
        total += next;
    }
    total
}

#[test]
fn resume_values_reach_code_resumed_in_place() {
    use coro::prelude::*;
    let log = Log::default();
    block_on(async {
        let mut c = pin!(running_total(log.clone()));
        assert_eq!(c.as_mut().resume(1).await, CoroutineState::Yielded(2));
        assert_eq!(c.as_mut().resume(2).await, CoroutineState::Yielded(6));
        assert_eq!(c.as_mut().resume(4).await, CoroutineState::Yielded(14));
        assert_eq!(c.as_mut().resume(100).await, CoroutineState::Complete(107));
    });
    assert_eq!(futures(&log), 3);
}

#[test]
fn an_async_coroutine_resumed_after_completion_panics() {
    use coro::prelude::*;
    let log = Log::default();
    let mut c = Box::pin(running_total(log));
    block_on(async {
        assert_eq!(c.as_mut().resume(1).await, CoroutineState::Yielded(2));
        assert_eq!(c.as_mut().resume(100).await, CoroutineState::Complete(101));
    });
    let err = catch_unwind(AssertUnwindSafe(|| block_on(c.as_mut().resume(1)))).unwrap_err();
    assert_eq!(
        *err.downcast_ref::<&str>().unwrap(),
        "coroutine resumed after completion"
    );
    assert!(
        format!("{c:?}").contains("complete"),
        "still complete, not poisoned"
    );
}
