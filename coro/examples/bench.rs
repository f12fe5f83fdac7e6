//! Per-item cost of `coro` coroutines next to hand-written equivalents, in one process.
//!
//! Run it with `cargo run --release -p coro --example bench`. Each case runs the hand-written
//! and the coro version alternately for several rounds and reports the median nanoseconds per
//! item and the median of the per-round ratios; every input and every produced value goes
//! through [`std::hint::black_box`], so neither side can be folded away. The absolute numbers
//! depend on the machine; the ratios are what the benchmark is for.

use std::hint::black_box;
use std::mem::size_of_val;
use std::time::Instant;

use coro::prelude::*;

/// Items per timed run (per created coroutine for case (e)).
const N: u64 = 10_000_000;
/// Timed runs per side; the median is reported.
const ROUNDS: usize = 15;
/// The length of the buffer of case (d).
const BUF: usize = 32;

// (a) A counting generator, 0..n.

/// Hand-written: `0..n` as an iterator.
struct Counter {
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

fn counter(n: u64) -> Counter {
    Counter { i: 0, n }
}

/// coro: the same loop as a generator.
#[coro::coroutine(yield = u64)]
fn count(n: u64) {
    let mut i = 0;
    while i < n {
        yield_!(i);
        i += 1;
    }
}

// (b) A resume value in, a running total out.

/// Hand-written: a struct with a `send`-like method.
struct RunningTotal {
    total: u64,
}

impl RunningTotal {
    #[inline]
    fn send(&mut self, x: u64) -> u64 {
        self.total = self.total.wrapping_add(x);
        self.total
    }
}

/// coro: the first value sent binds `first`, each later one is the value of `yield_!`.
#[coro::coroutine(yield = u64)]
fn running_total(#[resume] first: u64) {
    let mut total = first;
    loop {
        let x = yield_!(total);
        total = total.wrapping_add(x);
    }
}

// (c) Three coroutines deep: `top` delegates to `middle`, which delegates to `count`.

#[coro::coroutine(yield = u64)]
fn middle(n: u64) {
    yield_from!(count(n));
}

#[coro::coroutine(yield = u64)]
fn top(n: u64) {
    yield_from!(middle(n));
}

// (d) A `[u64; 32]` buffer kept across every yield: the sum of the last 32 numbers.

/// Hand-written: the window as a field.
struct Window {
    buf: [u64; BUF],
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
            self.slot = (self.slot + 1) % BUF;
            self.i += 1;
            Some(self.sum)
        } else {
            None
        }
    }
}

fn window(n: u64) -> Window {
    Window {
        buf: [0; BUF],
        slot: 0,
        sum: 0,
        i: 0,
        n,
    }
}

/// coro: the window as a local.
#[coro::coroutine(yield = u64)]
fn window_sums(n: u64) {
    let mut buf = [0u64; BUF];
    let (mut slot, mut sum, mut i) = (0usize, 0u64, 0u64);
    while i < n {
        sum = sum.wrapping_add(i).wrapping_sub(buf[slot]);
        buf[slot] = i;
        slot = (slot + 1) % BUF;
        i += 1;
        yield_!(sum);
    }
}

// The timed loops. Each returns a checksum so that both sides can be compared.

fn sum_iter(it: impl Iterator<Item = u64>) -> u64 {
    let mut sum = 0u64;
    for x in it {
        sum = sum.wrapping_add(black_box(x));
    }
    sum
}

fn round_trip_hand(n: u64) -> u64 {
    let mut acc = RunningTotal { total: 0 };
    let mut last = 0;
    for i in 0..n {
        last = black_box(acc.send(black_box(i)));
    }
    last
}

fn round_trip_coro(n: u64) -> u64 {
    let mut acc = running_total();
    let mut last = 0;
    for i in 0..n {
        if let CoroutineState::Yielded(t) = acc.send(black_box(i)) {
            last = black_box(t);
        }
    }
    last
}

fn create_take3_hand(n: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..n {
        sum = sum.wrapping_add(black_box(counter(black_box(N)).take(3).sum::<u64>()));
    }
    sum
}

fn create_take3_coro(n: u64) -> u64 {
    let mut sum = 0u64;
    for _ in 0..n {
        sum = sum.wrapping_add(black_box(count(black_box(N)).take(3).sum::<u64>()));
    }
    sum
}

// (h) A recursive walk of a complete binary tree, in order.

