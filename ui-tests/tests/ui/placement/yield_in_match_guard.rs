// A suspension in a `match` guard is refused with a hint to compute the value first.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn guarded(#[resume] _first: bool, n: u32) {
    match n {
        0 if yield_!(0) => {}
        _ => {}
    }
}

fn main() {
    let _ = guarded(1);
}
