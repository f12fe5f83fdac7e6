//! W4: create a generator, take three items (each through `black_box`), drop it.

use std::hint::black_box;

use genawaiter::stack::let_gen_using;

use super::sum_iter;
use super::w1_count::{count, count_diapause, count_genawaiter, counter};

/// How far each generator would count: it is dropped long before.
const LIMIT: u64 = 1 << 40;

pub(crate) fn hand(n: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..n {
        sum = sum.wrapping_add(sum_iter(counter(black_box(LIMIT)).take(3)));
    }
    sum
}

pub(crate) fn coro(n: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..n {
        sum = sum.wrapping_add(sum_iter(count(black_box(LIMIT)).take(3)));
    }
    sum
}

pub(crate) fn genawaiter(n: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..n {
        let limit = black_box(LIMIT);
        let_gen_using!(g, |co| count_genawaiter(co, limit));
        sum = sum.wrapping_add(sum_iter(g.into_iter().take(3)));
    }
    sum
}

pub(crate) fn diapause(n: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..n {
        let g = diapause::Iter::new(count_diapause(black_box(LIMIT)));
        sum = sum.wrapping_add(sum_iter(g.take(3)));
    }
    sum
}
