// The tail expression must have the declared return type; the error points at it.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn numbers() -> u32 {
    yield_!(1);
    "done"
}

fn main() {
    let _ = numbers();
}
