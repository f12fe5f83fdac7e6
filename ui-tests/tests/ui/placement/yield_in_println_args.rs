// A suspension inside the arguments of another macro is refused with a hint to bind it first.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn chatty(#[resume] _first: String) {
    println!("got {}", yield_!(1));
}

fn main() {
    let _ = chatty();
}
