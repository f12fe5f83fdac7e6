// A coroutine cannot be built in a const context.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
const fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
