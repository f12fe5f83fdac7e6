// Only one parameter can bind the first resume value.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn two(#[resume] a: u32, #[resume] b: u32) {
    let _ = yield_!(a + b);
}

fn main() {
    let _ = two();
}
