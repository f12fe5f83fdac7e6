//! The protocol: the `Coroutine` trait and its blanket impls, `CoroutineState`, `CoroutineExt`,
//! panics on misuse, the fused iterator view, `Debug`, `clone`, auto traits and size.

mod common;

use std::cell::Cell;
use std::collections::HashSet;
use std::iter::FusedIterator;
use std::marker::PhantomPinned;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::rc::Rc;

use coro::prelude::*;
use coro::{BoxCoroutine, Coroutine, CoroutineState};

use common::{D, drain, panic_message, take_log};

type S<Y, T> = CoroutineState<Y, T>;

#[coro::coroutine(yield = u32)]
fn two() -> &'static str {
    yield_!(1);
    yield_!(2);
    "done"
}

fn resume_all<G: Coroutine<(), Yield = u32, Return = &'static str>>(
    mut g: Pin<&mut G>,
) -> Vec<S<u32, &'static str>> {
    let mut out = vec![];
    loop {
        let s = g.as_mut().resume(());
        let done = matches!(s, S::Complete(_));
        out.push(s);
        if done {
            return out;
        }
    }
}

const TWO: [S<u32, &str>; 3] = [S::Yielded(1), S::Yielded(2), S::Complete("done")];

/// `is_send!(expr)` / `is_sync!(expr)`: whether the value's type is Send/Sync, decided at
/// compile time through autoref specialisation, so the negative case can be asserted too.
macro_rules! probe {
    ($name:ident, $tr:path, $e:expr) => {{
        struct Probe<T>(core::marker::PhantomData<T>);
        #[allow(dead_code, reason = "only used when the bound does not hold")]
        trait Fallback {
            fn $name(&self) -> bool {
                false
            }
        }
        impl<T> Fallback for Probe<T> {}
        impl<T: $tr> Probe<T> {
            #[allow(dead_code, reason = "only called when the bound holds")]
            fn $name(&self) -> bool {
                true
            }
        }
        fn probe_of<T>(_: &T) -> Probe<T> {
            Probe(core::marker::PhantomData)
        }
        probe_of(&$e).$name()
    }};
}

macro_rules! is_send {
    ($e:expr) => {
        probe!(is_send, Send, $e)
    };
}

macro_rules! is_sync {
    ($e:expr) => {
        probe!(is_sync, Sync, $e)
    };
}

#[test]
fn blanket_impl_for_mut_reference() {
    let mut g = two();
    let mut r = &mut g;
    assert_eq!(resume_all(Pin::new(&mut r)), TWO);
}

#[test]
fn blanket_impl_for_pin_of_mut_reference() {
    let mut g = two();
    let mut p = Pin::new(&mut g);
    assert_eq!(resume_all(Pin::new(&mut p)), TWO);
}

#[test]
fn blanket_impl_for_box() {
    let mut b = Box::new(two());
    assert_eq!(resume_all(Pin::new(&mut b)), TWO);
}

#[test]
fn blanket_impl_for_pin_of_box() {
    let mut pb = Box::pin(two());
    assert_eq!(resume_all(Pin::new(&mut pb)), TWO);
    let mut boxed: BoxCoroutine<'static, (), u32, &'static str> = two().boxed();
    assert_eq!(resume_all(Pin::new(&mut boxed)), TWO);
}

#[test]
fn boxed_dyn_coroutines_of_different_bodies_in_one_vec() {
    #[coro::coroutine(yield = u32)]
    fn other() -> &'static str {
        yield_!(7);
        "other"
    }
    let mut all: Vec<BoxCoroutine<'static, (), u32, &'static str>> =
        vec![two().boxed(), other().boxed()];
    let firsts: Vec<_> = all.iter_mut().map(|g| g.send(())).collect();
    assert_eq!(firsts, [S::Yielded(1), S::Yielded(7)]);
}

