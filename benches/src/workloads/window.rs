//! A `[u64; 64]` buffer kept across every yield: the sum of the last 64 numbers.

use genawaiter::stack::{Co, let_gen_using};

use super::sum_iter;

/// The length of the window.
pub(crate) const LEN: usize = 64;

/// Hand-written: the window as a field.
pub(crate) struct Window {
    buf: [u64; LEN],
    slot: usize,
    sum: u64,
    i: u64,
    n: u64,
}

impl Iterator for Window {
    type Item = u64;

    #[inline]
    fn next(&mut self) -> Option<u64> {
        if self.i < self.n {
            self.sum = self
                .sum
                .wrapping_add(self.i)
                .wrapping_sub(self.buf[self.slot]);
            self.buf[self.slot] = self.i;
            self.slot = (self.slot + 1) % LEN;
            self.i += 1;
            Some(self.sum)
        } else {
            None
        }
    }
}

pub(crate) fn window_hand(n: u64) -> Window {
    Window {
        buf: [0; LEN],
        slot: 0,
        sum: 0,
        i: 0,
        n,
    }
}

/// coro: the window as a local.
#[coro::coroutine(yield = u64)]
pub(crate) fn window_sums(n: u64) {
    let mut buf = [0u64; LEN];
    let (mut slot, mut sum, mut i) = (0usize, 0u64, 0u64);
    while i < n {
        sum = sum.wrapping_add(i).wrapping_sub(buf[slot]);
        buf[slot] = i;
        slot = (slot + 1) % LEN;
        i += 1;
        yield_!(sum);
    }
}

async fn window_sums_genawaiter(co: Co<'_, u64>, n: u64) {
    let mut buf = [0u64; LEN];
    let (mut slot, mut sum, mut i) = (0usize, 0u64, 0u64);
    while i < n {
        sum = sum.wrapping_add(i).wrapping_sub(buf[slot]);
        buf[slot] = i;
        slot = (slot + 1) % LEN;
        i += 1;
        co.yield_(sum).await;
    }
}

#[diapause::coroutine(yield = u64)]
pub(crate) fn window_sums_diapause(n: u64) {
    let mut buf: [u64; LEN] = [0; LEN];
    let mut slot: usize = 0;
    let mut sum: u64 = 0;
    let mut i: u64 = 0;
    while i < n {
        sum = sum.wrapping_add(i).wrapping_sub(buf[slot]);
        buf[slot] = i;
        slot = (slot + 1) % LEN;
        i += 1;
        yield_!(sum);
    }
}

pub(crate) fn hand(n: u64) -> u64 {
    sum_iter(window_hand(n))
}

pub(crate) fn coro(n: u64) -> u64 {
    sum_iter(window_sums(n))
}

pub(crate) fn genawaiter(n: u64) -> u64 {
    let_gen_using!(g, |co| window_sums_genawaiter(co, n));
    sum_iter(g.into_iter())
}

pub(crate) fn diapause(n: u64) -> u64 {
    sum_iter(diapause::Iter::new(window_sums_diapause(n)))
}
