//! The example of the contract, verbatim.
use coro::prelude::*;

/// A generator: no resume value, returns (). It is also an Iterator.
#[coro::coroutine(yield = u64)]
fn fib() {
    let (mut a, mut b) = (0u64, 1u64);
    loop {
        yield_!(a);
        (a, b) = (b, a + b);
    }
}

/// A coroutine in the Python sense: values come in by `send`, a result goes out by `return`.
#[allow(
    clippy::cast_precision_loss,
    reason = "the contract's text, kept verbatim; the counts here are tiny"
)]
#[coro::coroutine(yield = f64)]
fn averager(#[resume] first: f64) -> usize {
    let (mut total, mut count, mut x) = (0.0, 0usize, first);
    while x >= 0.0 {
        total += x;
        count += 1;
        x = yield_!(total / count as f64); // yield a value, receive the next one
    }
    count
}

/// Delegation (PEP 380 `yield from`): yields pass out, sends pass in, the result comes back.
#[coro::coroutine(yield = u32)]
fn countdown(n: u32) -> &'static str {
    for i in (1..=n).rev() {
        yield_!(i);
    }
    "liftoff"
}

#[coro::coroutine(yield = u32)]
fn two_countdowns() -> usize {
    let a = yield_from!(countdown(3));
    let b = yield_from!(countdown(2));
    a.len() + b.len()
}

#[test]
fn spec_example() {
    let first_ten: Vec<u64> = fib().take(10).collect();
    assert_eq!(first_ten[9], 34);

    let mut avg = averager(); // `#[resume]` is no constructor argument
    assert_eq!(avg.send(10.0), CoroutineState::Yielded(10.0)); // binds `first`
    assert_eq!(avg.send(20.0), CoroutineState::Yielded(15.0)); // value of the first `yield_!`
    assert_eq!(avg.send(-1.0), CoroutineState::Complete(2));

    let mut both = two_countdowns();
    let mut seen = vec![];
    while let CoroutineState::Yielded(i) = both.send(()) {
        seen.push(i);
    }
    assert_eq!(seen, [3, 2, 1, 2, 1]);
}
