// A `#[resume]` parameter has no default value: the first value sent binds it.
use coro::prelude::*;

#[coro::coroutine(yield = i64)]
fn total(#[resume = 0] x: i64) {
    let mut sum = x;
    loop {
        sum += yield_!(sum);
    }
}

fn main() {
    let mut g = total();
    let _ = g.send(1);
}
