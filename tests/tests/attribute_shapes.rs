//! Where the attribute goes: free functions, methods with every receiver, trait impls,
//! generics, lifetimes, `where` clauses, `impl Trait` arguments and any visibility.

mod common;

use coro::prelude::*;

use common::drain;

#[coro::coroutine(yield = u32)]
fn free_fn(n: u32) -> u32 {
    for i in 0..n {
        yield_!(i);
    }
    n * 10
}

#[test]
fn free_function() {
    assert_eq!(drain(free_fn(3)), (vec![0, 1, 2], 30));
}

#[allow(
    unreachable_pub,
    reason = "plain `pub` is one of the visibilities under test"
)]
mod outer {
    pub mod inner {
        // No `use coro::prelude::*` here: it would be reported unused (wip/bugs/unused-prelude-import.rs).
        #[coro::coroutine(yield = &'static str)]
        pub fn public() {
            yield_!("pub");
        }

        #[coro::coroutine(yield = &'static str)]
        pub(crate) fn crate_visible() {
            yield_!("pub(crate)");
        }

        #[coro::coroutine(yield = &'static str)]
        pub(super) fn super_visible() {
            yield_!("pub(super)");
        }

        #[coro::coroutine(yield = &'static str)]
        pub(in crate::outer) fn path_visible() {
            yield_!("pub(in path)");
        }
    }

    pub(crate) fn from_parent() -> Vec<&'static str> {
        inner::super_visible()
            .chain(inner::path_visible())
            .collect()
    }
}

#[test]
fn any_visibility() {
    let got: Vec<_> = outer::inner::public()
        .chain(outer::inner::crate_visible())
        .chain(outer::from_parent())
        .collect();
    assert_eq!(got, ["pub", "pub(crate)", "pub(super)", "pub(in path)"]);
}

#[coro::coroutine]
fn no_yield_type() -> u8 {
    yield_!();
    yield_!(());
    7
}

#[test]
fn yield_type_defaults_to_unit() {
    let mut g = no_yield_type();
    assert_eq!(g.send(()), CoroutineState::Yielded(()));
    assert_eq!(g.send(()), CoroutineState::Yielded(()));
    assert_eq!(g.send(()), CoroutineState::Complete(7));
}

#[coro::coroutine]
fn no_yield_at_all(x: u32) -> u32 {
    x + 1
}

#[test]
fn body_without_suspension_point() {
    let mut g = no_yield_at_all(41);
    assert_eq!(g.send(()), CoroutineState::Complete(42));
}

struct Bag {
    items: Vec<i32>,
    taken: usize,
}

impl Bag {
    #[coro::coroutine(yield = i32)]
    fn into_items(self) -> usize {
        let n = self.items.len();
        for x in self.items {
            yield_!(x);
        }
        n
    }

    #[coro::coroutine(yield = &i32)]
    fn items_elided(&self) {
        for x in &self.items {
            yield_!(x);
        }
    }

    #[coro::coroutine(yield = &'a i32)]
    fn items_named<'a>(&'a self) -> &'a [i32] {
        for x in &self.items {
            yield_!(x);
        }
        &self.items[1..]
    }

    #[coro::coroutine(yield = i32)]
    fn take_each(&mut self) {
        while let Some(x) = self.items.pop() {
            self.taken += 1;
            yield_!(x);
        }
    }

    #[coro::coroutine(yield = i32)]
    fn boxed_self(self: Box<Self>) -> usize {
        for x in self.items.clone() {
            yield_!(x * 2);
        }
        self.taken
    }

    #[coro::coroutine(yield = i32)]
    fn associated(a: i32, b: i32) {
        yield_!(a);
        yield_!(b);
    }
}

#[test]
fn method_by_value_self() {
    let bag = Bag {
        items: vec![1, 2, 3],
        taken: 0,
    };
    assert_eq!(drain(bag.into_items()), (vec![1, 2, 3], 3));
}

#[test]
fn method_by_shared_ref_elided_lifetime() {
    let bag = Bag {
        items: vec![4, 5],
        taken: 0,
    };
    let got: Vec<&i32> = bag.items_elided().collect();
    assert_eq!(got, [&4, &5]);
    // The yielded references point into the bag itself.
    assert!(std::ptr::eq(got[0], &raw const bag.items[0]));
}

