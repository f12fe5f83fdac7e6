// Type parameters, const parameters, bounds in angle brackets and `impl Trait` arguments.
use coro::prelude::*;
use std::fmt::Display;

#[coro::coroutine(yield = T)]
fn repeat<T: Clone>(x: T, n: usize) {
    for _ in 0..n {
        yield_!(x.clone());
    }
}

#[coro::coroutine(yield = String)]
fn shown(items: impl IntoIterator<Item = u32>, suffix: impl Display) {
    for x in items {
        yield_!(format!("{x}{suffix}"));
    }
}

#[coro::coroutine(yield = String)]
fn shown_nested(items: impl IntoIterator<Item = impl Display>) {
    for x in items {
        yield_!(x.to_string());
    }
}

#[coro::coroutine(yield = [u8; N])]
fn arrays<const N: usize>(count: u8) {
    for i in 0..count {
        yield_!([i; N]);
    }
}

#[coro::coroutine(yield = I::Item)]
fn every_other<I: Iterator>(mut it: I) -> usize {
    let mut skipped = 0;
    while let Some(x) = it.next() {
        yield_!(x);
        if it.next().is_some() {
            skipped += 1;
        }
    }
    skipped
}

struct Wrapper<T>(Vec<T>);

impl<T: Copy> Wrapper<T> {
    #[coro::coroutine(yield = (usize, T))]
    fn enumerate(&self) {
        for (i, x) in self.0.iter().enumerate() {
            yield_!((i, *x));
        }
    }
}

fn main() {
    assert_eq!(repeat('a', 2).collect::<String>(), "aa");
    assert_eq!(shown([1, 2], '!').collect::<Vec<_>>(), ["1!", "2!"]);
    assert_eq!(shown_nested([1, 2]).collect::<Vec<_>>(), ["1", "2"]);
    assert_eq!(arrays::<2>(2).collect::<Vec<_>>(), [[0, 0], [1, 1]]);

    let mut e = every_other(1..=5);
    let mut seen = vec![];
    let skipped = loop {
        match e.send(()) {
            CoroutineState::Yielded(x) => seen.push(x),
            CoroutineState::Complete(n) => break n,
        }
    };
    assert_eq!(seen, [1, 3, 5]);
    assert_eq!(skipped, 2);

    assert_eq!(
        Wrapper(vec!['x', 'y']).enumerate().collect::<Vec<_>>(),
        [(0, 'x'), (1, 'y')]
    );
}
