//! W2: a resume-value round trip: send a number in, get the running total out.

use std::hint::black_box;

use coro::prelude::*;
use genawaiter::GeneratorState;
use genawaiter::stack::{Co, let_gen_using};

/// Hand-written: a struct with a `send`-like method.
pub(crate) struct RunningTotal {
    total: u64,
}

impl RunningTotal {
    #[inline]
    fn send(&mut self, x: u64) -> u64 {
        self.total = self.total.wrapping_add(x);
        self.total
    }
}

pub(crate) fn running_total_hand() -> RunningTotal {
    RunningTotal { total: 0 }
}

/// coro: the first value sent binds `first`, each later one is the value of `yield_!`.
#[coro::coroutine(yield = u64)]
pub(crate) fn running_total(#[resume] first: u64) {
    let mut total = first;
    loop {
        let x = yield_!(total);
        total = total.wrapping_add(x);
    }
}

/// genawaiter: the first resume value is not seen by the producer, so it starts from 0 and the
/// caller starts it with an extra `resume`.
pub(crate) async fn running_total_genawaiter(co: Co<'_, u64, u64>) {
    let mut total = 0u64;
    loop {
        let x = co.yield_(total).await;
        total = total.wrapping_add(x);
    }
}

/// diapause: started by `start()`, after which every `resume(x)` is the value of `yield_!`.
#[diapause::coroutine(yield = u64, resume = u64)]
pub(crate) fn running_total_diapause() {
    let mut total: u64 = 0;
    loop {
        let x = yield_!(total);
        total = total.wrapping_add(x);
    }
}

pub(crate) fn hand(n: u64) -> u64 {
    let mut acc = running_total_hand();
    let mut last = 0;
    for i in 0..n {
        last = black_box(acc.send(black_box(i)));
    }
    last
}

pub(crate) fn coro(n: u64) -> u64 {
    let mut acc = running_total();
    let mut last = 0;
    for i in 0..n {
        if let CoroutineState::Yielded(t) = acc.send(black_box(i)) {
            last = black_box(t);
        }
    }
    last
}

pub(crate) fn genawaiter(n: u64) -> u64 {
    let_gen_using!(acc, running_total_genawaiter);
    acc.resume_with(0);
    let mut last = 0;
    for i in 0..n {
        if let GeneratorState::Yielded(t) = acc.resume_with(black_box(i)) {
            last = black_box(t);
        }
    }
    last
}

pub(crate) fn diapause(n: u64) -> u64 {
    use diapause::Coroutine as _;
    let mut acc = running_total_diapause();
    let _ = acc.start();
    let mut last = 0;
    for i in 0..n {
        if let diapause::CoroutineState::Yielded(t) = acc.resume(black_box(i)) {
            last = black_box(t);
        }
    }
    last
}
