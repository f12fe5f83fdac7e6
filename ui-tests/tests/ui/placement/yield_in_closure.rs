// A closure is not part of the state machine: it cannot suspend the coroutine around it.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn each(xs: Vec<u32>) {
    xs.into_iter().for_each(|x| {
        yield_!(x);
    });
}

fn main() {
    let _ = each(vec![1, 2]);
}
