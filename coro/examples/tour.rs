use coro::prelude::*;

#[coro::coroutine(yield = u64)]
fn fib() {
    let (mut a, mut b) = (0u64, 1u64);
    loop {
        yield_!(a);
        (a, b) = (b, a + b);
    }
}

fn main() {
    let v: Vec<u64> = fib().take(10).collect();
    println!("{v:?}");
}
