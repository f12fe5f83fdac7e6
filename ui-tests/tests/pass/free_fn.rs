// Free functions of every visibility, with and without yield type, resume parameter and return.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn private(n: u32) {
    for i in 0..n {
        yield_!(i);
    }
}

#[coro::coroutine(yield = u32)]
pub fn public(n: u32) -> u32 {
    yield_!(n);
    n + 1
}

#[coro::coroutine(yield = u32)]
pub(crate) fn crate_visible(#[resume] first: u32) -> u32 {
    let second = yield_!(first);
    first + second
}

#[coro::coroutine]
fn no_yield_type() -> &'static str {
    yield_!();
    "done"
}

mod inner {
    use coro::prelude::*;

    #[coro::coroutine(yield = u8)]
    pub(super) fn restricted() {
        yield_!(1);
    }
}

fn main() {
    assert_eq!(private(3).collect::<Vec<_>>(), [0, 1, 2]);

    let mut p = public(4);
    assert_eq!(p.send(()), CoroutineState::Yielded(4));
    assert_eq!(p.send(()), CoroutineState::Complete(5));

    let mut c = crate_visible();
    assert_eq!(c.send(2), CoroutineState::Yielded(2));
    assert_eq!(c.send(3), CoroutineState::Complete(5));

    let mut u = no_yield_type();
    assert_eq!(u.send(()), CoroutineState::Yielded(()));
    assert_eq!(u.send(()), CoroutineState::Complete("done"));

    assert_eq!(inner::restricted().collect::<Vec<_>>(), [1]);
}
