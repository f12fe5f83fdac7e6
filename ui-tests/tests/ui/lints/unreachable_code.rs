// Code after a `return` in a body that suspends is reported as unreachable, at the user's
// tokens, as in a plain function.
#![deny(unreachable_code)]

#[coro::coroutine(yield = u32)]
fn numbers() -> u32 {
    yield_!(1);
    return 2;
    yield_!(3);
    4
}

fn main() {
    let _ = numbers();
}