#[test]
fn coroutine_state_has_the_derives_of_core() {
    fn assert_traits<
        T: Clone + Copy + PartialEq + Eq + PartialOrd + Ord + std::fmt::Debug + std::hash::Hash,
    >() {
    }
    assert_traits::<CoroutineState<u8, &str>>();

    let y: S<u8, &str> = S::Yielded(3);
    let c: S<u8, &str> = S::Complete("x");
    let copy = y;
    assert_eq!(copy, y);
    assert!(y < c, "Yielded sorts before Complete, as declared");
    assert!(S::<u8, u8>::Yielded(1) < S::Yielded(2));
    assert_eq!(format!("{y:?} {c:?}"), "Yielded(3) Complete(\"x\")");
    let set: HashSet<_> = [y, c, y].into_iter().collect();
    assert_eq!(set.len(), 2);
    let mut v = vec![c, y];
    v.sort();
    assert_eq!(v, [y, c]);
}

#[test]
#[should_panic(expected = "coroutine resumed after completion")]
fn resuming_after_completion_panics() {
    let mut g = two();
    while let S::Yielded(_) = g.send(()) {}
    g.send(());
}

#[coro::coroutine(yield = u32)]
fn fails_on_second() {
    yield_!(1);
    panic!("inner failure");
}

#[test]
#[should_panic(expected = "coroutine resumed after panicking")]
fn resuming_after_a_panic_panics() {
    let mut g = fails_on_second();
    g.send(());
    let _ = catch_unwind(AssertUnwindSafe(|| g.send(())));
    g.send(());
}

#[test]
fn misuse_panics_have_rustc_wording() {
    let mut g = two();
    drain(&mut g);
    let err = catch_unwind(AssertUnwindSafe(|| g.send(()))).unwrap_err();
    assert_eq!(panic_message(&*err), "coroutine resumed after completion");
    // And again: still complete, still the same panic.
    let err = catch_unwind(AssertUnwindSafe(|| g.send(()))).unwrap_err();
    assert_eq!(panic_message(&*err), "coroutine resumed after completion");

    let mut g = fails_on_second();
    assert_eq!(g.send(()), S::Yielded(1));
    let err = catch_unwind(AssertUnwindSafe(|| g.send(()))).unwrap_err();
    assert_eq!(panic_message(&*err), "inner failure");
    for _ in 0..2 {
        let err = catch_unwind(AssertUnwindSafe(|| g.send(()))).unwrap_err();
        assert_eq!(panic_message(&*err), "coroutine resumed after panicking");
    }
}

#[coro::coroutine(yield = u8)]
fn three() {
    yield_!(1);
    yield_!(2);
    yield_!(3);
}

#[test]
fn generator_is_a_fused_iterator() {
    fn fused<I: FusedIterator<Item = u8>>(i: I) -> I {
        i
    }
    let mut it = fused(three());
    assert_eq!(it.next(), Some(1));
    assert_eq!(it.by_ref().collect::<Vec<_>>(), [2, 3]);
    for _ in 0..3 {
        assert_eq!(it.next(), None, "None forever after completion");
    }
}

#[test]
fn iterator_and_coroutine_views_share_the_state() {
    let mut g = three();
    assert_eq!(g.next(), Some(1));
    assert_eq!(g.send(()), S::Yielded(2));
    assert_eq!(g.next(), Some(3));
    assert_eq!(g.send(()), S::Complete(()));
    assert_eq!(g.next(), None);
}

#[test]
fn generator_works_with_iterator_adapters_and_for_loops() {
    let total: u32 = three().map(u32::from).sum();
    assert_eq!(total, 6);
    let zipped: Vec<_> = three().zip(three().skip(1)).collect();
    assert_eq!(zipped, [(1, 2), (2, 3)]);
    let mut seen = vec![];
    for x in three() {
        seen.push(x);
    }
    assert_eq!(seen, [1, 2, 3]);
    // `map` is Iterator's, `map_yield` is the coroutine's: both are available on one value.
    let mut g = three().map_yield(|x| x * 10);
    assert_eq!(g.send(()), S::Yielded(10));
    assert_eq!(g.next(), Some(20));
}

