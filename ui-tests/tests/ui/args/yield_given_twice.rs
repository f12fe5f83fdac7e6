// `yield = ..` may be given once.
use coro::prelude::*;

#[coro::coroutine(yield = u32, yield = u64)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
