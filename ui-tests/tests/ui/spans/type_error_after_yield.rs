// A type error after a suspension point points at the user's line too.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn numbers(n: u32) {
    yield_!(n);
    let s: String = n;
    drop(s);
}

fn main() {
    let _ = numbers(1);
}
