//! The workloads, each written once per side: hand-written, coro, and the peers that can
//! express it. Every input goes in through [`black_box`] (in [`crate::measure`]) and every
//! produced item comes out through it.

use std::hint::black_box;
use std::pin::pin;

use futures_core::Stream;

use crate::measure::{Side, Workload};

pub(crate) mod w1_count;
pub(crate) mod w2_round_trip;
// diapause's expansion of `yield_all!` matches its unit result with `_`, at the user's span.
#[allow(clippy::ignored_unit_patterns, reason = "in diapause's expansion")]
pub(crate) mod w3a_chain;
#[allow(clippy::ignored_unit_patterns, reason = "in diapause's expansion")]
pub(crate) mod w3b_tree;
pub(crate) mod w4_create;
pub(crate) mod w5_stream;
pub(crate) mod window;

/// Items per timed run of the per-item workloads.
pub(crate) const N: u64 = 10_000_000;
/// Timed runs per side of the per-item workloads.
const ROUNDS: usize = 15;

/// Sums an iterator, each item through [`black_box`].
fn sum_iter(it: impl Iterator<Item = u64>) -> u64 {
    let mut sum = 0u64;
    for x in it {
        sum = sum.wrapping_add(black_box(x));
    }
    sum
}

/// Sums a stream under `futures_executor::block_on`, each item through [`black_box`].
fn sum_stream(s: impl Stream<Item = u64>) -> u64 {
    futures_executor::block_on(async move {
        let mut s = pin!(s);
        let mut sum = 0u64;
        while let Some(x) = std::future::poll_fn(|cx| s.as_mut().poll_next(cx)).await {
            sum = sum.wrapping_add(black_box(x));
        }
        sum
    })
}

fn side(name: &'static str, run: fn(u64) -> u64) -> Side {
    Side { name, run }
}

/// A per-item workload of [`N`] items per run.
fn per_item(id: &'static str, title: &'static str, sides: Vec<Side>) -> Workload {
    Workload {
        id,
        title,
        arg: N,
        items_per_arg: 1,
        rounds: ROUNDS,
        sides,
    }
}

/// Every workload, in the order of the table.
pub(crate) fn all() -> Vec<Workload> {
    vec![
        per_item(
            "w1",
            "W1 count 0..N, summed (ns/item)",
            vec![
                side("hand", w1_count::hand),
                side("coro", w1_count::coro),
                side("genawaiter", w1_count::genawaiter),
                side("diapause", w1_count::diapause),
            ],
        ),
        per_item(
            "w2",
            "W2 resume-value round trip (ns)",
            vec![
                side("hand", w2_round_trip::hand),
                side("coro", w2_round_trip::coro),
                side("genawaiter", w2_round_trip::genawaiter),
                side("diapause", w2_round_trip::diapause),
            ],
        ),
        per_item(
            "w3a",
            "W3a 3-deep delegation chain (ns/item)",
            vec![
                side("hand", w3a_chain::hand),
                side("coro", w3a_chain::coro),
                side("genawaiter", w3a_chain::genawaiter),
                side("diapause", w3a_chain::diapause),
            ],
        ),
        Workload {
            id: "w3b",
            title: "W3b recursive tree walk, 2^20 nodes (ns/node)",
            arg: 1,
            items_per_arg: w3b_tree::NODES,
            rounds: 7,
            sides: vec![
                side("hand", w3b_tree::hand),
                side("coro", w3b_tree::coro),
                side("genawaiter", w3b_tree::genawaiter),
                side("diapause", w3b_tree::diapause),
            ],
        },
        per_item(
            "w4",
            "W4 create, take 3, drop (ns/generator)",
            vec![
                side("hand", w4_create::hand),
                side("coro", w4_create::coro),
                side("genawaiter", w4_create::genawaiter),
                side("diapause", w4_create::diapause),
            ],
        ),
        per_item(
            "w5",
            "W5 async stream under block_on (ns/item)",
            vec![
                side("hand", w5_stream::hand),
                side("coro", w5_stream::coro),
                side("genawaiter", w5_stream::genawaiter),
                side("async-stream", w5_stream::async_stream),
            ],
        ),
        per_item(
            "window",
            "[u64; 64] kept across each yield (ns/item)",
            vec![
                side("hand", window::hand),
                side("coro", window::coro),
                side("genawaiter", window::genawaiter),
                side("diapause", window::diapause),
            ],
        ),
    ]
}
