//! The behaviours checked by rustc's `tests/ui/coroutine` run-pass tests, rewritten for
//! `#[coro::coroutine]` functions. Each test names the rustc test it follows. Where the SPEC
//! documents a difference from rustc (a local mentioned before a suspension point and not used
//! after it is dropped at that point), the test asserts the SPEC's behaviour and says so.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::rc::Rc;

use coro::prelude::*;

use common::{D, drain, feed, log, panic_message, take_log};

type S<Y, T> = CoroutineState<Y, T>;

fn count_drops(log: &[String]) -> usize {
    log.iter().filter(|e| e.starts_with("drop ")).count()
}

// ---- smoke-resume-args ----

#[coro::coroutine(yield = i32)]
fn increment_until_zero(#[resume] mut b: i32) -> i32 {
    while b != 0 {
        b = yield_!(b + 1);
    }
    -1
}

#[test]
fn smoke_resume_args_values() {
    let mut g = increment_until_zero();
    assert_eq!(
        feed(&mut g, [1, -45, 500, 0]),
        [
            S::Yielded(2),
            S::Yielded(-44),
            S::Yielded(501),
            S::Complete(-1)
        ]
    );
}

#[coro::coroutine(yield = D)]
fn yield_the_resume_value(#[resume] a: D) {
    yield_!(a);
}

#[coro::coroutine(yield = D)]
fn yield_of_yield(#[resume] a: D) -> D {
    yield_!(yield_!(a))
}

#[coro::coroutine(yield = ())]
fn return_resume_value_without_yielding(#[resume] a: D, yields: bool) -> D {
    if yields {
        yield_!(());
    }
    a
}

#[coro::coroutine(yield = ())]
#[allow(unused_assignments)] // the values overwritten are dropped, never read
fn overwrite_resume_value(#[resume] mut a: D) {
    log(format!("start {}", a.0));
    a = yield_!(());
    a = yield_!(());
    a = yield_!(());
    log(format!("end {}", a.0));
}

#[test]
fn smoke_resume_args_drop_every_resume_value_once() {
    // Passed straight out: dropped by the caller only.
    let mut g = yield_the_resume_value();
    let out = g.send(D("a"));
    assert!(take_log().is_empty());
    assert!(matches!(out, S::Yielded(D("a"))));
    drop(out);
    drop(g);
    assert_eq!(take_log(), ["drop a"]);

    // `yield yield a`: three values in, three out, none dropped inside.
    let mut g = yield_of_yield();
    let outs = feed(&mut g, [D("1"), D("2"), D("3")]);
    assert!(take_log().is_empty());
    assert!(matches!(
        &outs[..],
        [S::Yielded(D("1")), S::Yielded(D("2")), S::Complete(D("3"))]
    ));
    drop(outs);
    assert_eq!(take_log(), ["drop 1", "drop 2", "drop 3"]);

    // Returned on the first resume without yielding.
    let mut g = return_resume_value_without_yielding(false);
    let out = g.send(D("r"));
    assert!(take_log().is_empty());
    assert!(matches!(out, S::Complete(D("r"))));
    drop(out);
    assert_eq!(take_log(), ["drop r"]);

    // Overwritten three times: each old value dropped at the assignment, the last at the end.
    // The first is mentioned before the suspension point and only assigned after it, so it is
    // dropped at the suspension point (SPEC difference; rustc drops it at the assignment).
    let mut g = overwrite_resume_value();
    g.send(D("1"));
    assert_eq!(take_log(), ["start 1", "drop 1"]);
    g.send(D("2"));
    assert!(
        take_log().is_empty(),
        "2 is kept: not mentioned before the next yield"
    );
    g.send(D("3"));
    assert_eq!(take_log(), ["drop 2"]);
    assert_eq!(g.send(D("4")), S::Complete(()));
    assert_eq!(take_log(), ["drop 3", "end 4", "drop 4"]);
}

// ---- resume-live-across-yield ----

#[coro::coroutine(yield = ())]
fn keep_resume_arg(#[resume] mut d: D) -> D {
    d = yield_!(());
    d
}

#[test]
fn resume_live_across_yield() {
    let mut g = keep_resume_arg();
    assert_eq!(g.send(D("hello")), S::Yielded(()));
    assert!(take_log().is_empty(), "kept across the yield, not dropped");
    let out = g.send(D("world"));
    assert_eq!(take_log(), ["drop hello"]);
    assert!(matches!(out, S::Complete(D("world"))));
    drop(out);
    assert_eq!(take_log(), ["drop world"]);
    drop(g);
    assert!(take_log().is_empty());
}

