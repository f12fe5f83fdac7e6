// A reference to a local kept in a `let` is refused like the `for` loop over it.
use coro::prelude::*;

#[coro::coroutine(yield = usize)]
fn lengths() {
    let s = String::from("abc");
    let r = &s;
    yield_!(1);
    yield_!(r.len());
}

fn main() {
    let _ = lengths();
}
