//! Drops: every kept local is dropped exactly once, on completion, when the suspended coroutine
//! is dropped (innermost scope first, reverse declaration order) and when a panic escapes; RAII
//! guards stay held across suspension points; a local mentioned before a suspension point and
//! not used after it is dropped at that point (the documented difference from rustc).

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;

use coro::prelude::*;

use common::{D, drain, log, panic_message, take_log};

type S<Y, T> = CoroutineState<Y, T>;

/// Resumes a generator to completion, collecting what each resume logged.
fn logs_per_resume<G: Coroutine<Yield = u32, Return = ()> + Unpin>(g: &mut G) -> Vec<Vec<String>> {
    let mut per_resume = vec![];
    loop {
        let s = g.send(());
        per_resume.push(take_log());
        if s == S::Complete(()) {
            return per_resume;
        }
    }
}

/// Nested scopes whose locals are never mentioned again: all are kept, like guards.
#[coro::coroutine(yield = u32)]
fn scopes() {
    let _a = D("a");
    let _b = D("b");
    yield_!(0);
    {
        let _c = D("c");
        let _d = D("d");
        yield_!(1);
        {
            let _e = D("e");
            yield_!(2);
            log("inner end");
        }
        yield_!(3);
        log("middle end");
    }
    yield_!(4);
    log("outer end");
}

#[test]
fn completion_drops_each_local_once_at_the_end_of_its_scope() {
    let mut g = scopes();
    let per_resume = logs_per_resume(&mut g);
    assert_eq!(
        per_resume,
        [
            vec![],
            vec![],
            vec![],
            vec!["inner end", "drop e"],
            vec!["middle end", "drop d", "drop c"],
            vec!["outer end", "drop b", "drop a"],
        ]
    );
    drop(g);
    assert!(
        take_log().is_empty(),
        "nothing left to drop after completion"
    );
}

#[test]
fn dropping_while_suspended_drops_innermost_scope_first_in_reverse_order() {
    let expected: [&[&str]; 5] = [
        &["drop b", "drop a"],
        &["drop d", "drop c", "drop b", "drop a"],
        &["drop e", "drop d", "drop c", "drop b", "drop a"],
        &["drop d", "drop c", "drop b", "drop a"],
        &["drop b", "drop a"],
    ];
    for (point, want) in expected.iter().enumerate() {
        let mut g = scopes();
        for _ in 0..=point {
            assert!(matches!(g.send(()), S::Yielded(_)));
        }
        take_log();
        drop(g);
        assert_eq!(
            take_log(),
            *want,
            "dropped while suspended at yield {point}"
        );
    }
}

#[test]
fn dropping_a_coroutine_that_never_started_runs_nothing() {
    drop(scopes());
    assert!(take_log().is_empty());
}

/// The same shape, but every local is used after the suspension points.
#[coro::coroutine(yield = u32)]
fn scopes_used_after() -> usize {
    let a = D("a");
    let b = D("b");
    yield_!(0);
    let n = {
        let c = D("c");
        yield_!(1);
        log(c.0);
        c.0.len()
    };
    yield_!(2);
    log(b.0);
    log(a.0);
    n
}

#[test]
fn locals_used_after_a_suspension_point_are_kept_and_dropped_once() {
    let (ys, n) = drain(scopes_used_after());
    assert_eq!((ys, n), (vec![0, 1, 2], 1));
    assert_eq!(take_log(), ["c", "drop c", "b", "a", "drop b", "drop a"]);
    for (point, want) in [
        (0, &["drop b", "drop a"][..]),
        (1, &["drop c", "drop b", "drop a"][..]),
        (2, &["drop b", "drop a"][..]),
    ] {
        let mut g = scopes_used_after();
        for _ in 0..=point {
            g.send(());
        }
        take_log();
        drop(g);
        assert_eq!(take_log(), want, "dropped at yield {point}");
    }
}

#[coro::coroutine(yield = u32)]
fn params(_a: D, _b: D) {
    let _c = D("c");
    let _d = D("d");
    yield_!(1);
}

#[test]
fn parameters_are_dropped_after_locals_in_reverse_order() {
    assert_eq!(drain(params(D("a"), D("b"))), (vec![1], ()));
    assert_eq!(take_log(), ["drop d", "drop c", "drop b", "drop a"]);

    let mut g = params(D("a"), D("b"));
    g.send(());
    drop(g);
    assert_eq!(take_log(), ["drop d", "drop c", "drop b", "drop a"]);
}

