// `yield` needs `= Type`.
use coro::prelude::*;

#[coro::coroutine(yield)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
