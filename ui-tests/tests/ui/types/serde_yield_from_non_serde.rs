// A `yield_from!` delegate is kept across suspension points: in a `serde` coroutine it must be a
// `serde` coroutine itself; the error points at the delegate.
#[coro::coroutine(yield = u32)]
fn countdown(n: u32) {
    let mut i = n;
    while i > 0 {
        yield_!(i);
        i -= 1;
    }
}

#[coro::coroutine(yield = u32, serde)]
fn launch() {
    yield_from!(countdown(3));
}

fn main() {
    let _ = launch();
}
