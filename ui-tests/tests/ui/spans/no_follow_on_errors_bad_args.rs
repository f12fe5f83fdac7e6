// A bad attribute argument leaves the function usable: only the macro's error appears.
use coro::prelude::*;

#[coro::coroutine(yeild = u32)]
fn numbers(n: u32) -> usize {
    yield_!(n);
    1
}

fn main() {
    let _ = numbers(3);
}
