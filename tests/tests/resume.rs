//! Resume values: `#[resume]` binds the first one, every later one is the value of the
//! `yield_!` the coroutine was suspended at; and calling the function runs no user code.

mod common;

use std::pin::Pin;

use coro::prelude::*;

use common::{D, feed, log, take_log};

#[coro::coroutine(yield = i32)]
fn echo(#[resume] first: i32) -> i32 {
    let mut x = first;
    while x != 0 {
        x = yield_!(x * 10);
    }
    -1
}

#[test]
fn resume_parameter_binds_the_first_resume_value() {
    let mut g = echo();
    assert_eq!(g.send(4), CoroutineState::Yielded(40));
}

#[test]
fn later_resume_values_are_the_values_of_yield() {
    let mut g = echo();
    assert_eq!(
        feed(&mut g, [1, 2, 3, 0]),
        [
            CoroutineState::Yielded(10),
            CoroutineState::Yielded(20),
            CoroutineState::Yielded(30),
            CoroutineState::Complete(-1)
        ]
    );
}

#[coro::coroutine(yield = usize)]
fn record(#[resume] first: String) -> Vec<String> {
    let mut seen = vec![first];
    loop {
        let next: String = yield_!(seen.len());
        if next.is_empty() {
            return seen;
        }
        seen.push(next);
    }
}

#[test]
fn owned_resume_values_are_moved_in() {
    let mut g = record();
    assert_eq!(g.send("a".to_owned()), CoroutineState::Yielded(1));
    assert_eq!(g.send("b".to_owned()), CoroutineState::Yielded(2));
    assert_eq!(g.send("c".to_owned()), CoroutineState::Yielded(3));
    assert_eq!(
        g.send(String::new()),
        CoroutineState::Complete(vec!["a".to_owned(), "b".to_owned(), "c".to_owned()])
    );
}

#[coro::coroutine(yield = u8)]
fn no_resume_param() -> u8 {
    let a: () = yield_!(1);
    let () = a;
    yield_!(2);
    3
}

#[test]
fn without_resume_parameter_the_resume_type_is_unit() {
    fn takes_unit_coroutine(g: impl Coroutine<(), Yield = u8, Return = u8> + Unpin) -> Vec<u8> {
        let mut g = g;
        let mut out = vec![];
        loop {
            match g.send(()) {
                CoroutineState::Yielded(y) => out.push(y),
                CoroutineState::Complete(r) => {
                    out.push(r);
                    return out;
                }
            }
        }
    }
    assert_eq!(takes_unit_coroutine(no_resume_param()), [1, 2, 3]);
}

#[coro::coroutine(yield = &'static str)]
fn ignore_first(#[resume] _first: D) -> usize {
    log("body starts");
    let second: D = yield_!("one");
    log(format!("got {}", second.0));
    0
}

#[test]
fn ignored_first_resume_value_is_still_dropped_once() {
    let mut g = ignore_first();
    assert_eq!(g.send(D("r1")), CoroutineState::Yielded("one"));
    // `_first` is a binding, not `_`: never mentioned, it is kept like an RAII guard until its
    // scope ends, then dropped after the body's own locals, as a parameter would be.
    assert_eq!(take_log(), ["body starts"]);
    assert_eq!(g.send(D("r2")), CoroutineState::Complete(0));
    assert_eq!(take_log(), ["got r2", "drop r2", "drop r1"]);
}

#[coro::coroutine(yield = i32)]
fn pair_resume(#[resume] (a, b): (i32, i32)) -> i32 {
    let (c, d) = yield_!(a + b);
    c * d
}

#[test]
fn resume_parameter_with_a_pattern() {
    let mut g = pair_resume();
    assert_eq!(g.send((2, 3)), CoroutineState::Yielded(5));
    assert_eq!(g.send((4, 5)), CoroutineState::Complete(20));
}

#[coro::coroutine(yield = String)]
fn resume_in_the_middle(prefix: &'static str, #[resume] first: u32, suffix: char) -> u32 {
    let n = yield_!(format!("{prefix}{first}{suffix}"));
    n + first
}

