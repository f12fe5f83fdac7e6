//! "No heap allocation": running generated coroutines whose bodies do not allocate allocates
//! nothing, and the state lives inline in the returned value. Checked with a counting global
//! allocator (per thread, so tests running in parallel do not disturb each other).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use coro::prelude::*;

struct Counting;

thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

#[allow(
    unsafe_code,
    reason = "a global allocator can only be written with `unsafe impl`"
)]
// SAFETY: every method forwards to `System` with the caller's arguments unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: forwarded unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_in(f: impl FnOnce()) -> usize {
    let before = ALLOCS.with(Cell::get);
    f();
    ALLOCS.with(Cell::get) - before
}

#[coro::coroutine(yield = u64)]
fn fib(n: usize) -> u64 {
    let (mut a, mut b) = (0_u64, 1_u64);
    for _ in 0..n {
        yield_!(a);
        (a, b) = (b, a + b);
    }
    a
}

#[coro::coroutine(yield = u64)]
fn two_fibs(n: usize) -> u64 {
    let x = yield_from!(fib(n));
    let y = yield_from!(fib(n + 1));
    x + y
}

#[coro::coroutine(yield = f64)]
fn averager(#[resume] first: f64) -> usize {
    let (mut total, mut count, mut x) = (0.0, 0_usize, first);
    while x >= 0.0 {
        total += x;
        count += 1;
        #[allow(clippy::cast_precision_loss, reason = "small counts")]
        let avg = total / count as f64;
        x = yield_!(avg);
    }
    count
}

#[test]
fn the_counting_allocator_counts() {
    assert!(allocations_in(|| drop(Box::new(1))) >= 1);
}

#[test]
fn running_a_generator_does_not_allocate() {
    let n = allocations_in(|| {
        let mut sum = 0;
        let mut g = fib(50);
        while let CoroutineState::Yielded(x) = g.send(()) {
            sum ^= x;
        }
        assert_ne!(sum, 0);
    });
    assert_eq!(n, 0);
}

#[test]
fn delegation_does_not_allocate() {
    let n = allocations_in(|| {
        let mut g = two_fibs(10);
        let mut count = 0;
        let ret = loop {
            match g.send(()) {
                CoroutineState::Yielded(_) => count += 1,
                CoroutineState::Complete(r) => break r,
            }
        };
        assert_eq!((count, ret), (21, 55 + 89));
    });
    assert_eq!(n, 0);
}

#[test]
fn sending_values_does_not_allocate() {
    let n = allocations_in(|| {
        let mut g = averager();
        for v in [1.0, 2.0, 3.0] {
            assert!(matches!(g.send(v), CoroutineState::Yielded(_)));
        }
        assert_eq!(g.send(-1.0), CoroutineState::Complete(3));
    });
    assert_eq!(n, 0);
}

#[coro::coroutine(yield = u64)]
fn squares(n: u64) {
    for i in 0..n {
        yield_!(i * i);
    }
}

#[test]
fn iterator_view_does_not_allocate() {
    let n = allocations_in(|| {
        let total: u64 = squares(20).map(|r| r % 7).sum();
        assert!(total > 0);
    });
    assert_eq!(n, 0);
}

#[test]
fn boxed_allocates_exactly_once() {
    let n = allocations_in(|| {
        let mut g = squares(3).boxed();
        while let CoroutineState::Yielded(_) = g.send(()) {}
    });
    assert_eq!(n, 1);
}
