// A method of a trait impl whose trait returns `impl Trait`.
use coro::prelude::*;

trait Source {
    fn numbers(&self) -> impl Iterator<Item = u32>;
}

struct Upto(u32);

impl Source for Upto {
    #[coro::coroutine(yield = u32)]
    fn numbers(&self) {
        for i in 0..self.0 {
            yield_!(i);
        }
    }
}

fn main() {
    assert_eq!(Upto(3).numbers().collect::<Vec<_>>(), [0, 1, 2]);
}