#[test]
fn generator_is_not_an_iterator_when_it_returns_a_value() {
    // `two` returns `&str`, so it is only a coroutine; check via autoref specialisation.
    let three_is_iter = probe!(is_iter, Iterator, three());
    let two_is_iter = probe!(is_iter, Iterator, two());
    assert!(three_is_iter);
    assert!(!two_is_iter);
}

#[coro::coroutine(yield = u32)]
fn debug_lines() {
    yield_!(line!());
    let x = yield_!(line!());
    x
}

#[test]
fn debug_names_the_function_and_where_it_is() {
    let mut g = debug_lines();
    assert_eq!(format!("{g:?}"), "debug_lines (not started)");
    let S::Yielded(l1) = g.send(()) else { panic!() };
    assert_eq!(
        format!("{g:?}"),
        format!("debug_lines (suspended at line {l1})")
    );
    let S::Yielded(l2) = g.send(()) else { panic!() };
    assert_eq!(l2, l1 + 1);
    assert_eq!(
        format!("{g:?}"),
        format!("debug_lines (suspended at line {l2})")
    );
    assert_eq!(g.send(()), S::Complete(()));
    assert_eq!(format!("{g:?}"), "debug_lines (complete)");
}

#[test]
fn debug_after_a_panic_says_poisoned() {
    let mut g = fails_on_second();
    g.send(());
    let _ = catch_unwind(AssertUnwindSafe(|| g.send(())));
    assert_eq!(format!("{g:?}"), "fails_on_second (poisoned)");
}

struct NotDebug(u8);

#[coro::coroutine(yield = u8)]
fn keeps_not_debug(v: NotDebug) -> u8 {
    let w = NotDebug(v.0 + 1);
    yield_!(v.0);
    w.0 + v.0
}

#[test]
fn debug_does_not_need_kept_values_to_be_debug() {
    let mut g = keeps_not_debug(NotDebug(1));
    assert_eq!(format!("{g:?}"), "keeps_not_debug (not started)");
    g.send(());
    assert!(format!("{g:?}").starts_with("keeps_not_debug (suspended at line "));
    assert_eq!(g.send(()), S::Complete(3));
}

struct Named;

impl Named {
    #[coro::coroutine(yield = u8)]
    fn method_gen(&self) {
        yield_!(1);
    }
}

#[test]
fn debug_of_a_method_names_the_method() {
    let n = Named;
    let g = n.method_gen();
    assert!(format!("{g:?}").contains("method_gen (not started)"));
}

#[coro::coroutine(yield = u32, clone)]
fn cloneable(start: u32) -> Vec<u32> {
    let mut seen = vec![start];
    let mut i = start;
    loop {
        i += 1;
        seen.push(i);
        yield_!(i);
        if i >= start + 3 {
            return seen;
        }
    }
}

#[test]
fn clone_resumes_independently_from_the_same_point() {
    let mut a = cloneable(10);
    assert_eq!(a.send(()), S::Yielded(11));
    let mut b = a.clone();
    assert_eq!(a.send(()), S::Yielded(12));
    assert_eq!(a.send(()), S::Yielded(13));
    assert_eq!(a.send(()), S::Complete(vec![10, 11, 12, 13]));
    // `b` is still where `a` was when cloned.
    assert_eq!(b.send(()), S::Yielded(12));
    let mut c = b.clone();
    assert_eq!(b.send(()), S::Yielded(13));
    assert_eq!(c.send(()), S::Yielded(13));
    assert_eq!(b.send(()), S::Complete(vec![10, 11, 12, 13]));
    assert_eq!(c.send(()), S::Complete(vec![10, 11, 12, 13]));
}

#[coro::coroutine(yield = u8, clone)]
fn cloneable_generator() {
    for i in 0..3 {
        yield_!(i);
    }
}