/// A complete binary tree of `2^depth - 1` nodes.
enum Tree {
    Leaf,
    Node(Box<Tree>, u64, Box<Tree>),
}

fn tree(depth: u32, next: &mut u64) -> Tree {
    if depth == 0 {
        return Tree::Leaf;
    }
    let left = tree(depth - 1, next);
    let v = *next;
    *next += 1;
    let right = tree(depth - 1, next);
    Tree::Node(Box::new(left), v, Box::new(right))
}

/// Hand-written: an iterator with an explicit stack.
struct InOrder<'a> {
    stack: Vec<&'a Tree>,
    node: &'a Tree,
}

impl Iterator for InOrder<'_> {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        loop {
            match self.node {
                Tree::Node(left, _, _) => {
                    self.stack.push(self.node);
                    self.node = left;
                }
                Tree::Leaf => {
                    let Tree::Node(_, v, right) = self.stack.pop()? else {
                        unreachable!()
                    };
                    self.node = right;
                    return Some(*v);
                }
            }
        }
    }
}

/// coro: recursion through `boxed()`, each level delegating with `yield_from!`.
fn walk(t: &Tree) -> coro::BoxCoroutine<'_, (), u64, ()> {
    #[coro::coroutine(yield = u64)]
    fn inner(t: &Tree) {
        if let Tree::Node(left, v, right) = t {
            yield_from!(walk(left));
            yield_!(*v);
            yield_from!(walk(right));
        }
    }
    inner(t).boxed()
}

/// Depth of the tree of case (h): 2^20 - 1 nodes.
const TREE_DEPTH: u32 = 20;

thread_local! {
    static TREE: Tree = tree(TREE_DEPTH, &mut 0);
}

fn walk_hand(rounds: u64) -> u64 {
    TREE.with(|t| {
        let mut sum = 0u64;
        for _ in 0..rounds {
            let it = InOrder {
                stack: Vec::new(),
                node: t,
            };
            sum = sum.wrapping_add(sum_iter(it));
        }
        sum
    })
}

fn walk_coro(rounds: u64) -> u64 {
    TREE.with(|t| {
        let mut sum = 0u64;
        for _ in 0..rounds {
            let mut w = walk(t);
            while let coro::CoroutineState::Yielded(v) = w.send(()) {
                sum = sum.wrapping_add(black_box(v));
            }
        }
        sum
    })
}

// (f) An async stream: each item awaits a future that is ready at once.

/// Hand-written: a `Stream` of 0..n.
struct CountStream {
    i: u64,
    n: u64,
}

impl futures_core::Stream for CountStream {
    type Item = u64;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<u64>> {
        if self.i < self.n {
            let v = self.i;
            self.i += 1;
            std::task::Poll::Ready(Some(v))
        } else {
            std::task::Poll::Ready(None)
        }
    }
}

/// coro: the same stream, awaiting a ready future per item.
#[coro::coroutine(yield = u64)]
async fn count_stream(n: u64) {
    let mut i = 0;
    while i < n {
        let v = std::future::ready(i).await;
        yield_!(v);
        i += 1;
    }
}

/// async-stream: the same stream with its `stream!` macro.
fn count_async_stream(n: u64) -> impl futures_core::Stream<Item = u64> {
    async_stream::stream! {
        let mut i = 0;
        while i < n {
            let v = std::future::ready(i).await;
            yield v;
            i += 1;
        }
    }
}

/// Drains a stream with a no-op waker, summing its items.
fn sum_stream<S: futures_core::Stream<Item = u64>>(s: S) -> u64 {
    let mut s = std::pin::pin!(s);
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    let mut sum = 0u64;
    while let std::task::Poll::Ready(Some(v)) = s.as_mut().poll_next(&mut cx) {
        sum = sum.wrapping_add(black_box(v));
    }
    sum
}

