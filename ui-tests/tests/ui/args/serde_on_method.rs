// A saved coroutine is restored without a receiver: `serde` goes on free functions.
struct Counter {
    n: u32,
}

impl Counter {
    #[coro::coroutine(yield = u32, serde)]
    fn count(&self) {
        let mut i = 0;
        while i < self.n {
            yield_!(i);
            i += 1;
        }
    }
}

fn main() {
    let c = Counter { n: 2 };
    let _ = c.count();
}
