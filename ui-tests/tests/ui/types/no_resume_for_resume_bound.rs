// A coroutine without a `#[resume]` parameter is resumed with `()`, so it does not meet a bound
// asking for a coroutine resumed with another type.
use coro::Coroutine;

#[coro::coroutine(yield = u32)]
fn numbers() {
    yield_!(1);
}

fn drive(g: impl Coroutine<i64, Yield = u32>) {
    drop(g);
}

fn main() {
    drive(numbers());
}