// ---- drop-env ----

#[coro::coroutine]
fn env_dropped_after_yield(b: D) {
    yield_!();
    drop(b);
}

#[coro::coroutine(yield = D)]
fn env_yielded(b: D) {
    yield_!(b);
}

#[test]
fn drop_env_suspended_holding_the_parameter() {
    let mut g = env_dropped_after_yield(D("b"));
    assert_eq!(g.send(()), S::Yielded(()));
    assert!(take_log().is_empty());
    drop(g);
    assert_eq!(take_log(), ["drop b"]);
}

#[test]
fn drop_env_parameter_yielded_out() {
    let mut g = env_yielded(D("b"));
    drop(g.send(()));
    assert_eq!(take_log(), ["drop b"]);
    drop(g);
    assert!(take_log().is_empty());
}

#[test]
fn drop_env_never_resumed() {
    let g = env_dropped_after_yield(D("b"));
    assert!(take_log().is_empty());
    drop(g);
    assert_eq!(take_log(), ["drop b"]);
}

// ---- conditional-drop ----

#[coro::coroutine]
fn conditional_drop(test: bool) {
    let b = D("b");
    if test {
        drop(b);
    }
    yield_!();
}

#[test]
fn conditional_drop_taken() {
    let mut g = conditional_drop(true);
    g.send(());
    assert_eq!(take_log(), ["drop b"]);
    g.send(());
    assert!(take_log().is_empty());
}

#[test]
fn conditional_drop_not_taken() {
    let mut g = conditional_drop(false);
    g.send(());
    // rustc drops `b` on the second resume; `b` was mentioned before the suspension point and
    // is not used after it, so here it is dropped at the suspension point (SPEC difference).
    assert_eq!(take_log(), ["drop b"]);
    g.send(());
    assert!(take_log().is_empty());
}

// ---- panic-drops / panic-drops-resume ----

fn bool_true() -> bool {
    true
}

#[allow(clippy::manual_assert, reason = "follows the shape of the rustc test")]
#[coro::coroutine]
fn panics_holding(b: D) {
    if bool_true() {
        panic!("panic-drops");
    }
    drop(b);
    yield_!();
}

#[allow(clippy::manual_assert, reason = "follows the shape of the rustc test")]
#[coro::coroutine]
fn panics_before_creating() {
    if bool_true() {
        panic!("panic-drops");
    }
    drop(D("never"));
    yield_!();
}

#[allow(clippy::manual_assert, reason = "follows the shape of the rustc test")]
#[coro::coroutine]
fn panics_with_resume_arg(#[resume] _arg: D) {
    if bool_true() {
        panic!("panic-drops-resume");
    }
    yield_!();
}

#[test]
fn panic_drops() {
    let mut g = panics_holding(D("b"));
    assert!(catch_unwind(AssertUnwindSafe(|| g.send(()))).is_err());
    assert_eq!(take_log(), ["drop b"]);
    drop(g);
    assert!(take_log().is_empty());

    let mut g = panics_before_creating();
    assert!(catch_unwind(AssertUnwindSafe(|| g.send(()))).is_err());
    drop(g);
    assert!(take_log().is_empty());
}

#[test]
fn panic_drops_resume_argument() {
    let mut g = panics_with_resume_arg();
    assert!(catch_unwind(AssertUnwindSafe(|| g.send(D("arg")))).is_err());
    assert_eq!(take_log(), ["drop arg"]);
    drop(g);
    assert!(take_log().is_empty());
}

// ---- panic-safe / coroutine-resume-after-panic ----

#[allow(clippy::manual_assert, reason = "follows the shape of the rustc test")]
#[coro::coroutine]
fn panics_at_once() {
    if bool_true() {
        panic!("first");
    }
    yield_!();
}

#[test]
fn panic_safe_every_later_resume_panics() {
    let mut g = panics_at_once();
    let err = catch_unwind(AssertUnwindSafe(|| g.send(()))).unwrap_err();
    assert_eq!(panic_message(&*err), "first");
    for _ in 0..10 {
        let err = catch_unwind(AssertUnwindSafe(|| g.send(()))).unwrap_err();
        assert_eq!(panic_message(&*err), "coroutine resumed after panicking");
    }
}

