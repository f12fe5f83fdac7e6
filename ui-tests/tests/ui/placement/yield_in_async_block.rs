// An `async` block is a separate future: it cannot suspend the coroutine around it.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn spawn_like() {
    let fut = async {
        yield_!(1);
    };
    drop(fut);
}

fn main() {
    let _ = spawn_like();
}
