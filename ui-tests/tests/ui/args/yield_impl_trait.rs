// The yield type must be named: `impl Trait` only works in a function's signature.
use std::fmt::Display;

#[coro::coroutine(yield = impl Display)]
fn labels() {
    yield_!(1);
}

fn main() {
    let _ = labels();
}