#[test]
fn parameters_of_a_coroutine_that_never_started_are_dropped_once() {
    drop(params(D("a"), D("b")));
    let mut log = take_log();
    log.sort();
    assert_eq!(log, ["drop a", "drop b"]);
}

#[coro::coroutine(yield = &'static str)]
fn mentioned_before_not_after() {
    let a = D("a");
    log(format!("using {}", a.0));
    let _guard = D("guard");
    yield_!("suspended");
    log("after");
}

#[test]
fn local_mentioned_before_and_unused_after_is_dropped_at_the_suspension_point() {
    let mut g = mentioned_before_not_after();
    assert_eq!(g.send(()), S::Yielded("suspended"));
    // Plain Rust would drop `a` at the end of its scope; the coroutine drops it here.
    assert_eq!(take_log(), ["using a", "drop a"]);
    assert_eq!(g.send(()), S::Complete(()));
    assert_eq!(take_log(), ["after", "drop guard"]);
}

#[test]
fn local_dropped_at_the_suspension_point_is_not_dropped_again() {
    let mut g = mentioned_before_not_after();
    g.send(());
    take_log();
    drop(g);
    assert_eq!(take_log(), ["drop guard"]);
}

fn consume(d: D) {
    log(format!("consumed {}", d.0));
}

#[coro::coroutine(yield = u8)]
fn moved_before_yield(flag: bool) {
    let a = D("a");
    let b = D("b");
    consume(a);
    if flag {
        consume(b);
    }
    yield_!(1);
    log("end");
}

#[test]
fn moved_and_conditionally_moved_locals_are_dropped_once() {
    let mut g = moved_before_yield(true);
    g.send(());
    assert_eq!(take_log(), ["consumed a", "drop a", "consumed b", "drop b"]);
    g.send(());
    assert_eq!(take_log(), ["end"]);

    let mut g = moved_before_yield(false);
    g.send(());
    // `b` was mentioned (maybe moved) and is not used after: dropped at the suspension point.
    assert_eq!(take_log(), ["consumed a", "drop a", "drop b"]);
    drop(g);
    assert!(take_log().is_empty());
}

#[coro::coroutine(yield = u8)]
fn conditionally_moved_then_used(flag: bool) {
    let b = D("b");
    if flag {
        consume(b);
        yield_!(1);
        return;
    }
    yield_!(2);
    log(b.0);
}

#[test]
fn conditionally_moved_local_used_on_the_other_path() {
    let mut g = conditionally_moved_then_used(false);
    assert_eq!(g.send(()), S::Yielded(2));
    assert!(take_log().is_empty());
    drop(g);
    assert_eq!(take_log(), ["drop b"]);

    let mut g = conditionally_moved_then_used(true);
    assert_eq!(g.send(()), S::Yielded(1));
    assert_eq!(take_log(), ["consumed b", "drop b"]);
    assert_eq!(g.send(()), S::Complete(()));
    assert!(take_log().is_empty());
}

#[coro::coroutine(yield = u8)]
#[allow(unused_assignments)] // `a1` is never read, only dropped by the assignment
fn reassigned() {
    let mut a = D("a1");
    yield_!(1);
    a = D("a2");
    yield_!(2);
    log(format!("end with {}", a.0));
}

#[test]
fn whole_assignment_drops_the_old_value_and_keeps_the_new() {
    let mut g = reassigned();
    g.send(());
    assert!(take_log().is_empty(), "a1 is kept across the first yield");
    g.send(());
    assert_eq!(take_log(), ["drop a1"]);
    g.send(());
    assert_eq!(take_log(), ["end with a2", "drop a2"]);

    let mut g = reassigned();
    g.send(());
    drop(g);
    assert_eq!(take_log(), ["drop a1"]);

    let mut g = reassigned();
    g.send(());
    g.send(());
    take_log();
    drop(g);
    assert_eq!(take_log(), ["drop a2"]);
}

#[coro::coroutine(yield = usize)]
fn loop_locals(names: Vec<&'static str>) {
    for (i, name) in names.into_iter().enumerate() {
        let _d = D(name);
        yield_!(i);
    }
}

#[test]
fn loop_body_locals_are_dropped_every_iteration() {
    let mut g = loop_locals(vec!["x", "y", "z"]);
    g.send(());
    assert!(take_log().is_empty());
    g.send(());
    assert_eq!(take_log(), ["drop x"]);
    drop(g);
    assert_eq!(take_log(), ["drop y"]);

    let (ys, ()) = drain(loop_locals(vec!["x", "y"]));
    assert_eq!(ys, [0, 1]);
    assert_eq!(take_log(), ["drop x", "drop y"]);
}

