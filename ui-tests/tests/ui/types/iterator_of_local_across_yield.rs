// An iterator over a local kept across `yield_!` borrows the coroutine's own state.
use coro::prelude::*;

#[coro::coroutine(yield = char)]
fn letters() {
    let word = String::from("abc");
    let mut it = word.chars();
    while let Some(c) = it.next() {
        yield_!(c);
    }
}

fn main() {
    let _ = letters().collect::<String>();
}
