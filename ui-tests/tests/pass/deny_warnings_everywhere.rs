// Coroutines using every construct of the body, written as cleanly as plain functions, compile
// without a warning under `#![deny(warnings)]`: neither the state machine nor the lint twin
// (the body checked once more as a plain function) reports anything a plain function would not.
#![deny(warnings, unused_results)]

use std::future::ready;

use coro::{CoroutineExt, CoroutineState, Exit, Resume};

struct Counter {
    n: u32,
}

impl Counter {
    // `&mut self`, a closure capturing `self`, `return` from a nested block.
    #[coro::coroutine(yield = u32)]
    fn up(&mut self, by: u32) -> u32 {
        while self.n < 10 {
            self.n += by;
            let current = || self.n;
            yield_!(current());
            if self.n == 7 {
                return 0;
            }
        }
        self.n
    }

    // `mut self` by value, mutated after a suspension point.
    #[coro::coroutine(yield = u32)]
    fn drain(mut self) {
        while self.n > 0 {
            yield_!(self.n);
            self.n -= 1;
        }
    }
}

// Items, `macro_rules!`, `let`-`else`, labeled `break` with a value, `match` with bindings,
// `while let`, shadowing, a `#[cfg]` suspension point, `impl Trait` and destructured parameters.
#[coro::coroutine(yield = String)]
fn shapes(words: impl IntoIterator<Item = &'static str>, (low, high): (u32, u32)) -> usize {
    const LIMIT: usize = 3;
    fn shout(s: &str) -> String {
        s.to_uppercase()
    }
    macro_rules! twice {
        ($e:expr) => {
            format!("{0}{0}", $e)
        };
    }
    let mut seen = 0;
    let mut it = words.into_iter();
    let found = 'search: loop {
        let Some(w) = it.next() else {
            break 'search None;
        };
        match w.len() {
            0 => continue,
            n if n > LIMIT => {
                yield_!(shout(w));
                seen += 1;
            }
            _ => {
                let w = twice!(w);
                yield_!(w);
            }
        }
        if seen == 2 {
            break 'search Some(w);
        }
    };
    #[cfg(any())]
    yield_!(String::from("never"));
    let mut numbers = vec![low, high].into_iter();
    while let Some(n) = numbers.next() {
        yield_!(n.to_string());
    }
    found.map_or(0, str::len)
}

// A resume value, `?` on the resume value, a delegate.
#[coro::coroutine(yield = u32)]
fn inner(#[resume] first: Resume<u32, String>) -> Result<u32, Exit<String>> {
    let first = first?;
    let second = yield_!(first)?;
    Ok(first + second)
}

#[coro::coroutine(yield = u32)]
fn outer(#[resume] first: Resume<u32, String>) -> Result<u32, Exit<String>> {
    let total = yield_from!(inner(), first)?;
    let (a, b) = (total, yield_!(total)?);
    Ok(a + b)
}

// Lint attributes on parameters reach the twin's stand-ins; a discarded `yield_!` or
// `yield_from!` value is not an unused result.
#[coro::coroutine(yield = u32)]
fn attributed(#[allow(unused_variables)] unused: u32, #[allow(unused_mut)] mut kept: u32) {
    yield_!(kept);
    yield_from!(cloned(1));
}

// The `serde` and `clone` options.
#[coro::coroutine(yield = u32, serde)]
fn saved(n: u32) {
    let mut i = 0;
    while i < n {
        yield_!(i);
        i += 1;
    }
}

#[coro::coroutine(yield = u32, clone)]
fn cloned(mut n: u32) {
    while n > 0 {
        yield_!(n);
        n -= 1;
    }
}

// An async coroutine: `.await`, `yield_!` and `yield_from!` mixed.
#[coro::coroutine(yield = u32)]
async fn ticks(n: u32) -> u32 {
    let mut sum = 0;
    for i in 0..n {
        let d = ready(i * 2).await;
        sum += d;
        yield_!(d);
    }
    sum
}

#[coro::coroutine(yield = u32)]
async fn twice_ticks(n: u32) -> u32 {
    let a = yield_from!(ticks(n));
    let b = yield_from!(ticks(n));
    a + b
}

/// Every value yielded, and the return value.
fn drive<G: coro::Coroutine + Unpin>(mut g: G) -> (Vec<G::Yield>, G::Return) {
    let mut out = Vec::new();
    loop {
        match g.send(()) {
            CoroutineState::Yielded(y) => out.push(y),
            CoroutineState::Complete(r) => return (out, r),
        }
    }
}

fn main() {
    let mut c = Counter { n: 0 };
    assert_eq!(drive(c.up(3)), (vec![3, 6, 9, 12], 12));
    assert_eq!(Counter { n: 2 }.drain().collect::<Vec<_>>(), [2, 1]);

    let (out, r) = drive(shapes(["a", "hello", "", "bb", "world"], (1, 2)));
    assert_eq!(out, ["aa", "HELLO", "bbbb", "WORLD", "1", "2"]);
    assert_eq!(r, 5);

    let mut o = outer();
    assert_eq!(o.send(Resume::Send(1)), CoroutineState::Yielded(1));
    assert_eq!(o.send(Resume::Send(2)), CoroutineState::Yielded(3));
    assert_eq!(o.send(Resume::Send(4)), CoroutineState::Complete(Ok(7)));

    assert_eq!(saved(3).collect::<Vec<_>>(), [0, 1, 2]);
    let mut c = cloned(2);
    assert_eq!(c.next(), Some(2));
    assert_eq!(c.clone().collect::<Vec<_>>(), [1]);

    assert_eq!(attributed(0, 5).collect::<Vec<_>>(), [5, 1]);

    let _ = twice_ticks(2);
}
