// A sub-coroutine must yield the outer coroutine's yield type.
use coro::prelude::*;

#[coro::coroutine(yield = &'static str)]
fn words() {
    yield_!("a");
}

#[coro::coroutine(yield = u32)]
fn numbers() {
    yield_from!(words());
}

fn main() {
    let _ = numbers();
}
