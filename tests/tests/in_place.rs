//! Suspension points whose resumption loops back to them resume in place: the kept locals stay
//! in the state. These tests pin what that must not change: values, drops, poisoning.
#![allow(
    clippy::cast_possible_truncation,
    reason = "indices into small buffers"
)]

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use coro::prelude::*;

#[coro::coroutine(yield = u64)]
fn window(n: u64) {
    let mut buf = [0u64; 32];
    let mut i = 0;
    while i < n {
        buf[(i % 32) as usize] = i;
        yield_!(buf[((i * 7) % 32) as usize]);
        i += 1;
    }
}

fn window_by_hand(n: u64) -> Vec<u64> {
    let mut buf = [0u64; 32];
    (0..n)
        .map(|i| {
            buf[(i % 32) as usize] = i;
            buf[((i * 7) % 32) as usize]
        })
        .collect()
}

#[test]
fn large_buffer_kept_across_every_yield() {
    assert_eq!(window(100).collect::<Vec<_>>(), window_by_hand(100));
    // The state holds the buffer once, not a copy per block.
    assert!(std::mem::size_of_val(&window(1)) <= 32 * 8 + 3 * 8);
}

#[coro::coroutine(yield = u32)]
fn panicky(fail_at: u32) -> u32 {
    let mut count = 0u32;
    loop {
        count += 1;
        assert!(count != fail_at, "planted panic at {}", count);
        if count > 5 {
            return count;
        }
        yield_!(count);
    }
}

#[test]
fn a_panic_in_an_in_place_resumption_poisons() {
    let mut g = panicky(3);
    assert_eq!(g.send(()), CoroutineState::Yielded(1));
    assert_eq!(g.send(()), CoroutineState::Yielded(2));
    let err = catch_unwind(AssertUnwindSafe(|| g.send(()))).unwrap_err();
    assert_eq!(err.downcast_ref::<String>().unwrap(), "planted panic at 3");
    assert!(format!("{g:?}").contains("poisoned"), "{g:?}");
    let err = catch_unwind(AssertUnwindSafe(|| g.send(()))).unwrap_err();
    assert_eq!(
        *err.downcast_ref::<&str>().unwrap(),
        "coroutine resumed after panicking"
    );
}

#[test]
fn leaving_the_loop_completes_normally() {
    let mut g = panicky(0);
    for i in 1..=5 {
        assert_eq!(g.send(()), CoroutineState::Yielded(i));
    }
    assert_eq!(g.send(()), CoroutineState::Complete(6));
    assert!(format!("{g:?}").contains("complete"));
}

struct Noisy(&'static str, Rc<RefCell<Vec<&'static str>>>);

impl Drop for Noisy {
    fn drop(&mut self) {
        self.1.borrow_mut().push(self.0);
    }
}

fn label_len(n: &Noisy) -> usize {
    n.0.len()
}

#[coro::coroutine(yield = usize)]
fn counts_with_a_guard(log: Rc<RefCell<Vec<&'static str>>>, fail: bool) {
    let guard = Noisy("guard", log.clone());
    let mut n = 0usize;
    loop {
        n += 1;
        assert!(!(fail && n == 3), "planted");
        yield_!(n + label_len(&guard));
    }
}

#[test]
fn drops_exactly_once_when_dropped_or_poisoned_in_place() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let mut g = counts_with_a_guard(log.clone(), false);
    assert_eq!(g.send(()), CoroutineState::Yielded(6));
    assert_eq!(g.send(()), CoroutineState::Yielded(7));
    assert!(log.borrow().is_empty());
    drop(g);
    assert_eq!(*log.borrow(), ["guard"]);

    let log = Rc::new(RefCell::new(Vec::new()));
    let mut g = counts_with_a_guard(log.clone(), true);
    g.send(());
    g.send(());
    assert!(catch_unwind(AssertUnwindSafe(|| g.send(()))).is_err());
    assert_eq!(*log.borrow(), ["guard"], "dropped by the poisoning");
    drop(g);
    assert_eq!(*log.borrow(), ["guard"], "not dropped twice");
}

#[coro::coroutine(yield = u64)]
fn sum_of_sends(#[resume] first: u64) -> u64 {
    let mut total: u64 = first;
    let mut seen = [0u64; 8];
    let mut i = 0usize;
    while total < 1000 {
        seen[i % 8] = total;
        i += 1;
        total += yield_!(total);
    }
    total + seen[0]
}

#[test]
fn resume_values_reach_in_place_code() {
    let mut g = sum_of_sends();
    assert_eq!(g.send(1), CoroutineState::Yielded(1));
    assert_eq!(g.send(10), CoroutineState::Yielded(11));
    assert_eq!(g.send(100), CoroutineState::Yielded(111));
    assert_eq!(g.send(1000), CoroutineState::Complete(1111 + 1));
}
