//! The behaviours checked by `CPython`'s `test_generators.py` and `test_yield_from.py` that have a
//! Rust meaning, rewritten for `#[coro::coroutine]`: `send`, the return value of a generator
//! and of `yield from`, delegation of `next`/`send`, `close` (here: drop) reaching the
//! sub-generator, laziness, and the classic recursive-generator examples. Python's `finally`
//! blocks become drop guards; an exception escaping a generator becomes a panic.
#![allow(
    clippy::manual_assert,
    reason = "the raises of the Python tests are spelled out as `if .. { panic!() }`"
)]

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};

use coro::BoxCoroutine;
use coro::prelude::*;

use common::{D, Finally, drain, feed, log, panic_message, take_log};

type S<Y, T> = CoroutineState<Y, T>;

// ---- test_yield_from: test_delegation_of_initial_next_to_subgenerator ----

#[coro::coroutine(yield = u32)]
fn g2_42() {
    log("Starting g2");
    yield_!(42);
    log("Finishing g2");
}

#[coro::coroutine(yield = u32)]
fn g1_delegates() {
    log("Starting g1");
    yield_from!(g2_42());
    log("Finishing g1");
}

#[test]
fn delegation_of_initial_next_to_subgenerator() {
    for x in g1_delegates() {
        log(format!("Yielded {x}"));
    }
    assert_eq!(
        take_log(),
        [
            "Starting g1",
            "Starting g2",
            "Yielded 42",
            "Finishing g2",
            "Finishing g1"
        ]
    );
}

// ---- test_raising_exception_in_initial_next_call ----

#[coro::coroutine(yield = u32)]
fn g2_raises() {
    let _finally = Finally("Finishing g2");
    log("Starting g2");
    if log_and_true() {
        panic!("spanish inquisition occurred");
    }
    yield_!(1);
}

fn log_and_true() -> bool {
    true
}

#[coro::coroutine(yield = u32)]
fn g1_of_raising() {
    let _finally = Finally("Finishing g1");
    log("Starting g1");
    yield_from!(g2_raises());
}

#[test]
fn raising_in_initial_next_runs_both_finally_blocks_innermost_first() {
    let mut g = g1_of_raising();
    let err = catch_unwind(AssertUnwindSafe(|| g.next())).unwrap_err();
    assert_eq!(panic_message(&*err), "spanish inquisition occurred");
    assert_eq!(
        take_log(),
        ["Starting g1", "Starting g2", "Finishing g2", "Finishing g1"]
    );
}

// ---- test_delegation_of_next_call_to_subgenerator ----

#[coro::coroutine(yield = &'static str)]
fn g2_spam() {
    log("Starting g2");
    yield_!("g2 spam");
    yield_!("g2 more spam");
    log("Finishing g2");
}

#[coro::coroutine(yield = &'static str)]
fn g1_ham_eggs() {
    log("Starting g1");
    yield_!("g1 ham");
    yield_from!(g2_spam());
    yield_!("g1 eggs");
    log("Finishing g1");
}

#[test]
fn delegation_of_next_call_to_subgenerator() {
    for x in g1_ham_eggs() {
        log(format!("Yielded {x}"));
    }
    assert_eq!(
        take_log(),
        [
            "Starting g1",
            "Yielded g1 ham",
            "Starting g2",
            "Yielded g2 spam",
            "Yielded g2 more spam",
            "Finishing g2",
            "Yielded g1 eggs",
            "Finishing g1",
        ]
    );
}

// ---- test_delegation_of_send ----

#[coro::coroutine(yield = &'static str)]
fn g2_receives(#[resume] first: i32) {
    log(format!("Starting g2 with {first}"));
    let x = yield_!("g2 spam");
    log(format!("g2 received {x}"));
    let x = yield_!("g2 more spam");
    log(format!("g2 received {x}"));
    log("Finishing g2");
}

