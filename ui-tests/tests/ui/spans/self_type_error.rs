// A type error involving `self` in a method body points at the user's `self`.
use coro::prelude::*;

struct Counter(u32);

impl Counter {
    #[coro::coroutine(yield = u32)]
    fn count(&self) {
        let n: String = self.0;
        yield_!(1);
        drop(n);
    }
}

fn main() {
    let _ = Counter(1).count();
}
