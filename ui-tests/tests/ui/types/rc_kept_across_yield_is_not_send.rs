// A coroutine keeping an `Rc` across a suspension point is not `Send`.
use coro::prelude::*;
use std::rc::Rc;

#[coro::coroutine(yield = u32)]
fn shared() {
    let rc = Rc::new(1);
    yield_!(*rc);
    yield_!(*rc + 1);
}

fn require_send<T: Send>(_: T) {}

fn main() {
    require_send(shared());
}