#[coro::coroutine(yield = u8)]
fn guard_across_yield(m: &Mutex<Vec<u8>>) {
    let _held = m.lock().unwrap();
    yield_!(1);
    yield_!(2);
}

#[test]
fn raii_guard_is_held_across_suspension_points() {
    let m = Mutex::new(vec![]);
    let mut g = guard_across_yield(&m);
    assert!(m.try_lock().is_ok(), "not started: nothing held");
    g.send(());
    assert!(m.try_lock().is_err(), "held at the first yield");
    g.send(());
    assert!(m.try_lock().is_err(), "held at the second yield");
    assert_eq!(g.send(()), S::Complete(()));
    assert!(m.try_lock().is_ok(), "released on completion");

    let mut g = guard_across_yield(&m);
    g.send(());
    assert!(m.try_lock().is_err());
    drop(g);
    assert!(
        m.try_lock().is_ok(),
        "released when dropped while suspended"
    );
}

#[coro::coroutine(yield = usize)]
fn guard_used_across_yield(m: &Mutex<Vec<usize>>) -> usize {
    let mut v = m.lock().unwrap();
    v.push(1);
    yield_!(v.len());
    v.push(2);
    v.len()
}

#[test]
fn mutex_guard_used_on_both_sides_of_a_yield() {
    let m = Mutex::new(vec![]);
    let (ys, n) = drain(guard_used_across_yield(&m));
    assert_eq!((ys, n), (vec![1], 2));
    assert_eq!(*m.lock().unwrap(), [1, 2]);
}

#[allow(
    clippy::manual_assert,
    reason = "the panics are spelled out as the points under test"
)]
#[coro::coroutine(yield = u32)]
fn panicky(at: u32) {
    let _a = D("a");
    if at == 0 {
        panic!("boom 0");
    }
    yield_!(0);
    {
        let _b = D("b");
        if at == 1 {
            panic!("boom 1");
        }
        yield_!(1);
        let _c = D("c");
        if at == 2 {
            panic!("boom 2");
        }
        yield_!(2);
    }
    if at == 3 {
        panic!("boom 3");
    }
    yield_!(3);
}

#[test]
fn a_panic_at_each_point_drops_every_live_local_once() {
    let expected: [&[&str]; 4] = [
        &["drop a"],
        &["drop b", "drop a"],
        &["drop c", "drop b", "drop a"],
        // The panicking resume first leaves the block (dropping c and b), then panics.
        &["drop c", "drop b", "drop a"],
    ];
    for (at, want) in (0_u32..).zip(expected) {
        let mut g = panicky(at);
        for _ in 0..at {
            assert!(matches!(g.send(()), S::Yielded(_)));
        }
        take_log();
        let err = catch_unwind(AssertUnwindSafe(|| g.send(()))).unwrap_err();
        assert_eq!(panic_message(&*err), format!("boom {at}"));
        assert_eq!(take_log(), want, "panic at point {at}");
        drop(g);
        assert!(
            take_log().is_empty(),
            "nothing dropped twice after a panic at {at}"
        );
    }
}

#[coro::coroutine(yield = u8)]
fn panicking_sub() {
    let _s = D("sub");
    yield_!(1);
    panic!("sub panics");
}

#[coro::coroutine(yield = u8)]
fn outer_of_panicking_sub() {
    let _o = D("outer");
    yield_from!(panicking_sub());
    log("unreachable");
}

#[test]
fn a_panic_in_a_delegate_drops_both_levels_once() {
    let mut g = outer_of_panicking_sub();
    assert_eq!(g.send(()), S::Yielded(1));
    let err = catch_unwind(AssertUnwindSafe(|| g.send(()))).unwrap_err();
    assert_eq!(panic_message(&*err), "sub panics");
    assert_eq!(take_log(), ["drop sub", "drop outer"]);
    drop(g);
    assert!(take_log().is_empty());
}

#[coro::coroutine(yield = u8)]
fn sub_with_local() -> u8 {
    let _s = D("sub local");
    yield_!(1);
    yield_!(2);
    3
}

#[coro::coroutine(yield = u8)]
fn outer_with_local() -> u8 {
    let _o = D("outer local");
    let r = yield_from!(sub_with_local());
    yield_!(r);
    r
}

#[test]
fn dropping_while_delegating_drops_the_delegate_first() {
    let mut g = outer_with_local();
    g.send(());
    drop(g);
    assert_eq!(take_log(), ["drop sub local", "drop outer local"]);

    let mut g = outer_with_local();
    for _ in 0..3 {
        g.send(());
    }
    assert_eq!(take_log(), ["drop sub local"]);
    drop(g);
    assert_eq!(take_log(), ["drop outer local"]);
}