#[test]
fn method_by_shared_ref_named_lifetime() {
    let bag = Bag {
        items: vec![7, 8, 9],
        taken: 0,
    };
    let (ys, rest) = drain(bag.items_named());
    assert_eq!(ys, [&7, &8, &9]);
    assert_eq!(rest, [8, 9]);
}

#[test]
fn method_by_mut_ref() {
    let mut bag = Bag {
        items: vec![1, 2, 3],
        taken: 0,
    };
    {
        let mut g = bag.take_each();
        assert_eq!(g.send(()), CoroutineState::Yielded(3));
        assert_eq!(g.send(()), CoroutineState::Yielded(2));
    }
    // Dropped half way: the mutations made so far stay.
    assert_eq!(bag.items, [1]);
    assert_eq!(bag.taken, 2);
}

#[test]
fn method_by_boxed_self() {
    let bag = Box::new(Bag {
        items: vec![1, 2],
        taken: 5,
    });
    assert_eq!(drain(bag.boxed_self()), (vec![2, 4], 5));
}

#[test]
fn associated_function_without_receiver() {
    assert_eq!(Bag::associated(1, 2).collect::<Vec<_>>(), [1, 2]);
}

trait Numbers {
    fn numbers(&self) -> impl Coroutine<(), Yield = u32, Return = usize>;
    fn into_numbers(self) -> impl Coroutine<(), Yield = u32, Return = ()>;
    fn scaled(&mut self, by: u32) -> impl Iterator<Item = u32>;
}

struct Upto(u32);

impl Numbers for Upto {
    #[coro::coroutine(yield = u32)]
    fn numbers(&self) -> usize {
        for i in 0..self.0 {
            yield_!(i);
        }
        self.0 as usize
    }

    #[coro::coroutine(yield = u32)]
    fn into_numbers(self) {
        yield_!(self.0);
    }

    #[coro::coroutine(yield = u32)]
    fn scaled(&mut self, by: u32) {
        while self.0 > 0 {
            self.0 -= 1;
            yield_!(self.0 * by);
        }
    }
}

fn sum_numbers(n: &impl Numbers) -> (u32, usize) {
    let (ys, r) = drain(Box::pin(n.numbers()));
    (ys.iter().sum(), r)
}

#[test]
fn trait_impl_methods() {
    let mut u = Upto(4);
    assert_eq!(sum_numbers(&u), (6, 4));
    let mut g = Box::pin(u.numbers());
    assert_eq!(g.as_mut().resume(()), CoroutineState::Yielded(0));
    drop(g);
    assert_eq!(u.scaled(10).collect::<Vec<_>>(), [30, 20, 10, 0]);
    assert_eq!(u.0, 0);
    assert_eq!(drain(Box::pin(Upto(9).into_numbers())), (vec![9], ()));
}

trait Source {
    type Item;
    fn source(&self) -> impl Coroutine<i32, Yield = Self::Item, Return = i32>;
}