/// Nanoseconds per item of one run of `f(n)`, and its checksum.
fn time_once(f: fn(u64) -> u64, n: u64) -> (f64, u64) {
    let start = Instant::now();
    let check = black_box(f(black_box(n)));
    #[allow(clippy::cast_precision_loss, reason = "n stays far below 2^52")]
    let per_item = start.elapsed().as_secs_f64() * 1e9 / n as f64;
    (per_item, check)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Runs both sides alternately, `ROUNDS` times each, and prints one row of the table: the
/// median time of each side, and the median of the per-round ratios (a pair of runs shares the
/// machine's state, so the ratio is steadier than the times).
fn compare(name: &str, hand: fn(u64) -> u64, coro: fn(u64) -> u64) {
    compare_runs(name, hand, coro, N, ROUNDS, 1);
}

/// [`compare`] for workloads whose argument counts rounds of `per_round` items each.
fn compare_per(name: &str, hand: fn(u64) -> u64, coro: fn(u64) -> u64, per_round: u64) {
    compare_runs(name, hand, coro, 2, 5, per_round);
}

/// Runs `hand(arg)` and `coro(arg)` alternately `runs` times each and prints the row: median
/// nanoseconds per item (`per_arg` items per unit of `arg`) and the median per-run ratio.
fn compare_runs(
    name: &str,
    hand: fn(u64) -> u64,
    coro: fn(u64) -> u64,
    arg: u64,
    runs: usize,
    per_arg: u64,
) {
    let (mut hand_ns, mut coro_ns, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    // One warm-up run each, untimed.
    let warm_up = (arg / 10).max(1);
    assert_eq!(
        hand(warm_up),
        coro(warm_up),
        "{name}: the two sides disagree"
    );
    #[allow(
        clippy::cast_precision_loss,
        reason = "item counts stay far below 2^52"
    )]
    let per_arg = per_arg as f64;
    for _ in 0..runs {
        let (h, h_check) = time_once(hand, arg);
        let (c, c_check) = time_once(coro, arg);
        assert_eq!(h_check, c_check, "{name}: the two sides disagree");
        hand_ns.push(h / per_arg);
        coro_ns.push(c / per_arg);
        ratios.push(c / h);
    }
    let (h, c, r) = (median(hand_ns), median(coro_ns), median(ratios));
    println!("| {name:<46} | {h:>9.3} | {c:>9.3} | {r:>9.2} |");
}

fn main() {
    println!("coro bench: N = {N} items per run, median of {ROUNDS} runs, ns per item");
    println!();
    println!(
        "| {:<46} | {:>9} | {:>9} | {:>9} |",
        "case", "hand", "coro", "coro/hand"
    );
    println!("|{:-<48}|{:->11}|{:->11}|{:->11}|", ":", ":", ":", ":");
    compare(
        "(a) count 0..N, summed",
        |n| sum_iter(counter(n)),
        |n| sum_iter(count(n)),
    );
    compare(
        "(b) send a value, get the running total",
        round_trip_hand,
        round_trip_coro,
    );
    compare(
        "(c) 3-deep yield_from! chain vs flat",
        |n| sum_iter(counter(n)),
        |n| sum_iter(top(n)),
    );
    compare(
        "(d) [u64; 32] window kept across each yield",
        |n| sum_iter(window(n)),
        |n| sum_iter(window_sums(n)),
    );
    compare(
        "(e) create + take 3 + drop (ns per coroutine)",
        create_take3_hand,
        create_take3_coro,
    );
    compare(
        "(f) async stream, one .await per item",
        |n| sum_stream(CountStream { i: 0, n }),
        |n| sum_stream(count_stream(n)),
    );
    compare(
        "(g) the same, async-stream (hand) vs coro",
        |n| sum_stream(count_async_stream(n)),
        |n| sum_stream(count_stream(n)),
    );
    compare_per(
        "(h) boxed recursive tree walk, ns per node",
        walk_hand,
        walk_coro,
        (1 << TREE_DEPTH) - 1,
    );

    println!();
    println!("| {:<46} | {:>9} | {:>9} |", "size_of", "hand", "coro");
    println!("|{:-<48}|{:->11}|{:->11}|", ":", ":", ":");
    let sizes = [
        (
            "(a) count",
            size_of_val(&counter(0)),
            size_of_val(&count(0)),
        ),
        (
            "(b) running total",
            size_of_val(&RunningTotal { total: 0 }),
            size_of_val(&running_total()),
        ),
        (
            "(c) 3-deep chain (hand: flat Counter)",
            size_of_val(&counter(0)),
            size_of_val(&top(0)),
        ),
        (
            "(d) [u64; 32] window",
            size_of_val(&window(0)),
            size_of_val(&window_sums(0)),
        ),
    ];
    for (name, hand, coro) in sizes {
        println!("| {name:<46} | {hand:>9} | {coro:>9} |");
    }
}
