// A coroutine can delegate to itself when the recursive call is boxed, as the error for the
// unboxed call says; also as a method, and with a resume value.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn countdown(n: u32) {
    if n > 0 {
        yield_!(n);
        yield_from!(countdown(n - 1).boxed());
    }
}

struct Tree(Vec<Tree>, u32);

impl Tree {
    #[coro::coroutine(yield = u32)]
    fn walk(&self) {
        yield_!(self.1);
        for child in &self.0 {
            yield_from!(child.walk().boxed());
        }
    }
}

#[coro::coroutine(yield = u32)]
fn summed(#[resume] first: u32, depth: u32) -> u32 {
    if depth == 0 {
        return first;
    }
    let got = yield_!(depth);
    first + yield_from!(summed(depth - 1).boxed(), got)
}

fn main() {
    assert_eq!(countdown(3).collect::<Vec<_>>(), [3, 2, 1]);
    let t = Tree(vec![Tree(vec![], 2), Tree(vec![Tree(vec![], 4)], 3)], 1);
    assert_eq!(t.walk().collect::<Vec<_>>(), [1, 2, 3, 4]);
    let mut s = summed(2);
    assert_eq!(s.send(10), CoroutineState::Yielded(2));
    assert_eq!(s.send(20), CoroutineState::Yielded(1));
    assert_eq!(s.send(30), CoroutineState::Complete(60));
}