#[test]
fn clone_of_a_generator_and_of_a_fresh_one() {
    let fresh = cloneable_generator();
    let copy = fresh.clone();
    assert_eq!(fresh.collect::<Vec<_>>(), [0, 1, 2]);
    assert_eq!(copy.collect::<Vec<_>>(), [0, 1, 2]);
    let mut g = cloneable_generator();
    g.next();
    assert_eq!(g.clone().collect::<Vec<_>>(), [1, 2]);
    assert_eq!(g.collect::<Vec<_>>(), [1, 2]);
}

#[coro::coroutine(yield = u32)]
fn plain_state(n: u32) {
    let mut i = 0;
    while i < n {
        yield_!(i);
        i += 1;
    }
}

#[coro::coroutine(yield = usize)]
fn keeps_rc() {
    let rc = Rc::new(5);
    yield_!(Rc::strong_count(&rc));
    yield_!(*rc);
}

#[coro::coroutine(yield = usize)]
fn rc_not_kept() {
    let rc = Rc::new(5);
    let n = *rc;
    yield_!(n);
    yield_!(n + 1);
}

#[coro::coroutine(yield = u8)]
fn keeps_cell() {
    let c = Cell::new(1_u8);
    yield_!(c.get());
    c.set(2);
    yield_!(c.get());
}

fn send_sync<T: Send + Sync>(_: &T) {}

#[test]
fn send_and_sync_follow_the_kept_state() {
    assert!(is_send!(plain_state(3)));
    assert!(is_sync!(plain_state(3)));
    assert!(!is_send!(keeps_rc()));
    assert!(!is_sync!(keeps_rc()));
    assert!(is_send!(keeps_cell()));
    assert!(!is_sync!(keeps_cell()));
    // The `Rc` is dropped at the suspension point, so it is not part of the state.
    assert!(is_send!(rc_not_kept()));
    assert!(is_sync!(rc_not_kept()));
    // Positive cases also hold as static bounds.
    send_sync(&plain_state(1));
    send_sync(&rc_not_kept());
    assert_eq!(rc_not_kept().collect::<Vec<_>>(), [5, 6]);
}

#[test]
fn a_send_coroutine_can_move_to_another_thread_mid_way() {
    let mut g = plain_state(4);
    assert_eq!(g.send(()), S::Yielded(0));
    let rest = std::thread::spawn(move || g.collect::<Vec<_>>())
        .join()
        .unwrap();
    assert_eq!(rest, [1, 2, 3]);
}

#[coro::coroutine(yield = u8)]
fn keeps_pinned() {
    let p = PhantomPinned;
    yield_!(1);
    let _moved = p;
}

#[test]
fn generated_coroutines_are_unpin() {
    fn unpin<T: Unpin>(_: &T) {}
    unpin(&plain_state(1));
    unpin(&keeps_rc());
    unpin(&keeps_pinned());
    let mut g = keeps_pinned();
    // `send` needs `Unpin`: callable without pinning.
    assert_eq!(g.send(()), S::Yielded(1));
}

#[test]
fn counting_generator_state_is_small() {
    let g = plain_state(3);
    // `n`, `i` and the discriminant.
    assert!(
        size_of_val(&g) <= 12,
        "counting generator takes {} bytes",
        size_of_val(&g)
    );

    #[coro::coroutine(yield = u64)]
    fn count64(n: u64) {
        for i in 0..n {
            yield_!(i);
        }
    }
    let g = count64(3);
    assert!(
        size_of_val(&g) <= 24,
        "count64 takes {} bytes",
        size_of_val(&g)
    );

    #[coro::coroutine(yield = u8)]
    fn stateless() {
        yield_!(1);
        yield_!(2);
    }
    assert!(
        size_of_val(&stateless()) <= 1,
        "stateless takes {}",
        size_of_val(&stateless())
    );
}