#[coro::coroutine(yield = &'static str)]
fn g1_receives(#[resume] first: i32) {
    log(format!("Starting g1 with {first}"));
    let x = yield_!("g1 ham");
    log(format!("g1 received {x}"));
    yield_from!(g2_receives(), x);
    let x = yield_!("g1 eggs");
    log(format!("g1 received {x}"));
    log("Finishing g1");
}

#[test]
fn delegation_of_send() {
    let mut g = g1_receives();
    let mut x = 0;
    while let S::Yielded(y) = g.send(x) {
        log(format!("Yielded {y}"));
        x += 1;
    }
    assert_eq!(
        take_log(),
        [
            "Starting g1 with 0",
            "Yielded g1 ham",
            "g1 received 1",
            "Starting g2 with 1",
            "Yielded g2 spam",
            "g2 received 2",
            "Yielded g2 more spam",
            "g2 received 3",
            "Finishing g2",
            "Yielded g1 eggs",
            "g1 received 4",
            "Finishing g1",
        ]
    );
}

// ---- test_handling_exception_while_delegating_send ----

#[coro::coroutine(yield = &'static str)]
fn g2_fails_on_send(#[resume] _first: i32) {
    let _finally = Finally("g2 finally");
    let x = yield_!("g2 spam");
    if x == 2 {
        panic!("hovercraft is full of eels");
    }
    yield_!("g2 more spam");
}

#[coro::coroutine(yield = &'static str)]
fn g1_delegating_send(#[resume] first: i32) {
    let _finally = Finally("g1 finally");
    yield_from!(g2_fails_on_send(), first);
    yield_!("g1 eggs");
}

#[test]
fn exception_while_delegating_send_propagates_and_unwinds_both() {
    let mut g = g1_delegating_send();
    assert_eq!(g.send(1), S::Yielded("g2 spam"));
    let err = catch_unwind(AssertUnwindSafe(|| g.send(2))).unwrap_err();
    assert_eq!(panic_message(&*err), "hovercraft is full of eels");
    assert_eq!(take_log(), ["g2 finally", "g1 finally"]);
    // A generator that raised is finished; here, resuming it again is a panic.
    let err = catch_unwind(AssertUnwindSafe(|| g.send(3))).unwrap_err();
    assert_eq!(panic_message(&*err), "coroutine resumed after panicking");
}

// ---- test_delegating_close ----

#[test]
fn delegating_close_reaches_the_subgenerator_first() {
    #[coro::coroutine(yield = &'static str)]
    fn g2() {
        let _finally = Finally("Finishing g2");
        log("Starting g2");
        yield_!("g2 spam");
        yield_!("g2 more spam");
    }
    #[coro::coroutine(yield = &'static str)]
    fn g1() {
        let _finally = Finally("Finishing g1");
        log("Starting g1");
        yield_!("g1 ham");
        yield_from!(g2());
        yield_!("g1 eggs");
    }
    let mut g = g1();
    for _ in 0..3 {
        let S::Yielded(y) = g.send(()) else { panic!() };
        log(format!("Yielded {y}"));
    }
    drop(g); // Python's g.close()
    assert_eq!(
        take_log(),
        [
            "Starting g1",
            "Yielded g1 ham",
            "Starting g2",
            "Yielded g2 spam",
            "Yielded g2 more spam",
            "Finishing g2",
            "Finishing g1",
        ]
    );
}

// ---- test_generator_return_value / test_next_and_return_with_value ----

#[coro::coroutine(yield = &'static str)]
fn g2_returns(v: Option<i32>) -> Option<i32> {
    log("g2 starting");
    yield_!("g2");
    log(format!("g2 returning {v:?}"));
    v
}

#[coro::coroutine(yield = &'static str)]
fn g1_collects_returns() {
    for v in [None, Some(1), Some(42)] {
        let ret = yield_from!(g2_returns(v));
        log(format!("g1 got {ret:?}"));
    }
}

