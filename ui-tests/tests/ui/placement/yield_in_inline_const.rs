// An inline `const` block is evaluated at compile time: it cannot suspend.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn constant() {
    let n = const { yield_!(1) };
    yield_!(n);
}

fn main() {
    let _ = constant();
}