#[test]
fn gen_block_panic_iterator_view_does_not_continue_after_a_panic() {
    #[allow(clippy::manual_assert, reason = "follows the shape of the rustc test")]
    #[coro::coroutine(yield = u32)]
    fn forty_two_then_panic() {
        yield_!(42);
        if bool_true() {
            panic!("foo");
        }
        yield_!(69);
    }
    let mut it = forty_two_then_panic();
    assert_eq!(it.next(), Some(42));
    assert!(catch_unwind(AssertUnwindSafe(|| it.next())).is_err());
    let err = catch_unwind(AssertUnwindSafe(|| it.next())).unwrap_err();
    assert_eq!(panic_message(&*err), "coroutine resumed after panicking");
}

// ---- resume-after-return ----

#[coro::coroutine]
fn returns_at_once() -> u8 {
    if bool_true() {
        return 3;
    }
    yield_!();
    0
}

#[test]
fn resume_after_return_panics() {
    let mut g = returns_at_once();
    assert_eq!(g.send(()), S::Complete(3));
    let err = catch_unwind(AssertUnwindSafe(|| g.send(()))).unwrap_err();
    assert_eq!(panic_message(&*err), "coroutine resumed after completion");
}

// ---- control-flow ----

fn finish<G>(expected_yields: usize, mut g: G) -> G::Return
where
    G: Coroutine<(), Yield = ()> + Unpin,
{
    let mut left = expected_yields;
    loop {
        match Pin::new(&mut g).resume(()) {
            S::Yielded(()) => left = left.checked_sub(1).expect("too many yields"),
            S::Complete(r) => {
                assert_eq!(left, 0, "too few yields");
                return r;
            }
        }
    }
}

#[test]
fn control_flow_counts_of_yields() {
    #[coro::coroutine]
    fn once() {
        yield_!();
    }
    #[coro::coroutine]
    fn eight() {
        for _ in 0..8 {
            yield_!();
        }
    }
    #[coro::coroutine]
    fn in_then(c: bool) {
        if c {
            yield_!();
        } else {
        }
    }
    #[coro::coroutine]
    fn in_else(c: bool) {
        if c {
        } else {
            yield_!();
        }
    }
    #[allow(
        clippy::unreachable,
        clippy::blocks_in_conditions,
        reason = "follows the shape of the rustc test"
    )]
    #[coro::coroutine]
    fn in_condition() {
        if {
            yield_!();
            false
        } {
            yield_!();
            unreachable!()
        }
        yield_!();
    }
    finish(1, once());
    finish(8, eight());
    finish(1, in_then(true));
    finish(0, in_then(false));
    finish(1, in_else(false));
    finish(0, in_else(true));
    finish(2, in_condition());
}

// ---- overlap-locals / size-moved-locals / resume-arg-size / niche-in-coroutine ----

#[test]
fn overlap_locals_in_disjoint_scopes() {
    #[coro::coroutine]
    fn four_scopes() {
        {
            let w: i32 = 4;
            yield_!();
            log(w.to_string());
        }
        {
            let x: i32 = 5;
            yield_!();
            log(x.to_string());
        }
        {
            let y: i32 = 6;
            yield_!();
            log(y.to_string());
        }
        {
            let z: i32 = 7;
            yield_!();
            log(z.to_string());
        }
    }
    let g = four_scopes();
    // rustc: 8 bytes (one i32 slot shared by all four, plus the discriminant).
    assert!(
        size_of_val(&g) <= 8,
        "four_scopes takes {} bytes",
        size_of_val(&g)
    );
    finish(4, g);
    assert_eq!(take_log(), ["4", "5", "6", "7"]);
}

#[test]
fn size_moved_locals_are_not_stored_twice() {
    #[coro::coroutine]
    fn move_before_yield() -> u8 {
        let first = [7_u8; 1024];
        let second = first;
        yield_!();
        second[1023]
    }
    let g = move_before_yield();
    assert!(
        size_of_val(&g) <= 1024 + 8,
        "takes {} bytes",
        size_of_val(&g)
    );
    assert_eq!(finish(1, g), 7);
}

#[test]
fn resume_arg_size_unused_resume_value_is_not_stored() {
    #[coro::coroutine(yield = u8)]
    fn big_resume(#[resume] first: [u8; 1024]) -> u8 {
        let n = first[0];
        let second: [u8; 1024] = yield_!(n);
        second[0]
    }
    let mut g = big_resume();
    assert!(size_of_val(&g) <= 16, "takes {} bytes", size_of_val(&g));
    assert_eq!(g.send([3; 1024]), S::Yielded(3));
    assert_eq!(g.send([4; 1024]), S::Complete(4));
}

