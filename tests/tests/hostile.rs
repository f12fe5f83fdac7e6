//! Coroutines in a hostile crate: the standard names the generated code might lean on are
//! shadowed by local items (`mod core`, `struct Result`, `struct Option`, `type Box`, traits
//! named like the std ones, a local `mod coro`, macros named `panic!` and `unreachable!`), and
//! every warning, strict rustc lints and clippy pedantic are errors. The expansion has to use
//! absolute paths and produce no lint of its own for this file to build.
#![deny(warnings)]
#![deny(clippy::all, clippy::pedantic)]
// Opt-in clippy lints a strict crate might deny, that generated code could trip.
#![deny(
    clippy::as_conversions,
    clippy::dbg_macro,
    clippy::let_underscore_must_use,
    clippy::let_underscore_untyped,
    clippy::mem_replace_with_default,
    clippy::panic,
    clippy::pattern_type_mismatch,
    clippy::print_stdout,
    clippy::todo,
    clippy::unimplemented,
    clippy::unreachable,
    clippy::wildcard_enum_match_arm
)]
#![deny(
    elided_lifetimes_in_paths,
    explicit_outlives_requirements,
    let_underscore_drop,
    macro_use_extern_crate,
    meta_variable_misuse,
    missing_copy_implementations,
    missing_debug_implementations,
    missing_docs,
    non_ascii_idents,
    redundant_lifetimes,
    single_use_lifetimes,
    trivial_casts,
    trivial_numeric_casts,
    unit_bindings,
    unreachable_pub,
    unsafe_code,
    unused_crate_dependencies,
    unused_extern_crates,
    unused_import_braces,
    unused_lifetimes,
    unused_macro_rules,
    unused_qualifications,
    unused_results,
    variant_size_differences
)]

// Dependencies of this test crate that only other test files use.
use coro_tests as _;
use futures_core as _;
use futures_executor as _;
use serde as _;
use tokio as _;

use ::coro::prelude::*;

// Local items named like the paths generated code might use without a leading `::`.
#[allow(dead_code, reason = "only here to shadow `core`")]
mod core {}
#[allow(dead_code, reason = "only here to shadow the prelude's `Result`")]
struct Result;
#[allow(dead_code, reason = "only here to shadow the prelude's `Option`")]
struct Option;
#[allow(dead_code, reason = "only here to shadow the prelude's `Box`")]
type Box = ();

type StdResult<T, E> = ::std::result::Result<T, E>;
type StdOption<T> = ::std::option::Option<T>;

/// Coroutines in a module that shadows more: std's traits and marker types, the state
/// machine's helper names, and macros the expansion might call.
mod shadowed {
    #![allow(dead_code, reason = "the items below only shadow names")]

    use super::{StdOption, StdResult};
    use ::std::string::String;
    use ::std::vec::Vec;

    trait Iterator {}
    trait IntoIterator {}
    trait Clone {}
    trait Copy {}
    trait Debug {}
    trait Default {}
    trait Drop {}
    trait Fn {}
    trait FnMut {}
    trait FnOnce {}
    trait From<T> {}
    trait Into<T> {}
    trait Send {}
    trait Sized {}
    trait Sync {}
    trait Unpin {}
    struct Pin;
    struct PhantomData;
    struct ControlFlow;
    struct Infallible;
    struct CoroutineState;
    struct Coroutine;
    struct State;
    struct Start;
    struct Done;
    struct Poisoned;
    struct Restorer;
    trait Any {}
    trait Serialize {}
    trait Deserialize {}
    trait Serializer {}
    trait Deserializer {}
    mod serde {}
    mod any {}
    mod __private {}
    mod mem {}
    mod ops {}
    mod fmt {}
    mod marker {}
    mod iter {}
    fn from_fn() {}
    fn drop() {}
    fn never() {}
    fn identity() {}

    /// Saved and restored (`serde`), next to the names its impls use.
    #[::coro::coroutine(yield = u64, serde)]
    pub(crate) fn running_sum(n: u64) -> u64 {
        let mut total = 0;
        let mut i = 0;
        while i < n {
            total += i;
            yield_!(total);
            i += 1;
        }
        total
    }

