// The unstable `yield` expression instead of `yield_!`: stable rustc refuses its syntax before
// the macro runs, and the macro says what to write.
#[coro::coroutine(yield = u32)]
fn numbers() {
    yield 1;
}

fn main() {
    let _ = numbers();
}
