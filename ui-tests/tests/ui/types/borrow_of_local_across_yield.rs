// A borrow of the coroutine's own local cannot be held across a suspension point.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn elements() {
    let v = vec![1];
    for x in &v {
        yield_!(*x);
    }
}

fn main() {
    let _ = elements();
}
