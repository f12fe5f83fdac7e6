// Named and elided lifetimes: borrowed parameters may be held and yielded.
use coro::prelude::*;

#[coro::coroutine(yield = &'a str)]
fn words<'a>(s: &'a str) {
    for w in s.split_whitespace() {
        yield_!(w);
    }
}

#[coro::coroutine(yield = &str)]
fn lines(s: &str) -> usize {
    let mut n = 0;
    for l in s.lines() {
        n += 1;
        yield_!(l);
    }
    n
}

#[coro::coroutine(yield = &'a u32)]
fn longer<'a, 'b: 'a>(a: &'a [u32], b: &'b [u32]) {
    for x in a.iter().chain(b) {
        yield_!(x);
    }
}

struct Parser<'a> {
    src: &'a str,
}

impl<'a> Parser<'a> {
    #[coro::coroutine(yield = &'a str)]
    fn tokens(&self) {
        for t in self.src.split(',') {
            yield_!(t.trim());
        }
    }
}

fn main() {
    let text = String::from("one two");
    assert_eq!(words(&text).collect::<Vec<_>>(), ["one", "two"]);

    let mut l = lines("a\nb");
    assert_eq!(l.send(()), CoroutineState::Yielded("a"));
    assert_eq!(l.send(()), CoroutineState::Yielded("b"));
    assert_eq!(l.send(()), CoroutineState::Complete(2));

    let a = [1];
    let b = [2];
    assert_eq!(longer(&a, &b).copied().collect::<Vec<_>>(), [1, 2]);

    let src = String::from("x, y");
    let tokens: Vec<&str> = {
        let p = Parser { src: &src };
        p.tokens().collect()
    };
    assert_eq!(tokens, ["x", "y"]);
}
