// A method that does not exist on a kept parameter is reported at the call.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn numbers(v: Vec<u32>) {
    yield_!(1);
    yield_!(v.no_such_method());
}

fn main() {
    let _ = numbers(vec![]);
}