#[test]
fn return_value_of_yield_from() {
    let ys: Vec<_> = g1_collects_returns().collect();
    assert_eq!(ys, ["g2", "g2", "g2"]);
    assert_eq!(
        take_log(),
        [
            "g2 starting",
            "g2 returning None",
            "g1 got None",
            "g2 starting",
            "g2 returning Some(1)",
            "g1 got Some(1)",
            "g2 starting",
            "g2 returning Some(42)",
            "g1 got Some(42)",
        ]
    );
}

#[test]
fn next_and_return_with_value() {
    let mut g = g2_returns(Some(7));
    assert_eq!(g.send(()), S::Yielded("g2"));
    // Python: StopIteration(7); here: Complete(7).
    assert_eq!(g.send(()), S::Complete(Some(7)));
}

#[test]
fn send_and_return_with_value() {
    #[coro::coroutine(yield = ())]
    fn g(#[resume] _first: i32) -> i32 {
        log("g starting");
        let x = yield_!(());
        log(format!("g received {x}"));
        x * 2
    }
    let mut gi = g();
    assert_eq!(gi.send(0), S::Yielded(()));
    assert_eq!(gi.send(21), S::Complete(42));
    assert_eq!(take_log(), ["g starting", "g received 21"]);
}

// ---- test_delegation_of_next_to_non_generator / test_conversion_of_sendNone_to_next ----

#[test]
fn delegation_to_a_non_generator_iterable() {
    #[coro::coroutine(yield = i32)]
    fn g() -> &'static str {
        yield_from!(coro::from_iter(0..3));
        "done"
    }
    let mut gi = g();
    assert_eq!(
        feed(&mut gi, [(); 4]),
        [
            S::Yielded(0),
            S::Yielded(1),
            S::Yielded(2),
            S::Complete("done")
        ]
    );
}

// ---- test_yield_from_empty ----

#[test]
fn yield_from_empty() {
    #[coro::coroutine(yield = u8)]
    fn g() {
        yield_from!(coro::from_iter([]));
    }
    assert_eq!(g().count(), 0);
}

// ---- test_send_tuple_with_custom_generator ----

#[test]
fn send_tuple_through_delegation() {
    #[coro::coroutine(yield = ())]
    fn inner(#[resume] first: (i32, i32, i32)) -> Vec<(i32, i32, i32)> {
        let mut got = vec![first];
        let next = yield_!(());
        got.push(next);
        got
    }
    #[coro::coroutine(yield = ())]
    fn outer(#[resume] first: (i32, i32, i32)) -> Vec<(i32, i32, i32)> {
        yield_from!(inner(), first)
    }
    let mut g = outer();
    assert_eq!(g.send((1, 2, 3)), S::Yielded(()));
    assert_eq!(g.send((4, 5, 6)), S::Complete(vec![(1, 2, 3), (4, 5, 6)]));
}

// ---- test_delegator_is_visible_to_debugger ----

#[test]
fn debug_of_delegator_shows_the_yield_from_line() {
    #[coro::coroutine(yield = u32)]
    fn sub() {
        yield_!(1);
    }
    #[coro::coroutine(yield = u32)]
    fn delegator() {
        yield_from!(sub());
        let yield_from_line = line!() - 1;
        log(yield_from_line.to_string());
    }
    let mut g = delegator();
    g.send(());
    let dbg = format!("{g:?}");
    assert!(dbg.starts_with("delegator (suspended at line "), "{dbg}");
    drain(&mut g);
    let line = take_log().pop().unwrap();
    assert_eq!(dbg, format!("delegator (suspended at line {line})"));
}

// ---- test_generators: laziness, return, close, finished after an exception ----

#[test]
fn generator_body_does_not_run_until_first_next() {
    #[coro::coroutine(yield = i32)]
    fn g() {
        log("started");
        yield_!(1);
    }
    let mut gi = g();
    assert!(take_log().is_empty());
    assert_eq!(gi.next(), Some(1));
    assert_eq!(take_log(), ["started"]);
}

#[test]
fn return_ends_iteration_and_stays_ended() {
    #[coro::coroutine(yield = i32)]
    fn g() {
        yield_!(1);
        return;
    }
    let mut gi = g();
    assert_eq!(gi.next(), Some(1));
    assert_eq!(gi.next(), None);
    assert_eq!(gi.next(), None);
}

