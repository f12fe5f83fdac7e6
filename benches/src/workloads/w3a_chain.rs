//! W3a: three coroutines deep: `top` delegates to `middle`, which delegates to the W1 counter.

use genawaiter::stack::{Co, let_gen_using};

use super::sum_iter;
use super::w1_count::{Counter, count, count_diapause, count_genawaiter, counter};

/// Hand-written: each level an iterator forwarding to the one below it.
pub(crate) struct Forward<I>(I);

impl<I: Iterator<Item = u64>> Iterator for Forward<I> {
    type Item = u64;

    #[inline]
    fn next(&mut self) -> Option<u64> {
        self.0.next()
    }
}

pub(crate) fn top_hand(n: u64) -> Forward<Forward<Counter>> {
    Forward(Forward(counter(n)))
}

#[coro::coroutine(yield = u64)]
fn middle(n: u64) {
    yield_from!(count(n));
}

/// coro: `yield_from!` twice over.
#[coro::coroutine(yield = u64)]
pub(crate) fn top(n: u64) {
    yield_from!(middle(n));
}

/// genawaiter has no delegation: each level drives the one below and yields what it yields.
async fn middle_genawaiter(co: Co<'_, u64>, n: u64) {
    let_gen_using!(inner, |co| count_genawaiter(co, n));
    for v in inner {
        co.yield_(v).await;
    }
}

async fn top_genawaiter(co: Co<'_, u64>, n: u64) {
    let_gen_using!(inner, |co| middle_genawaiter(co, n));
    for v in inner {
        co.yield_(v).await;
    }
}

#[diapause::coroutine(yield = u64)]
fn middle_diapause(n: u64) {
    yield_all!(count_diapause(n));
}

/// diapause: `yield_all!` twice over; each delegate is stored by value in its parent.
#[diapause::coroutine(yield = u64)]
pub(crate) fn top_diapause(n: u64) {
    yield_all!(middle_diapause(n));
}

pub(crate) fn hand(n: u64) -> u64 {
    sum_iter(top_hand(n))
}

pub(crate) fn coro(n: u64) -> u64 {
    sum_iter(top(n))
}

pub(crate) fn genawaiter(n: u64) -> u64 {
    let_gen_using!(g, |co| top_genawaiter(co, n));
    sum_iter(g.into_iter())
}

pub(crate) fn diapause(n: u64) -> u64 {
    sum_iter(diapause::Iter::new(top_diapause(n)))
}
