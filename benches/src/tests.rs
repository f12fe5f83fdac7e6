//! The size of each workload's coroutine is no larger than rustc's own coroutine for the same
//! body.
//!
//! The bounds are rustc's sizes, measured with rustc 1.95 on x86-64 by compiling the same bodies
//! as `#[coroutine]` closures (and W5 as an `async gen` block) in a scratch crate outside this
//! repository; nothing here uses nightly features. coro's own size today is noted beside each.

use std::mem::size_of_val;

use crate::workloads::{w1_count, w2_round_trip, w3a_chain, w3b_tree, w5_stream, window};

#[test]
fn w1_counter_is_no_larger_than_rustc() {
    // rustc: 24 (`i`, the captured `n`, the state); coro: 24; hand-written: 16. (With
    // `for i in 0..n` instead of the `while` loop, rustc keeps the range and takes 32.)
    assert!(size_of_val(&w1_count::count(0)) <= 24);
}

#[test]
fn w2_running_total_is_no_larger_than_rustc() {
    // rustc: 16; coro: 16; hand-written: 8.
    assert!(size_of_val(&w2_round_trip::running_total()) <= 16);
}

#[test]
fn w3a_chain_is_no_larger_than_rustc() {
    // rustc: 56 (each level keeps its delegate and its captured `n`); coro: 24, the 3-deep
    // chain is as large as the counter at its bottom.
    assert!(size_of_val(&w3a_chain::top(0)) <= 56);
}

#[test]
fn w3b_tree_node_is_no_larger_than_rustc() {
    // One node's coroutine before boxing. rustc: 64 (the captured `&Tree`, the boxed child,
    // the node's fields); coro: 40.
    let leaf = w3b_tree::Tree::Leaf;
    assert!(size_of_val(&w3b_tree::walk_node(&leaf)) <= 64);
}

#[test]
fn w4_generator_is_the_w1_counter() {
    // W4 creates the W1 counter: rustc 24, coro 24.
    assert!(size_of_val(&w1_count::count(u64::MAX)) <= 24);
}

#[test]
fn w5_stream_is_no_larger_than_rustc() {
    // rustc (`async gen` block): 40; coro: 40 (the yield's variant resumed in place also has the
    // slot of the future awaited on the way).
    assert!(size_of_val(&w5_stream::count_stream(0)) <= 40);
}

#[test]
fn window_is_no_larger_than_rustc() {
    // rustc: 552; coro: 552; hand-written: 544 (the buffer, `slot`, `sum`, `i`, `n`).
    assert!(size_of_val(&window::window_sums(0)) <= 552);
}
