// A `serde` coroutine's restorer and inner function are written beside it, which inside an
// `impl` block makes them associated functions the generated calls do not reach.
struct Bytes;

impl Bytes {
    #[coro::coroutine(yield = u8, serde)]
    fn count(n: u8) {
        yield_!(n);
    }
}

fn main() {
    let _ = Bytes::count(1);
}
