// After the macro reports an error, the function is still there for its callers: only the
// macro's error appears, none from `main`.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn numbers(n: u32) {
    (0..n).for_each(|i| {
        yield_!(i);
    });
}

fn main() {
    let mut g = numbers(3);
    let _: CoroutineState<u32, ()> = g.send(());
    let all: Vec<u32> = numbers(2).collect();
    assert!(all.is_empty());
}
