// A delegate must take the outer coroutine's resume values: `yield_from!` passes every value
// sent to the outer coroutine on to it.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn lengths(#[resume] first: String) -> usize {
    let second = yield_!(1);
    first.len() + second.len()
}

#[coro::coroutine(yield = u32)]
fn outer(#[resume] x: i64) -> usize {
    let n = yield_from!(lengths(), x);
    n
}

fn main() {
    let mut g = outer();
    let _ = g.send(1);
}
