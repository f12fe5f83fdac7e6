// In an async coroutine, `yield_from!` needs an async delegate: the error says how to wrap a
// synchronous one.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
async fn numbers() {
    yield_from!(coro::from_iter([1, 2]));
}

fn main() {
    let _ = numbers();
}
