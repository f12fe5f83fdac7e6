//! W1: count 0..n, summed by the caller.

use genawaiter::stack::{Co, let_gen_using};

use super::sum_iter;

/// Hand-written: `0..n` as an iterator.
pub(crate) struct Counter {
    i: u64,
    n: u64,
}

impl Iterator for Counter {
    type Item = u64;

    #[inline]
    fn next(&mut self) -> Option<u64> {
        if self.i < self.n {
            let i = self.i;
            self.i += 1;
            Some(i)
        } else {
            None
        }
    }
}

pub(crate) fn counter(n: u64) -> Counter {
    Counter { i: 0, n }
}

/// coro: the same loop as a generator.
#[coro::coroutine(yield = u64)]
pub(crate) fn count(n: u64) {
    let mut i = 0;
    while i < n {
        yield_!(i);
        i += 1;
    }
}

/// genawaiter: the loop as an async producer yielding through its `Co` handle.
pub(crate) async fn count_genawaiter(co: Co<'_, u64>, n: u64) {
    let mut i = 0;
    while i < n {
        co.yield_(i).await;
        i += 1;
    }
}

/// diapause: the loop under its attribute (the kept locals need their types written out).
#[diapause::coroutine(yield = u64)]
pub(crate) fn count_diapause(n: u64) {
    let mut i: u64 = 0;
    while i < n {
        yield_!(i);
        i += 1;
    }
}

pub(crate) fn hand(n: u64) -> u64 {
    sum_iter(counter(n))
}

pub(crate) fn coro(n: u64) -> u64 {
    sum_iter(count(n))
}

pub(crate) fn genawaiter(n: u64) -> u64 {
    let_gen_using!(g, |co| count_genawaiter(co, n));
    sum_iter(g.into_iter())
}

pub(crate) fn diapause(n: u64) -> u64 {
    sum_iter(diapause::Iter::new(count_diapause(n)))
}
