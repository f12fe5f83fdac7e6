// A coroutine with a resume parameter and a return value keeps its protocol after an error:
// only the macro's error appears, none from `main`.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn adder(#[resume] first: u32) -> u64 {
    let second = yield_!(first);
    let total = || yield_!(second);
    u64::from(total())
}

fn main() {
    let mut g = adder();
    match g.send(1) {
        CoroutineState::Yielded(y) => {
            let _: u32 = y;
        }
        CoroutineState::Complete(r) => {
            let _: u64 = r;
        }
    }
}
