//! Coroutines written in an edition-2021 crate. Edition 2021 differs where the attribute is
//! most exposed: `impl Trait` in return position captures only the lifetimes it names, so a
//! coroutine borrowing through an elided lifetime (`&str`, `&self`, `&[T]`, `'_` in a path) must
//! get a return type that names that lifetime, and `gen` is not yet a keyword.
use coro::prelude::*;
use std::collections::HashMap;
use std::fmt::Display;

fn run<G>(mut g: G) -> (Vec<G::Yield>, G::Return)
where
    G: Coroutine + Unpin,
{
    let mut yields = Vec::new();
    loop {
        match g.send(()) {
            CoroutineState::Yielded(y) => yields.push(y),
            CoroutineState::Complete(r) => return (yields, r),
        }
    }
}

#[coro::coroutine(yield = &str)]
fn words(s: &str) {
    for w in s.split_whitespace() {
        yield_!(w);
    }
}

#[test]
fn elided_lifetime_of_a_str_parameter() {
    let text = String::from("the quick fox");
    let found: Vec<&str> = words(&text).collect();
    assert_eq!(found, ["the", "quick", "fox"]);
}

#[coro::coroutine(yield = u32)]
fn copy_into(xs: &[u32], m: &mut Vec<u32>) -> usize {
    for &x in xs {
        m.push(x);
        yield_!(x * 10);
    }
    m.len()
}

#[test]
fn two_elided_lifetimes_shared_and_mutable() {
    let xs = [1, 2, 3];
    let mut m = vec![0];
    let (yields, len) = run(copy_into(&xs, &mut m));
    assert_eq!(yields, [10, 20, 30]);
    assert_eq!(len, 4);
    assert_eq!(m, [0, 1, 2, 3]);
}

#[coro::coroutine(yield = u32)]
fn from_iter_ref(it: std::slice::Iter<'_, u32>) -> u32 {
    let mut total = 0;
    for &x in it {
        total += x;
        yield_!(total);
    }
    total
}

#[test]
fn anonymous_lifetime_in_a_path() {
    let v = [1, 2, 3];
    assert_eq!(run(from_iter_ref(v.iter())), (vec![1, 3, 6], 6));
}

#[coro::coroutine(yield = String)]
fn labelled(items: impl IntoIterator<Item = u32>, label: impl Display) {
    for x in items {
        yield_!(format!("{label}{x}"));
    }
}

#[coro::coroutine(yield = &'a u32)]
fn borrowed_items<'a>(items: impl Iterator<Item = &'a u32>) {
    for x in items {
        yield_!(x);
    }
}

#[test]
fn impl_trait_arguments() {
    let got: Vec<String> = labelled(vec![1, 2], "#").collect();
    assert_eq!(got, ["#1", "#2"]);

    let v = [4, 5];
    let got: Vec<u32> = borrowed_items(v.iter()).copied().collect();
    assert_eq!(got, [4, 5]);
}

#[coro::coroutine(yield = (&K, &V))]
fn sorted_entries<K: Ord, V>(map: &HashMap<K, V>) -> usize {
    let mut entries: Vec<(&K, &V)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let n = entries.len();
    for e in entries {
        yield_!(e);
    }
    n
}

#[coro::coroutine(yield = T)]
fn cycle<T: Clone>(items: &[T], rounds: usize) {
    for _ in 0..rounds {
        for x in items {
            yield_!(x.clone());
        }
    }
}

#[test]
fn generics_with_borrowed_parameters() {
    let map: HashMap<&str, u32> = [("b", 2), ("a", 1)].into_iter().collect();
    let (entries, n) = run(sorted_entries(&map));
    assert_eq!(entries, [(&"a", &1), (&"b", &2)]);
    assert_eq!(n, 2);

    let got: String = cycle(&['x', 'y'], 2).collect();
    assert_eq!(got, "xyxy");
}

struct Bag {
    items: Vec<u32>,
}

impl Bag {
    #[coro::coroutine(yield = &u32)]
    fn iter(&self) {
        for x in &self.items {
            yield_!(x);
        }
    }

    #[coro::coroutine(yield = u32)]
    fn take_over(&mut self, limit: u32) -> usize {
        let mut taken = 0;
        while let Some(x) = self.items.pop() {
            if x > limit {
                self.items.push(x);
                break;
            }
            taken += 1;
            yield_!(x);
        }
        taken
    }

    #[coro::coroutine(yield = u32)]
    fn scaled(&self, #[resume] first: u32) -> u32 {
        let mut factor = first;
        for x in &self.items {
            factor = yield_!(x * factor);
        }
        factor
    }
}

#[test]
fn methods_borrowing_self() {
    let mut bag = Bag {
        items: vec![9, 1, 2],
    };
    let seen: Vec<u32> = bag.iter().copied().collect();
    assert_eq!(seen, [9, 1, 2]);

    assert_eq!(run(bag.take_over(5)), (vec![2, 1], 2));
    assert_eq!(bag.items, [9]);

    let mut s = bag.scaled();
    assert_eq!(s.send(3), CoroutineState::Yielded(27));
    assert_eq!(s.send(4), CoroutineState::Complete(4));
}

struct Parser<'a> {
    src: &'a str,
}

impl<'a> Parser<'a> {
    #[coro::coroutine(yield = &'a str)]
    fn tokens(&self) -> usize {
        let mut n = 0;
        for t in self.src.split(',') {
            let t = t.trim();
            if !t.is_empty() {
                n += 1;
                yield_!(t);
            }
        }
        n
    }

    #[coro::coroutine(yield = &'a str)]
    fn tokens_from(&self, skip: &str) {
        for t in self.src.split(',').map(str::trim) {
            if t != skip {
                yield_!(t);
            }
        }
    }
}

#[test]
fn methods_on_a_struct_with_a_lifetime() {
    let src = String::from("a, b,, c");
    // The tokens borrow from `src`, not from the parser: they outlive it.
    let tokens: Vec<&str> = {
        let p = Parser { src: &src };
        let (tokens, _) = run(p.tokens());
        tokens
    };
    assert_eq!(tokens, ["a", "b", "c"]);

    let p = Parser { src: &src };
    let (yields, n) = run(p.tokens());
    assert_eq!(yields, ["a", "b", "c"]);
    assert_eq!(n, 3);

    let skip = String::from("b");
    let rest: Vec<&str> = p.tokens_from(&skip).collect();
    assert_eq!(rest, ["a", "", "c"]);
}

#[coro::coroutine(yield = u32)]
fn gen_is_an_identifier(gen: u32) {
    let r#async = gen + 1;
    yield_!(gen);
    yield_!(r#async);
}

#[coro::coroutine(yield = u32)]
fn delegate(xs: &[u32]) -> usize {
    let n = yield_from!(copy_twice(xs));
    yield_from!(coro::from_iter(xs.iter().copied()));
    n
}

#[coro::coroutine(yield = u32)]
fn copy_twice(xs: &[u32]) -> usize {
    for &x in xs {
        yield_!(x);
        yield_!(x);
    }
    xs.len() * 2
}

#[test]
fn edition_2021_identifiers_and_delegation() {
    assert_eq!(gen_is_an_identifier(1).collect::<Vec<_>>(), [1, 2]);
    let xs = vec![7, 8];
    assert_eq!(run(delegate(&xs)), (vec![7, 7, 8, 8, 7, 8], 4));
}