#[coro::coroutine(yield = D)]
fn yields_owned() -> D {
    yield_!(D("y1"));
    let d = D("y2");
    yield_!(d);
    D("ret")
}

#[test]
fn yielded_and_returned_values_belong_to_the_caller() {
    let mut g = yields_owned();
    let y1 = g.send(());
    assert!(take_log().is_empty());
    let y2 = g.send(());
    let ret = g.send(());
    assert!(
        take_log().is_empty(),
        "nothing the coroutine handed out was dropped by it"
    );
    drop((y1, y2, ret));
    assert_eq!(take_log(), ["drop y1", "drop y2", "drop ret"]);
    drop(g);
    assert!(take_log().is_empty());
}

#[coro::coroutine(yield = u8)]
fn resume_values(#[resume] first: D) -> D {
    log(format!("first {}", first.0));
    yield_!(1); // the resume value is discarded as the statement ends
    let kept = yield_!(2);
    log(format!("kept {}", kept.0));
    yield_!(3);
    log("after statement");
    kept
}

#[test]
fn resume_values_are_dropped_exactly_once() {
    let mut g = resume_values();
    assert_eq!(g.send(D("r1")), S::Yielded(1));
    // `first` is mentioned and not used after: dropped at the suspension point.
    assert_eq!(take_log(), ["first r1", "drop r1"]);
    assert_eq!(g.send(D("r2")), S::Yielded(2));
    assert_eq!(take_log(), ["drop r2"]);
    assert_eq!(g.send(D("r3")), S::Yielded(3));
    assert_eq!(take_log(), ["kept r3"]);
    let done = g.send(D("r4"));
    assert_eq!(take_log(), ["drop r4", "after statement"]);
    assert!(matches!(done, S::Complete(D("r3"))));
    drop(done);
    assert_eq!(take_log(), ["drop r3"]);
}

#[coro::coroutine(yield = u8)]
fn let_underscore(#[resume] _first: D) {
    let _ = yield_!(1);
    log("after let _");
    yield_!(2);
}

#[test]
fn let_underscore_drops_the_resume_value_at_once() {
    let mut g = let_underscore();
    g.send(D("r1"));
    assert!(take_log().is_empty());
    g.send(D("r2"));
    assert_eq!(take_log(), ["drop r2", "after let _"]);
    drop(g);
    assert_eq!(take_log(), ["drop r1"]);
}

#[coro::coroutine(yield = u8)]
fn destructured() {
    let (_x, _y) = (D("x"), D("y"));
    let [_p, _q] = [D("p"), D("q")];
    yield_!(1);
}

#[test]
fn destructured_bindings_drop_in_reverse_order() {
    drain(destructured());
    assert_eq!(take_log(), ["drop q", "drop p", "drop y", "drop x"]);
    let mut g = destructured();
    g.send(());
    drop(g);
    assert_eq!(take_log(), ["drop q", "drop p", "drop y", "drop x"]);
}

#[coro::coroutine(yield = u8)]
fn match_binding(v: Option<D>) {
    match v {
        Some(d) => {
            yield_!(1);
            log(format!("matched {}", d.0));
        }
        None => yield_!(0),
    }
    yield_!(2);
}

#[test]
fn match_arm_bindings_are_dropped_at_the_end_of_the_arm() {
    let mut g = match_binding(Some(D("m")));
    g.send(());
    g.send(());
    assert_eq!(take_log(), ["matched m", "drop m"]);
    drop(g);
    assert!(take_log().is_empty());

    let mut g = match_binding(Some(D("m")));
    g.send(());
    drop(g);
    assert_eq!(take_log(), ["drop m"]);
}

#[coro::coroutine(yield = u8)]
fn early_return_drops(stop: bool) -> u8 {
    let _a = D("a");
    {
        let _b = D("b");
        yield_!(1);
        if stop {
            return 0;
        }
    }
    yield_!(2);
    1
}

#[test]
fn return_drops_every_live_local_once() {
    assert_eq!(drain(early_return_drops(true)), (vec![1], 0));
    assert_eq!(take_log(), ["drop b", "drop a"]);
    assert_eq!(drain(early_return_drops(false)), (vec![1, 2], 1));
    assert_eq!(take_log(), ["drop b", "drop a"]);
}