    #[allow(
        unused_macros,
        reason = "only here to catch an unqualified `panic!` in the expansion"
    )]
    macro_rules! panic {
        ($($t:tt)*) => {
            ::core::compile_error!("the expansion called the crate's own `panic!`")
        };
    }
    #[allow(
        unused_macros,
        reason = "only here to catch an unqualified `unreachable!` in the expansion"
    )]
    macro_rules! unreachable {
        ($($t:tt)*) => {
            ::core::compile_error!("the expansion called the crate's own `unreachable!`")
        };
    }
    #[allow(
        unused_macros,
        reason = "only here to catch an unqualified `matches!` in the expansion"
    )]
    macro_rules! matches {
        ($($t:tt)*) => {
            ::core::compile_error!("the expansion called the crate's own `matches!`")
        };
    }

    /// A parse error of [`numbers`]: wraps std's, so `?` has to go through `From`.
    #[derive(Debug, PartialEq, Eq)]
    pub(crate) struct BadNumber(pub(crate) ::std::num::ParseIntError);

    impl ::core::convert::From<::std::num::ParseIntError> for BadNumber {
        fn from(e: ::std::num::ParseIntError) -> Self {
            BadNumber(e)
        }
    }

    /// Yields the numbers of a comma-separated list, stopping at the first that does not
    /// parse; returns how many there were.
    #[::coro::coroutine(yield = u32)]
    pub(crate) fn numbers(list: &str) -> StdResult<usize, BadNumber> {
        let mut count = 0;
        for part in list.split(',') {
            let n: u32 = part.trim().parse()?;
            yield_!(n);
            count += 1;
        }
        Ok(count)
    }

    /// Yields the first character of each word, completing with `None` at an empty word.
    #[::coro::coroutine(yield = char)]
    pub(crate) fn initials(words: Vec<String>) -> StdOption<usize> {
        let mut n = 0;
        for w in words {
            let c = w.chars().next()?;
            yield_!(c);
            n += 1;
        }
        Some(n)
    }

    /// Delegates twice, then yields the sum of what the sub-coroutines returned.
    #[::coro::coroutine(yield = u32)]
    pub(crate) fn both(a: &'static str, b: &'static str) -> StdResult<(), BadNumber> {
        let first = yield_from!(numbers(a))?;
        let second = yield_from!(numbers(b))?;
        let total = u32::try_from(first + second).unwrap_or(u32::MAX);
        yield_!(total);
        Ok(())
    }

    /// Running totals of the values sent in; a negative value ends it.
    #[::coro::coroutine(yield = i64)]
    pub(crate) fn totals(#[resume] first: i64) -> i64 {
        let mut state = first;
        let mut arg = 0;
        while state >= 0 {
            arg += state;
            state = yield_!(arg);
        }
        arg
    }

    /// Locals named like the generated machinery: `state`, `arg`, `resume`, `Start`-like
    /// labels, loops with labels, `let .. else`, `match` with yields in arms.
    #[::coro::coroutine(yield = (usize, usize))]
    pub(crate) fn grid(rows: usize, cols: usize) -> usize {
        let mut resume = 0;
        'rows: for r in 0..rows {
            for c in 0..cols {
                if c > r {
                    continue 'rows;
                }
                let Some(state) = r.checked_mul(cols) else {
                    break 'rows;
                };
                match (state + c) % 2 {
                    0 => yield_!((r, c)),
                    _ => {
                        resume += 1;
                    }
                }
            }
        }
        resume
    }

    /// A struct whose methods are coroutines, with a generic parameter named like the ones
    /// the expansion might add. `Clone` because a not yet started `clone` coroutine holds
    /// `self`.
    #[derive(Debug, ::core::clone::Clone)]
    pub(crate) struct Stack<S> {
        pub(crate) items: Vec<S>,
    }

    impl<S: ::core::clone::Clone> Stack<S> {
        /// Yields the items from the top, by reference.
        #[::coro::coroutine(yield = &S)]
        pub(crate) fn top_down(&self) {
            for item in self.items.iter().rev() {
                yield_!(item);
            }
        }

        /// Pops every item, yielding it; returns how many there were.
        #[::coro::coroutine(yield = S)]
        pub(crate) fn pop_all(&mut self) -> usize {
            let mut n = 0;
            while let Some(item) = self.items.pop() {
                n += 1;
                yield_!(item);
            }
            n
        }

        /// Consumes the stack, yielding clones of each item twice.
        #[::coro::coroutine(yield = S, clone)]
        pub(crate) fn doubled(self) {
            for item in self.items {
                yield_!(item.clone());
                yield_!(item);
            }
        }
    }
}

/// The attribute under a module that has its own `coro`: written with a leading `::`.
mod coro_shadow {
    #[allow(dead_code, reason = "only here to shadow the `coro` crate")]
    mod coro {}

    /// Counts down from `n`.
    #[::coro::coroutine(yield = u32)]
    pub(crate) fn countdown(n: u32) -> &'static str {
        let mut i = n;
        while i > 0 {
            yield_!(i);
            i -= 1;
        }
        "liftoff"
    }
}

/// No implicit prelude at all: every name the expansion uses has to be absolute.
#[no_implicit_prelude]
mod bare {
    /// Yields `0..n` as `u64`, then returns their sum.
    #[::coro::coroutine(yield = u64)]
    pub(crate) fn sum_up(n: u64) -> u64 {
        let mut total = 0;
        for i in 0..n {
            total += i;
            yield_!(i);
        }
        total
    }

    /// Saved and restored (`serde`).
    #[::coro::coroutine(yield = u64, serde)]
    pub(crate) fn saved_squares(n: u64) {
        for i in 0..n {
            yield_!(i * i);
        }
    }

    /// An async generator whose loop resumes in place, awaiting a future on every item.
    #[::coro::coroutine(yield = u64)]
    pub(crate) async fn ready_count(n: u64) {
        let mut i = 0;
        while i < n {
            let v = ::std::future::ready(i).await;
            yield_!(v);
            i += 1;
        }
    }

