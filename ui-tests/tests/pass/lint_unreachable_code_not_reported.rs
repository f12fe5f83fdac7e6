// Documents a limit: code after a `return` in a body that suspends is not reported as
// unreachable. The rewrite cuts the body at its suspension points and leaves out the code that no
// path reaches, so rustc never sees it (nor checks its types).
#![deny(unreachable_code)]

#[coro::coroutine(yield = u32)]
fn numbers() -> u32 {
    yield_!(1);
    return 2;
    yield_!(3);
    4
}

fn main() {
    let mut g = numbers();
    assert_eq!(coro::CoroutineExt::send(&mut g, ()), coro::CoroutineState::Yielded(1));
    assert_eq!(coro::CoroutineExt::send(&mut g, ()), coro::CoroutineState::Complete(2));
}
