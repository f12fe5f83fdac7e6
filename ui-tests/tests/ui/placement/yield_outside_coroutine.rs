// `yield_!` in a plain function: no `#[coro::coroutine]` rewrites it.
use coro::prelude::*;

fn plain() -> u32 {
    yield_!(1);
    2
}

fn main() {
    let _ = plain();
}
