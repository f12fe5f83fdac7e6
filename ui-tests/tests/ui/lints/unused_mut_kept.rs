// A `mut` that is not needed is reported also on a local kept across a suspension point.
#![deny(unused_mut)]

#[coro::coroutine(yield = u32)]
fn numbers() {
    let mut n = 2;
    yield_!(1);
    yield_!(n);
}

fn main() {
    let _ = numbers();
}
