//! W4: create a generator, take three items, drop it.

use std::hint::black_box;

use genawaiter::stack::let_gen_using;

use super::w1_count::{count, count_diapause, count_genawaiter, counter};

/// How far each generator would count: it is dropped long before.
const LIMIT: u64 = 1 << 40;

pub(crate) fn hand(n: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..n {
        sum = sum.wrapping_add(black_box(counter(black_box(LIMIT)).take(3).sum::<u64>()));
    }
    sum
}

pub(crate) fn coro(n: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..n {
        sum = sum.wrapping_add(black_box(count(black_box(LIMIT)).take(3).sum::<u64>()));
    }
    sum
}

pub(crate) fn genawaiter(n: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..n {
        let limit = black_box(LIMIT);
        let_gen_using!(g, |co| count_genawaiter(co, limit));
        sum = sum.wrapping_add(black_box(g.into_iter().take(3).sum::<u64>()));
    }
    sum
}

pub(crate) fn diapause(n: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..n {
        let g = diapause::Iter::new(count_diapause(black_box(LIMIT)));
        sum = sum.wrapping_add(black_box(g.take(3).sum::<u64>()));
    }
    sum
}
