// A coroutine without a `#[resume]` parameter is resumed with `()`; it cannot be sent a value.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let mut g = numbers();
    let _ = g.send(5);
}
