// Yielding a borrow of the coroutine's own local: the borrow would outlive the resumption.
use coro::prelude::*;

#[coro::coroutine(yield = &'static u32)]
fn firsts() {
    let v = vec![1, 2];
    yield_!(&v[0]);
}

fn main() {
    let _ = firsts().count();
}
