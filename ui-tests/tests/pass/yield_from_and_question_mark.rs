// `yield_from!` with a resume value, `coro::from_iter`, and `?` on `Result` and `Option`.
use coro::prelude::*;

#[coro::coroutine(yield = u32)]
fn inner(#[resume] first: u32) -> u32 {
    let second = yield_!(first);
    first + second
}

#[coro::coroutine(yield = u32)]
fn outer(#[resume] first: u32) -> u32 {
    let sum = yield_from!(inner(), first);
    yield_!(sum)
}

#[coro::coroutine(yield = u32)]
fn flattened() {
    yield_from!(coro::from_iter(vec![1, 2]));
    yield_!(3);
}

#[coro::coroutine(yield = u32)]
fn parsed(items: Vec<&'static str>) -> Result<(), std::num::ParseIntError> {
    for s in items {
        yield_!(s.parse()?);
    }
    Ok(())
}

#[coro::coroutine(yield = char)]
fn first_chars(words: Vec<&'static str>) -> Option<usize> {
    let mut n = 0;
    for w in words {
        yield_!(w.chars().next()?);
        n += 1;
    }
    Some(n)
}

fn main() {
    let mut o = outer();
    assert_eq!(o.send(1), CoroutineState::Yielded(1));
    assert_eq!(o.send(2), CoroutineState::Yielded(3));
    assert_eq!(o.send(9), CoroutineState::Complete(9));

    assert_eq!(flattened().collect::<Vec<_>>(), [1, 2, 3]);

    let mut p = parsed(vec!["1", "x"]);
    assert_eq!(p.send(()), CoroutineState::Yielded(1));
    assert!(matches!(p.send(()), CoroutineState::Complete(Err(_))));

    let mut f = first_chars(vec!["ab", "", "c"]);
    assert_eq!(f.send(()), CoroutineState::Yielded('a'));
    assert_eq!(f.send(()), CoroutineState::Complete(None));
}
