// `yield_from!` in a plain function: no `#[coro::coroutine]` rewrites it.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn inner() {
    yield_!(1);
}

fn plain() {
    yield_from!(inner());
}

fn main() {
    plain();
}
