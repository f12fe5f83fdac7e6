// An argument far from every known one is listed with the known ones.
use coro::prelude::*;

#[coro::coroutine(yield = u32, output = u32)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
