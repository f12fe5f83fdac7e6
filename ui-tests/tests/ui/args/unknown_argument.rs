// A misspelt argument gets a "did you mean" hint.
use coro::prelude::*;

#[coro::coroutine(yeild = u32)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