struct Prefix(&'static str);

impl Source for Prefix {
    type Item = String;

    #[coro::coroutine(yield = String)]
    fn source(&self, #[resume] first: i32) -> i32 {
        let mut total = first;
        let mut x = first;
        while x != 0 {
            x = yield_!(format!("{}{x}", self.0));
            total += x;
        }
        total
    }
}

#[test]
fn trait_impl_with_resume_and_associated_type() {
    let p = Prefix("n=");
    let mut g = Box::pin(p.source());
    assert_eq!(
        g.as_mut().resume(3),
        CoroutineState::Yielded("n=3".to_owned())
    );
    assert_eq!(
        g.as_mut().resume(4),
        CoroutineState::Yielded("n=4".to_owned())
    );
    assert_eq!(g.as_mut().resume(0), CoroutineState::Complete(7));
}

#[coro::coroutine(yield = T)]
fn repeat<T: Clone>(x: T, n: usize) -> T {
    for _ in 0..n {
        yield_!(x.clone());
    }
    x
}

#[test]
fn generic_function() {
    assert_eq!(
        drain(repeat(String::from("a"), 2)),
        (vec!["a".to_owned(), "a".to_owned()], "a".to_owned())
    );
    assert_eq!(drain(repeat::<u8>(1, 3)), (vec![1, 1, 1], 1));
}

#[coro::coroutine(yield = (K, V))]
fn pairs<K, V, I>(keys: I, value: V) -> usize
where
    I: IntoIterator<Item = K>,
    V: Copy + core::ops::Add<Output = V>,
{
    let mut n = 0;
    let mut v = value;
    for k in keys {
        yield_!((k, v));
        v = v + value;
        n += 1;
    }
    n
}

#[test]
fn where_clause() {
    let (ys, n) = drain(pairs(["a", "b", "c"], 1.5));
    assert_eq!(ys, [("a", 1.5), ("b", 3.0), ("c", 4.5)]);
    assert_eq!(n, 3);
}

#[coro::coroutine(yield = [u8; N])]
fn chunks<const N: usize>(data: &[u8]) {
    for c in data.chunks_exact(N) {
        let mut a = [0; N];
        a.copy_from_slice(c);
        yield_!(a);
    }
}

#[test]
fn const_generic() {
    let got: Vec<[u8; 2]> = chunks::<2>(&[1, 2, 3, 4, 5]).collect();
    assert_eq!(got, [[1, 2], [3, 4]]);
}

#[coro::coroutine(yield = &'a str)]
fn words<'a>(text: &'a str) -> &'a str {
    let mut last = "";
    for w in text.split_whitespace() {
        last = w;
        yield_!(w);
    }
    last
}

#[test]
fn explicit_lifetime() {
    let text = String::from("the quick fox");
    let (ys, last) = drain(words(&text));
    assert_eq!(ys, ["the", "quick", "fox"]);
    assert_eq!(last, "fox");
}

#[coro::coroutine(yield = char)]
fn upper(text: &str, skip: &[char]) -> usize {
    let mut n = 0;
    for c in text.chars().filter(|c| !skip.contains(c)) {
        n += 1;
        yield_!(c.to_ascii_uppercase());
    }
    n
}

#[test]
fn elided_lifetimes_in_several_parameters() {
    let text = String::from("a-b-c");
    let skip = vec!['-'];
    let g = upper(&text, &skip);
    assert_eq!(drain(g), (vec!['A', 'B', 'C'], 3));
}

#[coro::coroutine(yield = &'b T)]
fn two_lifetimes<'a, 'b, T>(keys: &'a [usize], table: &'b [T]) -> &'a [usize]
where
    'a: 'b,
{
    for &k in keys {
        yield_!(&table[k]);
    }
    keys
}

#[test]
fn lifetime_bounds() {
    let keys = [2, 0];
    let table = ["x", "y", "z"];
    let (ys, ks) = drain(two_lifetimes(&keys, &table));
    assert_eq!(ys, [&"z", &"x"]);
    assert_eq!(ks, [2, 0]);
}

#[coro::coroutine(yield = u32)]
fn evens(it: impl Iterator<Item = u32>, f: impl Fn(u32) -> u32) -> u32 {
    let mut count = 0;
    for x in it.filter(|x| x % 2 == 0) {
        count += 1;
        yield_!(f(x));
    }
    count
}

#[test]
fn impl_trait_arguments() {
    let k = 100;
    let g = evens(1..=6, move |x| x + k);
    assert_eq!(drain(g), (vec![102, 104, 106], 3));
}

#[coro::coroutine(yield = u32)]
fn patterns_in_parameters((a, b): (u32, u32), [c, ..]: [u32; 3], mut d: u32) -> u32 {
    yield_!(a);
    yield_!(b);
    yield_!(c);
    d += 1;
    d
}

#[test]
fn parameter_patterns_and_mut() {
    assert_eq!(
        drain(patterns_in_parameters((1, 2), [3, 4, 5], 9)),
        (vec![1, 2, 3], 10)
    );
}

struct Wrapper<T>(Vec<T>);

impl<T: Copy + core::fmt::Debug> Wrapper<T> {
    #[coro::coroutine(yield = T)]
    fn rev(&self) -> Option<T> {
        for x in self.0.iter().rev() {
            yield_!(*x);
        }
        self.0.first().copied()
    }

    #[coro::coroutine(yield = (T, U))]
    fn zip_with<U: Copy>(&self, other: &[U]) {
        for (a, b) in self.0.iter().zip(other) {
            yield_!((*a, *b));
        }
    }
}

