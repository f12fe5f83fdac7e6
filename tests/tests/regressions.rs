//! Regression tests named after what they once caught.

use coro::prelude::*;

#[coro::coroutine(yield = u8)]
fn impl_return() -> impl std::fmt::Display {
    yield_!(1);
    5
}

#[test]
fn impl_trait_return_type() {
    let mut g = impl_return();
    assert!(matches!(g.send(()), CoroutineState::Yielded(1)));
    let CoroutineState::Complete(r) = g.send(()) else {
        panic!("expected completion");
    };
    assert_eq!(r.to_string(), "5");
}
