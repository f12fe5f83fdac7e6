// With a resume type other than `()`, `yield_from!` needs the first value for the
// sub-coroutine: `yield_from!(sub, first)`.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn inner(#[resume] first: u32) -> u32 {
    first
}

#[coro::coroutine(yield = u32)]
fn outer(#[resume] first: u32) -> u32 {
    let r = yield_from!(inner());
    first + r
}

fn main() {
    let _ = outer();
}
