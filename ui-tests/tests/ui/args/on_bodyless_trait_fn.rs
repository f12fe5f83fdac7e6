// A function without a body cannot be a coroutine.
use coro::prelude::*;

trait Source {
    #[coro::coroutine(yield = u32)]
    fn numbers(&self);
}

fn main() {}