#[test]
fn niche_in_coroutine_option_is_free() {
    #[coro::coroutine(yield = u8)]
    fn with_state(x: u32) {
        yield_!(1);
        yield_!(u8::try_from(x).unwrap_or(0));
    }
    let g = with_state(5);
    assert_eq!(size_of_val(&g), size_of_val(&Some(with_state(5))));
}

// ---- drop-and-replace ----

#[derive(Debug, PartialEq)]
struct Foo(i32);

impl Drop for Foo {
    fn drop(&mut self) {
        log(format!("drop foo {}", self.0));
    }
}

#[coro::coroutine]
fn replace_saved_local() {
    let mut x = Foo(4);
    yield_!();
    assert_eq!(x.0, 4);
    x = Foo(5);
    assert_eq!(x.0, 5);
    {
        let y = Foo(6);
        yield_!();
        assert_eq!(y.0, 6);
    }
    assert_eq!(x.0, 5);
}

#[test]
fn drop_and_replace_saved_local() {
    finish(2, replace_saved_local());
    assert_eq!(take_log(), ["drop foo 4", "drop foo 6", "drop foo 5"]);
}

// ---- drop-control-flow (auto traits of the state) ----

struct NonSend(#[allow(dead_code, reason = "only its type matters")] Rc<()>);

fn non_send() -> NonSend {
    NonSend(Rc::new(()))
}

fn assert_send<T: Send>(t: T) -> T {
    t
}

#[coro::coroutine]
fn init_in_if(arg: bool) {
    let mut x = non_send();
    drop(x);
    if arg {
        x = non_send();
        drop(x);
    } else {
        yield_!();
    }
}

#[coro::coroutine]
fn init_in_match_arm(arg: Option<i32>) {
    let mut x = non_send();
    drop(x);
    match arg {
        Some(_) => {
            x = non_send();
            drop(x);
        }
        None => yield_!(),
    }
}

#[allow(
    clippy::if_same_then_else,
    reason = "follows the shape of the rustc test"
)]
#[coro::coroutine]
fn two_armed_if(arg: bool) {
    let arr = [non_send()];
    if arg {
        drop(arr);
    } else {
        drop(arr);
    }
    yield_!();
}

#[test]
fn drop_control_flow_values_dropped_on_every_path_are_not_kept() {
    finish(0, assert_send(init_in_if(true)));
    finish(1, assert_send(init_in_if(false)));
    finish(0, assert_send(init_in_match_arm(Some(41))));
    finish(1, assert_send(init_in_match_arm(None)));
    finish(1, assert_send(two_armed_if(true)));
}

#[coro::coroutine]
fn loop_uninit() -> usize {
    let mut arr = [D("a0")];
    let mut count = 0;
    drop(arr);
    while count < 3 {
        yield_!();
        arr = [D("a1")];
        count += 1;
        log(format!("{} {}", arr[0].0, count));
    }
    count
}

#[test]
fn drop_control_flow_reinitialised_in_a_loop() {
    assert_eq!(finish(3, loop_uninit()), 3);
    let log = take_log();
    assert_eq!(log[0], "drop a0");
    assert_eq!(count_drops(&log), 4, "{log:?}");
}

// ---- iterator-count / gen_block_iterate / gen_block_is_fused_iter ----

#[test]
fn iterator_count_and_fused_iteration() {
    #[coro::coroutine(yield = i32)]
    fn squares(n: i32) {
        for i in 0..n {
            yield_!(i * i);
        }
    }
    assert_eq!(squares(5).count(), 5);
    assert_eq!(squares(5).sum::<i32>(), 30);
    let mut it = squares(1);
    assert_eq!(it.next(), Some(0));
    assert_eq!(it.next(), None);
    assert_eq!(it.next(), None);
}

// ---- nested-generators ----

#[coro::coroutine(yield = u32)]
fn inner_generator() {
    yield_!(1);
    yield_!(2);
}

#[coro::coroutine(yield = u32)]
fn drives_a_generator_by_hand() -> u32 {
    let mut sum = 0;
    let mut sub = inner_generator();
    while let S::Yielded(x) = sub.send(()) {
        sum += x;
        yield_!(x * 10);
    }
    sum
}

#[test]
fn nested_generators() {
    assert_eq!(drain(drives_a_generator_by_hand()), (vec![10, 20], 3));
}

