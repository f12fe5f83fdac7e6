// An unresolved name in the body points at the user's token.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn numbers() {
    yield_!(1);
    yield_!(missing);
}

fn main() {
    let _ = numbers();
}
