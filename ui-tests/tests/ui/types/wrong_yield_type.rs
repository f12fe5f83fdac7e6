// The yielded value must have the declared yield type; the error points at the value.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn numbers() {
    yield_!(1);
    yield_!("two");
}

fn main() {
    let _ = numbers();
}