#[coro::coroutine(yield = u32)]
fn outer() -> u32 {
    #[coro::coroutine(yield = u32)]
    fn inner() {
        yield_!(1);
        yield_!(2);
    }
    let mut sum = 0;
    let mut sub = inner();
    while let S::Yielded(x) = sub.send(()) {
        sum += x;
        yield_!(x * 10);
    }
    sum
}

#[test]
fn coroutine_fn_nested_in_a_coroutine_body() {
    assert_eq!(drain(outer()), (vec![10, 20], 3));
}

// ---- live-upvar-across-yield / yield-in-args / yield-in-initializer ----

#[test]
fn live_parameter_closure_across_yield() {
    #[coro::coroutine(yield = i32)]
    fn call_after(b: impl Fn(i32) -> i32) {
        yield_!(0);
        yield_!(b(1));
    }
    let k = 3;
    assert_eq!(call_after(move |x| x + k).collect::<Vec<_>>(), [0, 4]);
}

#[test]
fn yield_in_args_and_initializer() {
    fn take(a: i32, b: i32) -> i32 {
        a * 10 + b
    }
    #[coro::coroutine(yield = ())]
    fn in_args(#[resume] _first: i32) -> (i32, Vec<i32>) {
        let r = take(yield_!(()), 5);
        let v = vec![0];
        let mut w = v;
        w.push(yield_!(()));
        (r, w)
    }
    let mut g = in_args();
    assert_eq!(
        feed(&mut g, [0, 3, 9]),
        [
            S::Yielded(()),
            S::Yielded(()),
            S::Complete((35, vec![0, 9]))
        ]
    );
}

// ---- match-bindings ----

#[test]
fn match_bindings_across_yields() {
    enum Enum {
        A(String),
        B { x: i32 },
    }
    #[coro::coroutine(yield = String)]
    fn bindings(items: Vec<Enum>) {
        for item in items {
            match item {
                Enum::A(s) => {
                    yield_!(s.clone());
                    yield_!(s);
                }
                Enum::B { x } => {
                    yield_!(x.to_string());
                }
            }
        }
    }
    let got: Vec<_> = bindings(vec![Enum::A("a".into()), Enum::B { x: 1 }]).collect();
    assert_eq!(got, ["a", "a", "1"]);
}

// ---- borrow-in-tail-expr ----

#[test]
fn borrow_in_tail_expression() {
    #[coro::coroutine]
    fn tail_borrows() -> usize {
        let v = String::from("four");
        yield_!();
        v.len()
    }
    assert_eq!(finish(1, tail_borrows()), 4);
}

// ---- discriminant: many suspension points (rustc's test has more than a byte's worth) ----

/// Emits a coroutine whose body is `$body` repeated 2^(number of `x`s) times, fully expanded
/// before the attribute sees it.
macro_rules! doubled_body {
    ($name:ident $i:ident [] $($body:tt)*) => {
        #[coro::coroutine(yield = u32)]
        fn $name() -> u32 {
            let mut $i = 0_u32;
            $($body)*
            $i
        }
    };
    ($name:ident $i:ident [x $($rest:tt)*] $($body:tt)*) => {
        doubled_body!($name $i [$($rest)*] $($body)* $($body)*);
    };
}

doubled_body!(one_hundred_twenty_eight_points i [x x x x x x x] yield_!(i); i += 1;);

#[test]
fn many_suspension_points() {
    let (ys, n) = drain(one_hundred_twenty_eight_points());
    assert_eq!(n, 128);
    assert_eq!(ys, (0..128).collect::<Vec<_>>());
    let mut g = one_hundred_twenty_eight_points();
    for _ in 0..100 {
        g.send(());
    }
    assert_eq!(g.send(()), S::Yielded(100));
    // Only `i` and the discriminant are stored.
    assert!(size_of_val(&g) <= 8, "takes {} bytes", size_of_val(&g));
}

doubled_body!(five_hundred_twelve_points i [x x x x x x x x x] yield_!(i); i += 1;);

#[test]
fn discriminant_with_hundreds_of_suspension_points() {
    let (ys, n) = drain(five_hundred_twelve_points());
    assert_eq!(n, 512);
    assert_eq!(ys, (0..512).collect::<Vec<_>>());
    let mut g = five_hundred_twelve_points();
    for _ in 0..300 {
        g.send(());
    }
    assert_eq!(g.send(()), S::Yielded(300));
    assert!(size_of_val(&g) <= 8, "takes {} bytes", size_of_val(&g));
}