    /// An `Option` with `?`, spelled out.
    #[::coro::coroutine(yield = u8)]
    pub(crate) fn bytes(s: &'static str) -> ::std::option::Option<()> {
        for b in s.bytes() {
            let b = ::std::option::Option::Some(b).filter(u8::is_ascii_digit)?;
            yield_!(b - b'0');
        }
        ::std::option::Option::Some(())
    }
}

fn run<G>(mut g: G) -> (Vec<G::Yield>, G::Return)
where
    G: Coroutine + ::core::marker::Unpin,
{
    let mut yields = Vec::new();
    loop {
        match g.send(()) {
            CoroutineState::Yielded(y) => yields.push(y),
            CoroutineState::Complete(r) => return (yields, r),
        }
    }
}

#[test]
fn question_mark_with_from_conversion() {
    assert_eq!(run(shadowed::numbers("1, 2,3")), (vec![1, 2, 3], Ok(3)));
    let (yields, ret) = run(shadowed::numbers("4,x,5"));
    assert_eq!(yields, [4]);
    assert!(matches!(ret, Err(shadowed::BadNumber(_))));
}

#[test]
fn question_mark_on_option() {
    let words = |ws: &[&str]| ws.iter().map(ToString::to_string).collect::<Vec<_>>();
    assert_eq!(
        run(shadowed::initials(words(&["ab", "cd"]))),
        (vec!['a', 'c'], Some(2))
    );
    assert_eq!(
        run(shadowed::initials(words(&["ab", "", "cd"]))),
        (vec!['a'], None)
    );
}

#[test]
fn yield_from_with_question_mark() {
    assert_eq!(run(shadowed::both("1,2", "3")), (vec![1, 2, 3, 3], Ok(())));
    let (yields, ret) = run(shadowed::both("1", "y"));
    assert_eq!(yields, [1]);
    assert!(ret.is_err());
}

#[test]
fn resume_values_with_locals_named_like_the_machinery() {
    let mut t = shadowed::totals();
    assert_eq!(t.send(1), CoroutineState::Yielded(1));
    assert_eq!(t.send(2), CoroutineState::Yielded(3));
    assert_eq!(t.send(-1), CoroutineState::Complete(3));
}

#[test]
fn labelled_loops_let_else_and_match() {
    let (cells, odd) = run(shadowed::grid(3, 3));
    assert_eq!(cells, [(0, 0), (1, 1), (2, 0), (2, 2)]);
    assert_eq!(odd, 2);
}

#[test]
fn methods() {
    let mut s = shadowed::Stack {
        items: vec![1, 2, 3],
    };
    assert_eq!(s.top_down().copied().collect::<Vec<_>>(), [3, 2, 1]);
    assert_eq!(run(s.pop_all()), (vec![3, 2, 1], 3));
    assert!(s.items.is_empty());

    let mut d = shadowed::Stack {
        items: vec!['a', 'b'],
    }
    .doubled();
    assert_eq!(d.next(), Some('a'));
    let rest: String = d.clone().collect();
    assert_eq!(rest, "abb");
    assert_eq!(d.collect::<String>(), "abb");
}

#[test]
fn attribute_under_a_shadowed_crate_name() {
    assert_eq!(run(coro_shadow::countdown(3)), (vec![3, 2, 1], "liftoff"));
}

#[test]
fn no_implicit_prelude() {
    assert_eq!(run(bare::sum_up(4)), (vec![0, 1, 2, 3], 6));
    assert_eq!(run(bare::bytes("12")), (vec![1, 2], Some(())));
    assert_eq!(run(bare::bytes("1a")), (vec![1], None));
}

#[test]
fn debug_names_the_function() {
    let g = coro_shadow::countdown(1);
    let text = format!("{g:?}");
    assert!(text.contains("countdown"), "{text}");
}

#[test]
fn saved_and_restored() {
    let mut s = shadowed::running_sum(4);
    assert_eq!(s.send(()), CoroutineState::Yielded(0));
    assert_eq!(s.send(()), CoroutineState::Yielded(1));
    let json = serde_json::to_string(&s).unwrap();
    let restored = shadowed::running_sum_restore()
        .deserialize(&mut serde_json::Deserializer::from_str(&json))
        .unwrap();
    assert_eq!(run(restored), (vec![3, 6], 6));

    let mut q = bare::saved_squares(4);
    assert_eq!(q.next(), Some(0));
    let json = serde_json::to_string(&q).unwrap();
    q = serde_json::from_str(&json).unwrap();
    assert_eq!(q.collect::<Vec<_>>(), [1, 4, 9]);
}

#[test]
fn async_generator_resumed_in_place() {
    let mut s = ::std::pin::pin!(bare::ready_count(4));
    let items = futures_executor::block_on(async {
        let mut items = Vec::new();
        while let Some(x) =
            ::std::future::poll_fn(|cx| futures_core::Stream::poll_next(s.as_mut(), cx)).await
        {
            items.push(x);
        }
        items
    });
    assert_eq!(items, [0, 1, 2, 3]);
}
