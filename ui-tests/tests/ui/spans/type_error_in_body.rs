// A type error in the body points at the user's line, not at the attribute.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn numbers() {
    let x: u32 = "s";
    yield_!(x);
}

fn main() {
    let _ = numbers();
}