#[test]
fn resume_parameter_is_not_a_constructor_argument() {
    // Constructed with the two other parameters only.
    let mut g = resume_in_the_middle("<", '>');
    assert_eq!(g.send(7), CoroutineState::Yielded("<7>".to_owned()));
    assert_eq!(g.send(1), CoroutineState::Complete(8));
}

#[coro::coroutine(yield = T)]
fn generic_resume<T: Clone>(#[resume] first: T) -> T {
    let second = yield_!(first.clone());
    let third = yield_!(second);
    third
}

#[test]
fn generic_resume_type() {
    let mut g = generic_resume::<&str>();
    assert_eq!(g.send("x"), CoroutineState::Yielded("x"));
    assert_eq!(g.send("y"), CoroutineState::Yielded("y"));
    assert_eq!(g.send("z"), CoroutineState::Complete("z"));
}

#[coro::coroutine(yield = &'a str)]
fn borrowed_resume<'a>(#[resume] first: &'a str) -> usize {
    let mut total = first.len();
    let mut s = first;
    while !s.is_empty() {
        s = yield_!(s);
        total += s.len();
    }
    total
}

#[test]
fn resume_type_with_a_lifetime() {
    let owned = [String::from("ab"), String::from("cde"), String::new()];
    let mut g = borrowed_resume();
    assert_eq!(g.send(&owned[0]), CoroutineState::Yielded("ab"));
    assert_eq!(g.send(&owned[1]), CoroutineState::Yielded("cde"));
    assert_eq!(g.send(&owned[2]), CoroutineState::Complete(5));
}

#[test]
fn send_and_pinned_resume_agree() {
    let mut a = echo();
    let mut b = echo();
    for v in [3, 5, 0] {
        assert_eq!(a.send(v), Pin::new(&mut b).resume(v));
    }
}

#[coro::coroutine(yield = u32)]
fn noisy(n: u32) -> u32 {
    log("start");
    yield_!(n);
    log("middle");
    yield_!(n + 1);
    log("end");
    n + 2
}

#[test]
fn calling_runs_no_user_code() {
    let mut g = noisy(1);
    assert!(take_log().is_empty(), "constructing must not run the body");
    assert_eq!(g.send(()), CoroutineState::Yielded(1));
    assert_eq!(take_log(), ["start"]);
    assert_eq!(g.send(()), CoroutineState::Yielded(2));
    assert_eq!(take_log(), ["middle"]);
    assert_eq!(g.send(()), CoroutineState::Complete(3));
    assert_eq!(take_log(), ["end"]);
}

#[test]
fn a_coroutine_never_resumed_runs_nothing() {
    drop(noisy(5));
    let g = noisy(6);
    let _moved = g;
    assert!(take_log().is_empty());
}

#[coro::coroutine(yield = u32)]
fn resume_in_parameter_constructor_evaluation(v: u32) {
    yield_!(v);
}

#[test]
fn constructor_arguments_are_evaluated_at_the_call() {
    let mut x = 1;
    let mut g = resume_in_parameter_constructor_evaluation(x);
    x += 10;
    assert_eq!(g.send(()), CoroutineState::Yielded(1));
    assert_eq!(x, 11);
}

#[coro::coroutine(yield = i64)]
fn accumulate(#[resume] first: i64) {
    let mut total = first;
    loop {
        total += yield_!(total);
    }
}

#[test]
fn infinite_send_loop() {
    let mut g = accumulate();
    let mut last = CoroutineState::Complete(());
    for v in 1..=100 {
        last = g.send(v);
    }
    assert_eq!(last, CoroutineState::Yielded(5050));
}

#[coro::coroutine(yield = Option<char>)]
fn resume_option(#[resume] first: Option<char>) -> String {
    let mut s = String::new();
    let mut cur = first;
    while let Some(c) = cur {
        s.push(c);
        cur = yield_!(cur);
    }
    s
}

#[test]
fn resume_value_ends_the_loop() {
    let mut g = resume_option();
    assert_eq!(g.send(Some('h')), CoroutineState::Yielded(Some('h')));
    assert_eq!(g.send(Some('i')), CoroutineState::Yielded(Some('i')));
    assert_eq!(g.send(None), CoroutineState::Complete("hi".to_owned()));
}