#[test]
fn panic_while_dropping_the_suspended_state_is_not_a_double_drop() {
    struct Bomb;
    impl Drop for Bomb {
        fn drop(&mut self) {
            log("bomb");
            panic!("bomb in drop");
        }
    }

    #[coro::coroutine(yield = u8)]
    fn with_bomb() {
        let _first = D("first");
        let _bomb = Bomb;
        yield_!(1);
    }

    let mut g = with_bomb();
    g.send(());
    let err = catch_unwind(AssertUnwindSafe(move || drop(g))).unwrap_err();
    assert_eq!(panic_message(&*err), "bomb in drop");
    // The panic in the first drop does not stop the remaining kept locals from being dropped.
    assert_eq!(take_log(), ["bomb", "drop first"]);
}

#[coro::coroutine(yield = &'static str)]
fn for_over_droppers() {
    for d in vec![D("a"), D("b"), D("c")] {
        yield_!(d.0);
    }
}

#[test]
fn loop_variable_and_the_rest_of_the_iterator() {
    let mut g = for_over_droppers();
    g.send(());
    // `d` is mentioned by the yield and not used after it: dropped at the suspension point.
    assert_eq!(take_log(), ["drop a"]);
    drop(g);
    // The iterator, kept across the suspension point, still owns `b` and `c`.
    assert_eq!(take_log(), ["drop b", "drop c"]);
}

#[coro::coroutine(yield = &'static str)]
fn temporary_in_match_scrutinee() {
    match D("tmp").0 {
        s => {
            yield_!(s);
            log("arm end");
        }
    }
    log("after match");
}

/// The documented difference from rustc, for temporaries: rustc keeps the scrutinee's
/// temporary to the end of the `match`; here nothing after the suspension point uses it, so it
/// is dropped there (README, "Limitations").
#[test]
fn temporary_of_a_match_scrutinee_is_dropped_at_the_suspension_point() {
    let mut g = temporary_in_match_scrutinee();
    assert_eq!(g.send(()), CoroutineState::Yielded("tmp"));
    assert_eq!(take_log(), ["drop tmp"]);
    g.send(());
    assert_eq!(take_log(), ["arm end", "after match"]);
}

// Does not compile yet; delete the `cfg` line once wip/bugs/partial-move-kept.rs is fixed.
#[cfg(any())]
mod pending_partial_move {
    use super::*;

    #[coro::coroutine(yield = u8)]
    fn partial() {
        let p = (D("x"), D("y"));
        consume(p.0);
        yield_!(1);
        log(p.1.0);
    }

    #[test]
    fn partially_moved_local_keeps_its_other_fields() {
        let mut g = partial();
        g.send(());
        assert_eq!(take_log(), ["consumed x", "drop x"]);
        g.send(());
        assert_eq!(take_log(), ["y", "drop y"]);
    }
}

/// A local that one branch moves and another does not, in a branch that suspends.
#[coro::coroutine(yield = u8)]
fn maybe_moved(flag: bool) {
    let d = D("d");
    if flag {
        drop(d);
        yield_!(1);
    }
    log("after the if");
    yield_!(2);
    log("end");
}

#[test]
fn a_mentioned_local_is_dropped_where_the_state_machine_leaves_it_behind() {
    // Where the `if` above joins, `d` may have been moved; the macro sees no types, so it
    // cannot keep a maybe-moved local and drops it on the path that did not move it, at the
    // jump to the join. Plain Rust would drop it at the end of the function (a drop flag).
    let (yields, ()) = drain(maybe_moved(false));
    assert_eq!(yields, [2]);
    assert_eq!(take_log(), ["drop d", "after the if", "end"]);
    let (yields, ()) = drain(maybe_moved(true));
    assert_eq!(yields, [1, 2]);
    assert_eq!(take_log(), ["drop d", "after the if", "end"]);
}

/// Locals named without a leading `_` and never mentioned: the value is kept under a hidden name
/// (so that rustc can still call the name unused) and dropped where the local would be.
#[coro::coroutine(yield = u32)]
#[allow(unused_variables, reason = "the locals are guards, never mentioned")]
fn unnamed_guards() {
    let a = D("a");
    let b: D = D("b");
    yield_!(0);
    {
        let c = D("c");
        yield_!(1);
        log("inner end");
    }
    yield_!(2);
    log("outer end");
}

#[test]
fn never_mentioned_locals_without_underscore_are_held_like_guards() {
    let mut g = unnamed_guards();
    let per_resume = logs_per_resume(&mut g);
    assert_eq!(
        per_resume,
        [
            vec![],
            vec![],
            vec!["inner end", "drop c"],
            vec!["outer end", "drop b", "drop a"],
        ]
    );
    let mut g = unnamed_guards();
    g.send(());
    g.send(());
    drop(g);
    assert_eq!(take_log(), ["drop c", "drop b", "drop a"]);
}
