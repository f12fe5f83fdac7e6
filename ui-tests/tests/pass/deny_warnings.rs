// A coroutine written cleanly produces no warning that the same code in a plain function would
// not: guards named with a leading `_`, a `mut` local assigned after a suspension point, a
// resume value, a delegate and `?`, all under `#![deny(warnings)]`.
#![deny(warnings)]

use std::sync::Mutex;

use coro::{CoroutineExt, CoroutineState};

static LOCK: Mutex<()> = Mutex::new(());

#[coro::coroutine(yield = u32)]
fn inner(#[resume] first: u32) -> u32 {
    let second = yield_!(first);
    first + second
}

#[coro::coroutine(yield = u32)]
fn outer(#[resume] first: u32, words: Vec<&'static str>) -> Result<u32, std::num::ParseIntError> {
    let _guard = LOCK.lock();
    let mut total = first;
    for w in words {
        let n: u32 = w.parse()?;
        total += yield_!(n);
    }
    let mut last = 0;
    last += yield_from!(inner(), total);
    Ok(last)
}

fn main() {
    let mut g = outer(vec!["7"]);
    assert_eq!(g.send(1), CoroutineState::Yielded(7));
    assert_eq!(g.send(2), CoroutineState::Yielded(3));
    assert_eq!(g.send(4), CoroutineState::Complete(Ok(7)));
}
