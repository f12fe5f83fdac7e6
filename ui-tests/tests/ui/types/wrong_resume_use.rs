// What `yield_!` evaluates to has the resume type.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn echo(#[resume] first: u32) {
    let next: String = yield_!(first);
    drop(next);
}

fn main() {
    let _ = echo();
}
