// `clone` needs every kept local to be `Clone`; the error names the local.
use coro::prelude::*;

struct Token;

#[coro::coroutine(yield = u32, clone)]
fn numbers() {
    let token = Token;
    yield_!(1);
    drop(token);
}

fn main() {
    let _ = numbers();
}
