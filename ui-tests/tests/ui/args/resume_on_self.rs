// `self` is the receiver of the constructor, never the first resume value.
use coro::prelude::*;

struct Counter(u32);

impl Counter {
    #[coro::coroutine(yield = u32)]
    fn count(#[resume] &self) {
        yield_!(self.0);
    }
}

fn main() {
    let c = Counter(1);
    let _ = c.count();
}
