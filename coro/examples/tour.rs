//! A tour of `coro`, one feature per section: generators, `send`, `yield_from!`, recursion
//! through `boxed()`, `?` with `try_iter()`, and the `Debug` view of a suspended coroutine.
//!
//! Run it with `cargo run -p coro --example tour`.

use coro::prelude::*;

// 1. A generator: no resume value, returns `()`, so it is also an `Iterator`.

/// The Fibonacci numbers, forever.
#[coro::coroutine(yield = u64)]
fn fib() {
    let (mut a, mut b) = (0u64, 1u64);
    loop {
        yield_!(a);
        (a, b) = (b, a + b);
    }
}

// 2. A coroutine driven by `send`: `#[resume]` binds the first value sent, and every
//    `yield_!` evaluates to the next one.

/// The running average of the numbers sent in; a negative number ends it, and the coroutine
/// returns how many numbers it averaged.
#[coro::coroutine(yield = f64)]
#[allow(clippy::cast_precision_loss, reason = "counts stay far below 2^52")]
fn averager(#[resume] first: f64) -> usize {
    let (mut total, mut count, mut x) = (0.0, 0usize, first);
    while x >= 0.0 {
        total += x;
        count += 1;
        x = yield_!(total / count as f64);
    }
    count
}

// 3. Delegation: `yield_from!` passes the sub-coroutine's yields out and evaluates to what it
//    returns.

/// Counts down from `n` to 1, then returns a word.
#[coro::coroutine(yield = u32)]
fn countdown(n: u32) -> &'static str {
    for i in (1..=n).rev() {
        yield_!(i);
    }
    "liftoff"
}

/// Two countdowns in a row; returns the total length of their words.
#[coro::coroutine(yield = u32)]
fn two_countdowns() -> usize {
    let a = yield_from!(countdown(3));
    println!("    countdown(3) returned {a:?}");
    let b = yield_from!(countdown(2));
    println!("    countdown(2) returned {b:?}");
    a.len() + b.len()
}

// 4. Recursion: the opaque type of a coroutine cannot contain itself, a box of it can.

/// A binary tree.
enum Tree<T> {
    Leaf,
    Node(Box<Tree<T>>, T, Box<Tree<T>>),
}

impl<T> Tree<T> {
    fn node(left: Tree<T>, value: T, right: Tree<T>) -> Self {
        Tree::Node(Box::new(left), value, Box::new(right))
    }

    fn leaf(value: T) -> Self {
        Tree::node(Tree::Leaf, value, Tree::Leaf)
    }
}

/// Yields references to the values of `tree`, in order.
#[allow(
    clippy::elidable_lifetime_names,
    reason = "the same `'a` as in the nested coroutine's `yield = &'a T`"
)]
fn in_order<'a, T>(tree: &'a Tree<T>) -> coro::BoxCoroutine<'a, (), &'a T, ()> {
    #[coro::coroutine(yield = &'a T)]
    fn walk<'a, T>(tree: &'a Tree<T>) {
        if let Tree::Node(left, value, right) = tree {
            yield_from!(in_order(left));
            yield_!(value);
            yield_from!(in_order(right));
        }
    }
    walk(tree).boxed()
}

// 5. `?` completes the coroutine with the error; `try_iter()` turns a generator returning
//    `Result<(), E>` into an iterator of `Result<Y, E>`.

/// Parses each word as a number, stopping at the first that is not one.
#[coro::coroutine(yield = i64)]
fn parse_all<'a>(words: &'a [&'a str]) -> Result<(), std::num::ParseIntError> {
    for word in words {
        yield_!(word.parse()?);
    }
    Ok(())
}

fn main() {
    println!("1. fib() is an Iterator:");
    let first_ten: Vec<u64> = fib().take(10).collect();
    println!("    fib().take(10) = {first_ten:?}");
    let big = fib().find(|&x| x > 1_000_000).unwrap_or_default();
    println!("    first Fibonacci number above a million: {big}");

    println!("\n2. averager() is driven by send:");
    let mut avg = averager();
    for x in [10.0, 20.0, 60.0, -1.0] {
        println!("    send({x:?}) -> {:?}", avg.send(x));
    }

    println!("\n3. two_countdowns() delegates with yield_from!:");
    let mut both = two_countdowns();
    loop {
        match both.send(()) {
            CoroutineState::Yielded(i) => println!("    yielded {i}"),
            CoroutineState::Complete(total) => {
                println!("    returned {total} (\"liftoff\".len() * 2)");
                break;
            }
        }
    }

    println!("\n4. in_order() walks a binary tree recursively through boxed():");
    //        4
    //      /   \
    //     2     6
    //    / \   / \
    //   1   3 5   7
    let tree = Tree::node(
        Tree::node(Tree::leaf(1), 2, Tree::leaf(3)),
        4,
        Tree::node(Tree::leaf(5), 6, Tree::leaf(7)),
    );
    let mut walk = in_order(&tree);
    let mut seen = Vec::new();
    while let CoroutineState::Yielded(value) = walk.send(()) {
        seen.push(*value);
    }
    println!("    in-order: {seen:?}");

    println!("\n5. `?` in a fallible generator, read through try_iter():");
    let good: Result<Vec<i64>, _> = parse_all(&["1", "2", "3"]).try_iter().collect();
    println!("    [\"1\", \"2\", \"3\"] -> {good:?}");
    let bad: Vec<_> = parse_all(&["1", "two", "3"]).try_iter().collect();
    println!("    [\"1\", \"two\", \"3\"] -> {bad:?}");

    println!("\n6. Debug shows where a coroutine stands:");
    let mut g = countdown(2);
    println!("    created:    {g:?}");
    g.send(());
    println!("    resumed:    {g:?}");
    while let CoroutineState::Yielded(_) = g.send(()) {}
    println!("    finished:   {g:?}");
}