#[test]
fn close_runs_finally_of_a_suspended_generator_only() {
    #[coro::coroutine(yield = i32)]
    fn g() {
        let _finally = Finally("exiting");
        yield_!(1);
        yield_!(2);
    }
    // Never started: the body, and so the `try`, was never entered.
    drop(g());
    assert!(take_log().is_empty());
    // Suspended inside the `try`.
    let mut gi = g();
    gi.next();
    drop(gi);
    assert_eq!(take_log(), ["exiting"]);
    // Finished: the `finally` already ran, closing does nothing more.
    let mut gi = g();
    assert_eq!(gi.by_ref().count(), 2);
    assert_eq!(take_log(), ["exiting"]);
    drop(gi);
    assert!(take_log().is_empty());
}

struct A {
    b: i32,
}

#[coro::coroutine(yield = ())]
fn assign_targets(#[resume] _first: i32) -> (i32, [i32; 3]) {
    let mut a = A { b: 0 };
    let mut arr = [0; 3];
    a.b = yield_!(());
    arr[1] = yield_!(());
    a.b += yield_!(());
    (a.b, arr)
}

#[test]
fn yield_as_the_value_assigned_to_a_field_or_an_index() {
    let mut g = assign_targets();
    assert_eq!(
        feed(&mut g, [0, 2, 7, 5]),
        [
            S::Yielded(()),
            S::Yielded(()),
            S::Yielded(()),
            S::Complete((7, [0, 7, 0]))
        ]
    );
}

#[coro::coroutine(yield = ())]
fn index_compound_assign(#[resume] _first: i32) -> ([i32; 3], Vec<i32>) {
    let mut arr = [0; 3];
    let mut v = vec![1, 1];
    arr[2] += yield_!(());
    v[0] -= yield_!(());
    (arr, v)
}

#[test]
fn yield_as_the_operand_of_a_compound_assignment_to_an_index() {
    let mut g = index_compound_assign();
    assert_eq!(
        feed(&mut g, [0, 5, 4]),
        [
            S::Yielded(()),
            S::Yielded(()),
            S::Complete(([0, 0, 5], vec![-3, 1]))
        ]
    );
}

#[test]
fn simple_coroutine_appending_what_it_receives() {
    #[coro::coroutine(yield = usize)]
    fn f(#[resume] _first: Option<&'static str>) -> Vec<&'static str> {
        let mut seq = vec![];
        let _finally = Finally("finished");
        while let Some(x) = yield_!(seq.len()) {
            seq.push(x);
        }
        seq
    }
    let mut g = f();
    assert_eq!(
        feed(&mut g, [None, Some("a"), Some("b"), None]),
        [
            S::Yielded(0),
            S::Yielded(1),
            S::Yielded(2),
            S::Complete(vec!["a", "b"])
        ]
    );
    assert_eq!(take_log(), ["finished"]);
}

// ---- Guido's binary-tree example: in-order traversal of a tree built from a sorted list ----

struct Tree {
    label: char,
    left: Option<Box<Tree>>,
    right: Option<Box<Tree>>,
}

fn tree(list: &[char]) -> Option<Box<Tree>> {
    if list.is_empty() {
        return None;
    }
    let i = list.len() / 2;
    Some(Box::new(Tree {
        label: list[i],
        left: tree(&list[..i]),
        right: tree(&list[i + 1..]),
    }))
}

fn inorder(t: Option<&Tree>) -> BoxCoroutine<'_, (), char, ()> {
    #[coro::coroutine(yield = char)]
    fn walk(t: Option<&Tree>) {
        if let Some(t) = t {
            yield_from!(inorder(t.left.as_deref()));
            yield_!(t.label);
            yield_from!(inorder(t.right.as_deref()));
        }
    }
    walk(t).boxed()
}

