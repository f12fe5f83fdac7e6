// A `loop` without a `break` never ends, so what follows it is unreachable.
#![deny(unreachable_code)]

#[coro::coroutine(yield = u32)]
fn forever() {
    let mut n = 0;
    loop {
        n += 1;
        yield_!(n);
    }
    yield_!(0);
}

fn main() {
    let _ = forever();
}
