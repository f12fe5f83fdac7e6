// A `mut` that is not needed, on a local used between two suspension points.
#![deny(unused_mut)]

#[coro::coroutine(yield = u32)]
fn numbers() {
    yield_!(1);
    let mut n = 2;
    yield_!(n);
}

fn main() {
    let _ = numbers();
}
