// A nested `fn` is an item of its own: it is not rewritten with the coroutine around it.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn outer() {
    fn helper() {
        yield_!(1);
    }
    helper();
    yield_!(2);
}

fn main() {
    let _ = outer();
}