#[test]
fn recursive_inorder_traversal() {
    let letters: Vec<char> = ('A'..='Z').collect();
    let t = tree(&letters);
    let (got, ()) = drain(inorder(t.as_deref()));
    assert_eq!(got, letters);
}

// ---- Generators chained into a prime sieve ----

fn sieve(ints: BoxCoroutine<'static, (), u32, ()>) -> BoxCoroutine<'static, (), u32, ()> {
    #[coro::coroutine(yield = u32)]
    fn run(mut ints: BoxCoroutine<'static, (), u32, ()>) {
        #[coro::coroutine(yield = u32)]
        fn not_divisible(mut ints: BoxCoroutine<'static, (), u32, ()>, by: u32) {
            while let S::Yielded(n) = ints.send(()) {
                if n % by != 0 {
                    yield_!(n);
                }
            }
        }

        let S::Yielded(prime) = ints.send(()) else {
            return;
        };
        yield_!(prime);
        yield_from!(sieve(not_divisible(ints, prime).boxed()));
    }
    run(ints).boxed()
}

#[test]
fn prime_sieve_of_chained_generators() {
    let (primes, ()) = drain(sieve(coro::from_iter(2..60).boxed()));
    assert_eq!(
        primes,
        [
            2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59
        ]
    );
}

// ---- Merging sorted streams (the Hamming-numbers example) ----

#[coro::coroutine(yield = u64)]
fn merge(a: impl Iterator<Item = u64>, b: impl Iterator<Item = u64>) {
    let mut a = a.peekable();
    let mut b = b.peekable();
    loop {
        let next = match (a.peek().copied(), b.peek().copied()) {
            (None, None) => return,
            (Some(x), None) => {
                a.next();
                x
            }
            (None, Some(y)) => {
                b.next();
                y
            }
            (Some(x), Some(y)) => {
                if x <= y {
                    a.next();
                }
                if y <= x {
                    b.next();
                }
                x.min(y)
            }
        };
        yield_!(next);
    }
}

#[test]
fn merge_of_sorted_generators_removes_duplicates() {
    let evens = (0..10_u64).map(|i| i * 2);
    let threes = (0..7_u64).map(|i| i * 3);
    let got: Vec<_> = merge(evens, threes).collect();
    assert_eq!(got, [0, 2, 3, 4, 6, 8, 9, 10, 12, 14, 15, 16, 18]);
}

// ---- conjoin: N-queens by recursive generators ----

fn queens(n: usize, placed: Vec<usize>) -> BoxCoroutine<'static, (), Vec<usize>, ()> {
    #[coro::coroutine(yield = Vec<usize>)]
    fn solve(n: usize, placed: Vec<usize>) {
        let row = placed.len();
        if row == n {
            yield_!(placed);
            return;
        }
        for col in 0..n {
            let safe = placed
                .iter()
                .enumerate()
                .all(|(r, &c)| c != col && r.abs_diff(row) != c.abs_diff(col));
            if safe {
                let mut next = placed.clone();
                next.push(col);
                yield_from!(queens(n, next));
            }
        }
    }
    solve(n, placed).boxed()
}

#[test]
fn n_queens_by_recursive_generators() {
    let (four, ()) = drain(queens(4, vec![]));
    assert_eq!(four, [vec![1, 3, 0, 2], vec![2, 0, 3, 1]]);
    assert_eq!(drain(queens(6, vec![])).0.len(), 4);
    assert_eq!(drain(queens(8, vec![])).0.len(), 92);
}

// ---- A generator that owns a resource: RAII across yields ----

#[test]
fn resource_owned_by_a_generator_is_released_once() {
    #[coro::coroutine(yield = usize)]
    fn lines(text: &'static str) {
        let _file = D("file");
        for (i, _) in text.lines().enumerate() {
            yield_!(i);
        }
    }
    assert_eq!(lines("a\nb\nc").collect::<Vec<_>>(), [0, 1, 2]);
    assert_eq!(take_log(), ["drop file"]);
    let mut g = lines("a\nb");
    g.next();
    drop(g);
    assert_eq!(take_log(), ["drop file"]);
}
