// A `#[cfg]` on a `let` in a coroutine body is refused at the attribute, with the way to write it.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn numbers() -> u32 {
    let n = 1;
    yield_!(n);
    #[cfg(any())]
    let n = 300;
    n
}

fn main() {
    let _ = numbers();
}
