// A constant is evaluated at compile time: it cannot suspend.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn constant() {
    const N: u32 = yield_!(1);
    yield_!(N);
}

fn main() {
    let _ = constant();
}