#[test]
fn disjoint_scopes_share_space_in_the_state() {
    #[coro::coroutine(yield = u8)]
    fn two_buffers() {
        {
            let a = [1_u8; 1024];
            yield_!(a[0]);
            yield_!(a[1023]);
        }
        {
            let b = [2_u8; 1024];
            yield_!(b[0]);
            yield_!(b[1023]);
        }
    }
    let g = two_buffers();
    assert!(
        size_of_val(&g) <= 1024 + 8,
        "two_buffers takes {} bytes",
        size_of_val(&g)
    );
    assert_eq!(g.collect::<Vec<_>>(), [1, 1, 2, 2]);
}

#[test]
fn send_is_pin_resume_for_unpin_coroutines() {
    let mut a = two();
    let mut b = two();
    for _ in 0..3 {
        assert_eq!(a.send(()), Pin::new(&mut b).resume(()));
    }
}

/// A hand-written coroutine gets `CoroutineExt` too.
struct Countdown(u8);

impl Coroutine for Countdown {
    type Yield = u8;
    type Return = &'static str;

    fn resume(self: Pin<&mut Self>, (): ()) -> S<u8, &'static str> {
        let this = self.get_mut();
        if this.0 == 0 {
            S::Complete("zero")
        } else {
            this.0 -= 1;
            S::Yielded(this.0 + 1)
        }
    }
}

#[test]
fn coroutine_ext_is_blanket_for_hand_written_coroutines() {
    let mut g = Countdown(2).map_yield(|x| x * 2).map_return(str::len);
    assert_eq!(g.send(()), S::Yielded(4));
    assert_eq!(g.send(()), S::Yielded(2));
    assert_eq!(g.send(()), S::Complete(4));
    let mut b = Countdown(1).boxed();
    assert_eq!(b.send(()), S::Yielded(1));
}

#[test]
fn from_iter_is_a_coroutine_and_a_fused_iterator() {
    let mut c = coro::from_iter(vec![D("x")]);
    assert!(matches!(c.send(()), S::Yielded(D("x"))));
    assert_eq!(take_log(), ["drop x"]);
    assert_eq!(c.send(()), S::Complete(()));

    let mut it = coro::from_iter([1, 2]);
    assert_eq!(it.size_hint(), (2, Some(2)));
    assert_eq!(it.by_ref().collect::<Vec<_>>(), [1, 2]);
    assert_eq!(it.next(), None);
    assert_eq!(it.next(), None);
}

#[test]
fn map_yield_keeps_the_iterator_view() {
    let v: Vec<String> = three().map_yield(|x| format!("<{x}>")).collect();
    assert_eq!(v, ["<1>", "<2>", "<3>"]);
}

#[test]
fn resume_type_defaults_to_unit() {
    fn first_of(g: &mut (dyn Coroutine<Yield = u8, Return = ()> + Unpin)) -> S<u8, ()> {
        Pin::new(g).resume(())
    }
    let mut g = three();
    assert_eq!(first_of(&mut g), S::Yielded(1));
    let mut b: Box<dyn Coroutine<Yield = u8, Return = ()> + Unpin> = Box::new(three());
    assert_eq!(first_of(&mut *b), S::Yielded(1));
}

struct Counter {
    hits: Cell<u32>,
}

impl Counter {
    #[coro::coroutine(yield = u32)]
    fn ticks(&self, n: u32) {
        for _ in 0..n {
            self.hits.set(self.hits.get() + 1);
            yield_!(self.hits.get());
        }
    }
}

#[test]
fn auto_traits_of_borrowed_receivers_leak_through() {
    let c = Counter { hits: Cell::new(0) };
    // `&Counter` is not `Send` (`Cell` is not `Sync`), and the coroutine keeps it.
    assert!(!is_send!(c.ticks(2)));
    assert_eq!(c.ticks(2).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(c.hits.get(), 2);
    let u = Upto(3);
    assert!(is_send!(u.numbers()));
    assert!(is_sync!(u.numbers()));
}

struct Upto(u32);

impl Upto {
    #[coro::coroutine(yield = u32)]
    fn numbers(&self) {
        for i in 0..self.0 {
            yield_!(i);
        }
    }
}
