// A value assigned and never read is reported, across suspension points as in a plain function.
#![deny(unused_assignments)]

#[coro::coroutine(yield = u32)]
fn numbers() {
    let mut n = 1;
    yield_!(n);
    n = 2;
    yield_!(3);
}

fn main() {
    let _ = numbers();
}