#[test]
fn methods_of_generic_impl() {
    let w = Wrapper(vec!['a', 'b']);
    assert_eq!(drain(w.rev()), (vec!['b', 'a'], Some('a')));
    let got: Vec<_> = w.zip_with(&[1, 2, 3]).collect();
    assert_eq!(got, [('a', 1), ('b', 2)]);
}

#[coro::coroutine(yield = u8)]
fn generic_return<T: Default + From<u8>>() -> T {
    yield_!(1);
    T::from(5)
}

#[test]
fn generic_return_type() {
    assert_eq!(drain(generic_return::<u64>()), (vec![1], 5_u64));
    assert_eq!(drain(generic_return::<f32>()), (vec![1], 5.0_f32));
}

/// Documented, with other attributes next to the coroutine one.
#[inline]
#[allow(
    clippy::unused_unit,
    reason = "the attribute must pass other attributes through"
)]
#[coro::coroutine(yield = i8)]
#[must_use]
fn with_other_attributes() {
    yield_!(-1);
}

#[test]
fn other_attributes_pass_through() {
    assert_eq!(with_other_attributes().collect::<Vec<_>>(), [-1]);
}

#[test]
fn nested_in_a_function_body() {
    #[coro::coroutine(yield = usize)]
    fn local(n: usize) {
        yield_!(n);
    }
    assert_eq!(local(3).collect::<Vec<_>>(), [3]);
}

#[coro::coroutine(yield = &str)]
fn fields(line: &str) -> usize {
    let mut n = 0;
    for f in line.split(',') {
        n += 1;
        yield_!(f.trim());
    }
    n
}

#[test]
fn elided_lifetime_in_yield_type_of_free_fn() {
    let line = String::from("a, b ,c");
    assert_eq!(drain(fields(&line)), (vec!["a", "b", "c"], 3));
}

#[derive(Debug, Clone, PartialEq)]
struct Half(u8);

impl Half {
    #[coro::coroutine(yield = Self)]
    fn halves(&self) -> Self {
        let mut v = self.0;
        while v > 1 {
            v /= 2;
            yield_!(Self(v));
        }
        Half(self.0 * 2)
    }
}

#[test]
fn self_type_in_yield_and_return_types() {
    assert_eq!(
        drain(Half(8).halves()),
        (vec![Half(4), Half(2), Half(1)], Half(16))
    );
}

trait Defaulted {
    fn n(&self) -> u32;

    #[coro::coroutine(yield = u32)]
    fn up_to(&self) {
        for i in 0..self.n() {
            yield_!(i);
        }
    }
}

struct Three;

impl Defaulted for Three {
    fn n(&self) -> u32 {
        3
    }
}

#[test]
fn default_method_of_a_trait() {
    assert_eq!(Three.up_to().collect::<Vec<_>>(), [0, 1, 2]);
}

enum Parts {
    Pair(String, u8),
    Bytes(Vec<u8>),
}

impl Parts {
    #[coro::coroutine(yield = u8)]
    fn split(self) -> String {
        match self {
            Parts::Pair(s, n) => {
                yield_!(n);
                s
            }
            Parts::Bytes(v) => {
                for b in v {
                    yield_!(b);
                }
                String::from("bytes")
            }
        }
    }
}

#[test]
fn by_value_self_of_an_enum_matched_across_yields() {
    assert_eq!(
        drain(Parts::Pair("s".into(), 3).split()),
        (vec![3], "s".to_owned())
    );
    assert_eq!(
        drain(Parts::Bytes(vec![1, 2]).split()),
        (vec![1, 2], "bytes".to_owned())
    );
}

// Does not compile yet; delete the `cfg` line once wip/bugs/impl-trait-return-type.rs is fixed.
#[cfg(any())]
mod pending_impl_trait_return {
    use super::*;

    #[coro::coroutine(yield = u8)]
    fn impl_return() -> impl std::fmt::Display {
        yield_!(1);
        5
    }

    #[test]
    fn impl_trait_return_type() {
        let (ys, r) = drain(impl_return());
        assert_eq!(ys, [1]);
        assert_eq!(r.to_string(), "5");
    }
}
