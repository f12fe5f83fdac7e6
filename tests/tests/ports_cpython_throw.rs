//! The `throw` and `close` behaviours checked by `CPython`'s `test_generators.py` (the
//! `coroutine_tests` doctests, `GeneratorCloseTest`, `GeneratorThrowTest`), `test_yield_from.py`
//! and `test_coroutines.py` that have a Rust meaning, rewritten for `#[coro::coroutine]` with
//! `coro::Resume` as the resume type.
//!
//! The mapping: Python raises the thrown exception (or `GeneratorExit`) at the `yield`; here the
//! `yield_!` evaluates to `Resume::Throw(e)` (or `Resume::Close`). `yield_!(..)?` lets it
//! propagate (an uncaught exception: the coroutine completes with `Err(Exit::..)`), a `match`
//! catches it (`except`), and `finally:` blocks are drop guards. An exception escaping
//! `close()` in Python is an `Err` in the value `close` returns here, or a panic where the
//! Python test raises from plain code.
#![allow(
    clippy::manual_assert,
    reason = "the raises of the Python tests are spelled out as `if .. { panic!() }`"
)]

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::{Rc, Weak};

use coro::prelude::*;
use coro::{Exit, Resume, Status};

use common::{Finally, log, panic_message, take_log};

type S<Y, T> = CoroutineState<Y, T>;

/// The exceptions the Python tests throw: `ValueError`, `TypeError`, `RuntimeError`.
#[derive(Clone, Debug, PartialEq, Eq)]
enum PyErr {
    Value(String),
    Type(String),
    Runtime,
}

/// Sends Python's `None`: `next(g)` on a coroutine that takes `Resume<(), E>`.
fn next<G, E>(g: &mut G) -> S<G::Yield, G::Return>
where
    G: Coroutine<Resume<(), E>> + Unpin,
{
    g.send(Resume::Send(()))
}

/// Runs `f`, expecting a panic, and returns its message.
fn panics(f: impl FnOnce()) -> String {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(()) => panic!("expected a panic"),
        Err(payload) => panic_message(&*payload),
    }
}

// ---- test_generators.py, coroutine_tests: "Now check some throw() conditions" ----

/// `while True: try: print((yield)) except ValueError as v: print("caught ValueError (%s)" % v)`
#[coro::coroutine(yield = ())]
fn catches_value_errors(#[resume] first: Resume<i32, PyErr>) -> Result<(), Exit<PyErr>> {
    // Thrown into before the first `yield`: nothing catches it yet.
    let mut received = first?;
    loop {
        log(format!("{received}"));
        received = loop {
            match yield_!(()) {
                Resume::Throw(PyErr::Value(v)) => log(format!("caught ValueError ({v})")),
                other => break other?,
            }
        };
    }
}

#[test]
fn thrown_error_caught_by_the_generator_which_carries_on() {
    let mut g = catches_value_errors();
    assert_eq!(g.send(Resume::Send(0)), S::Yielded(()));
    // `g.throw(ValueError("xyz"))`: caught at the `yield`, the generator yields again.
    assert_eq!(g.throw(PyErr::Value("xyz".into())), S::Yielded(()));
    assert_eq!(g.throw(PyErr::Value("1".into())), S::Yielded(()));
    // `g.send(1)` prints 1: the generator is still running its loop.
    assert_eq!(g.send(Resume::Send(1)), S::Yielded(()));
    assert_eq!(
        take_log(),
        ["0", "caught ValueError (xyz)", "caught ValueError (1)", "1"]
    );
    assert_eq!(g.status(), Some(Status::Suspended));
}

#[test]
fn uncaught_thrown_error_terminates_the_generator() {
    let mut g = catches_value_errors();
    g.send(Resume::Send(0));
    // `throw(g, TypeError)  # terminate the generator`: the TypeError propagates out.
    assert_eq!(
        g.throw(PyErr::Type(String::new())),
        S::Complete(Err(Exit::Thrown(PyErr::Type(String::new()))))
    );
    // `print(g.gi_frame)` is None: the generator is finished.
    assert_eq!(g.status(), Some(Status::Complete));
    // `g.send(2)` raises StopIteration; a finished coroutine panics when resumed.
    let message = panics(|| {
        g.send(Resume::Send(2));
    });
    assert_eq!(message, "coroutine resumed after completion");
}

#[test]
fn throw_on_a_closed_generator() {
    // `g.throw(ValueError, 6)  # throw on closed generator` raises the thrown error again in
    // Python; in Rust, resuming a finished coroutine in any way panics.
    let mut g = catches_value_errors();
    g.send(Resume::Send(0));
    assert_eq!((&mut g).close(), Some(Err(Exit::Closed)));
    let message = panics(|| {
        g.throw(PyErr::Value("6".into()));
    });
    assert_eq!(message, "coroutine resumed after completion");
}

#[test]
fn throw_on_a_just_opened_generator() {
    // `f().throw(ValueError, 7)  # throw on just-opened generator`: raised before the body's
    // first line. The `#[resume]` parameter receives it; `first?` is the body's first line.
    let mut g = catches_value_errors();
    assert_eq!(
        g.throw(PyErr::Value("7".into())),
        S::Complete(Err(Exit::Thrown(PyErr::Value("7".into()))))
    );
    assert!(take_log().is_empty(), "no line of the body ran");
}

// ---- test_generators.py, coroutine_tests: "Now let's try closing a generator" ----

/// `try: yield  except GeneratorExit: print("exiting")`
#[coro::coroutine(yield = ())]
fn prints_exiting(#[resume] _first: Resume<(), PyErr>) -> Result<(), Exit<PyErr>> {
    if let Resume::Close = yield_!(()) {
        log("exiting");
    }
    Ok(())
}

#[test]
fn close_a_suspended_generator_then_close_again() {
    let mut g = prints_exiting();
    next(&mut g);
    // `g.close()` prints "exiting".
    assert_eq!((&mut g).close(), Some(Ok(())));
    assert_eq!(take_log(), ["exiting"]);
    // `g.close()  # should be no-op now`
    assert_eq!((&mut g).close(), None);
    assert!(take_log().is_empty());
}

#[test]
fn close_on_a_just_opened_generator() {
    // `f().close()  # close on just-opened generator should be fine`: nothing runs.
    assert_eq!(prints_exiting().close(), None);
    assert!(take_log().is_empty());

    // `def f(): yield`, closed before opening and after one `next`.
    #[coro::coroutine(yield = ())]
    fn simpler(#[resume] _first: Resume<(), PyErr>) {
        log("started");
        let _ = yield_!(());
        log("after the yield");
    }
    assert_eq!(simpler().close(), None);
    assert!(take_log().is_empty());
    let mut g = simpler();
    next(&mut g);
    // This body ignores what its `yield_!` evaluates to and runs to its end: `close` returns
    // its return value.
    assert_eq!(g.close(), Some(()));
    assert_eq!(take_log(), ["started", "after the yield"]);
}

#[test]
fn close_runs_the_finally_block() {
    // `try: yield  finally: print("exiting")`; Python runs it on `del g`, `close` runs it too.
    #[coro::coroutine(yield = ())]
    fn f(#[resume] _first: Resume<(), PyErr>) -> Result<(), Exit<PyErr>> {
        let _finally = Finally("exiting");
        yield_!(())?;
        log("not reached");
        Ok(())
    }
    let mut g = f();
    next(&mut g);
    assert!(take_log().is_empty());
    assert_eq!((&mut g).close(), Some(Err(Exit::Closed)));
    assert_eq!(take_log(), ["exiting"], "the guard ran inside `close`");
    drop(g);
    assert!(take_log().is_empty(), "and only once");
}

#[test]
fn generator_exit_is_not_caught_by_except_exception() {
    // `try: yield  except Exception: print('except')  finally: print('finally')`: closing runs
    // only the `finally`. Here a `match` that handles every thrown error does not see a close.
    #[coro::coroutine(yield = ())]
    fn f(#[resume] _first: Resume<(), PyErr>) -> Result<(), Exit<PyErr>> {
        let _finally = Finally("finally");
        match yield_!(()) {
            Resume::Throw(_) => log("except"),
            other => other?,
        }
        Ok(())
    }
    let mut g = f();
    next(&mut g);
    assert_eq!(g.close(), Some(Err(Exit::Closed)));
    assert_eq!(take_log(), ["finally"]);
}

/// `try: yield  except GeneratorExit: yield "foo!"`
#[coro::coroutine(yield = &'static str)]
fn yields_on_close(#[resume] _first: Resume<(), PyErr>) -> Result<(), Exit<PyErr>> {
    if let Resume::Close = yield_!("") {
        yield_!("foo!")?;
    }
    Ok(())
}

#[test]
fn ill_behaved_generator_ignoring_close() {
    let mut g = yields_on_close();
    next(&mut g);
    // `g.close()` raises `RuntimeError: generator ignored GeneratorExit`.
    let message = panics(|| {
        (&mut g).close();
    });
    assert_eq!(
        message,
        "coroutine ignored close: it yielded instead of completing"
    );
    // The generator is suspended at `yield "foo!"` and the second `g.close()` finishes it:
    // the close propagates from there (Python swallows that `GeneratorExit` and returns None).
    assert_eq!(g.status(), Some(Status::Suspended));
    assert_eq!((&mut g).close(), Some(Err(Exit::Closed)));
    assert_eq!(g.status(), Some(Status::Complete));
}

#[test]
fn error_raised_while_closing_propagates() {
    // `try: yield  except GeneratorExit: raise TypeError("fie!")`: `g.close()` raises it.
    #[coro::coroutine(yield = ())]
    fn f(#[resume] _first: Resume<(), PyErr>) -> Result<(), Exit<PyErr>> {
        if let Resume::Close = yield_!(()) {
            return Err(Exit::Thrown(PyErr::Type("fie!".into())));
        }
        Ok(())
    }
    let mut g = f();
    next(&mut g);
    assert_eq!(
        g.close(),
        Some(Err(Exit::Thrown(PyErr::Type("fie!".into()))))
    );
}

// ---- test_generators.py, GeneratorCloseTest (Python 3.13: `close` returns a value) ----

/// `try: yield  except GeneratorExit: return 0`
#[coro::coroutine(yield = ())]
fn returns_zero_on_close(#[resume] _first: Resume<(), PyErr>) -> Result<i32, Exit<PyErr>> {
    match yield_!(()) {
        Resume::Close => Ok(0),
        other => {
            other?;
            Ok(1)
        }
    }
}

#[test]
fn close_no_return_value() {
    // `def f(): yield`; `gen.close()` is None: the `GeneratorExit` propagated. Here the close
    // propagates through `?` and `close` hands back that `Err`.
    #[coro::coroutine(yield = ())]
    fn f(#[resume] _first: Resume<(), PyErr>) -> Result<(), Exit<PyErr>> {
        yield_!(())?;
        Ok(())
    }
    let mut g = f();
    next(&mut g);
    assert_eq!(g.close(), Some(Err(Exit::Closed)));
}

#[test]
fn close_return_value() {
    let mut g = returns_zero_on_close();
    next(&mut g);
    assert_eq!(g.close(), Some(Ok(0)));
}

#[test]
fn close_not_catching_exit() {
    // `yield; return 0`: the close propagates from the `yield`, the `return 0` never runs.
    #[coro::coroutine(yield = ())]
    fn f(#[resume] _first: Resume<(), PyErr>) -> Result<i32, Exit<PyErr>> {
        yield_!(())?;
        Ok(0)
    }
    let mut g = f();
    next(&mut g);
    assert_eq!(g.close(), Some(Err(Exit::Closed)));
}

#[test]
fn close_not_started() {
    let g = returns_zero_on_close();
    assert_eq!(g.status(), Some(Status::NotStarted));
    assert_eq!(g.close(), None);
}

#[test]
fn close_exhausted() {
    let mut g = returns_zero_on_close();
    next(&mut g);
    // `next(gen)` raises StopIteration: the generator returns.
    assert_eq!(next(&mut g), S::Complete(Ok(1)));
    assert_eq!(g.close(), None);
}

#[test]
fn close_closed() {
    let mut g = returns_zero_on_close();
    next(&mut g);
    assert_eq!((&mut g).close(), Some(Ok(0)));
    assert_eq!((&mut g).close(), None);
}

#[test]
fn close_raises() {
    // `except GeneratorExit: pass` then `raise RuntimeError`: `gen.close()` raises it. A panic
    // in the body escapes `close` and poisons the coroutine.
    #[coro::coroutine(yield = ())]
    fn f(#[resume] _first: Resume<(), PyErr>) {
        let _ = yield_!(());
        panic!("RuntimeError");
    }
    let mut g = f();
    next(&mut g);
    let message = panics(|| {
        (&mut g).close();
    });
    assert_eq!(message, "RuntimeError");
    assert_eq!(g.status(), Some(Status::Poisoned));
    // Closing a coroutine a panic escaped runs nothing (Python: the generator is closed).
    assert_eq!(g.close(), None);
}

#[test]
fn close_releases_frame_locals() {
    // gh-118272: `a = f; yield`; after `del f; g.close()` the object is gone.
    #[coro::coroutine(yield = ())]
    fn genfn(a: Rc<String>, #[resume] _first: Resume<(), PyErr>) -> Result<(), Exit<PyErr>> {
        let _a = a;
        yield_!(())?;
        Ok(())
    }
    let f = Rc::new(String::from("Foo"));
    let f_wr: Weak<String> = Rc::downgrade(&f);
    let mut g = genfn(f);
    next(&mut g);
    assert!(f_wr.upgrade().is_some(), "kept across the yield");
    (&mut g).close();
    assert!(
        f_wr.upgrade().is_none(),
        "released by `close`, not by the drop"
    );
    drop(g);
}

// ---- test_generators.py, GeneratorThrowTest ----

#[test]
fn exception_caught_inside_the_generator_then_yield() {
    // test_exception_context_with_yield_inside_generator: the generator catches the thrown
    // error and yields 'b', which is what `gen.throw(ValueError)` returns.
    #[coro::coroutine(yield = &'static str)]
    fn f(#[resume] _first: Resume<(), PyErr>) -> Result<(), Exit<PyErr>> {
        let _context = "KeyError('a')";
        match yield_!("") {
            Resume::Throw(PyErr::Value(_)) => yield_!("b")?,
            other => other?,
        }
        Ok(())
    }
    let mut g = f();
    next(&mut g);
    assert_eq!(g.throw(PyErr::Value(String::new())), S::Yielded("b"));
}

/// An error type of the user's own: `?` on a `Resume` converts `Exit<PyErr>` into it.
#[derive(Debug, PartialEq, Eq)]
enum Failure {
    Runtime,
    Exited(Exit<PyErr>),
}

impl From<Exit<PyErr>> for Failure {
    fn from(exit: Exit<PyErr>) -> Self {
        Failure::Exited(exit)
    }
}

#[test]
fn throw_after_none_exc_type() {
    // `try: yield  except Exception: raise RuntimeError`: throwing ValueError raises
    // RuntimeError out of `throw`.
    #[coro::coroutine(yield = ())]
    fn g(#[resume] _first: Resume<(), PyErr>) -> Result<(), Failure> {
        let _handled = PyErr::Runtime; // the KeyError raised and handled before
        match yield_!(()) {
            Resume::Throw(_) => Err(Failure::Runtime),
            other => {
                other?;
                Ok(())
            }
        }
    }
    let mut gen_ = g();
    next(&mut gen_);
    assert_eq!(
        gen_.throw(PyErr::Value(String::new())),
        S::Complete(Err(Failure::Runtime))
    );
    // And a close goes through `?` and `From` into the user's error type.
    let mut gen_ = g();
    next(&mut gen_);
    assert_eq!(gen_.close(), Some(Err(Failure::Exited(Exit::Closed))));
}

// ---- test_yield_from.py: throw and close reach the delegate ----

#[coro::coroutine(yield = &'static str)]
fn g2_spam(#[resume] _first: Resume<(), PyErr>) -> Result<(), Exit<PyErr>> {
    let _finally = Finally("Finishing g2");
    log("Starting g2");
    yield_!("g2 spam")?;
    yield_!("g2 more spam")?;
    Ok(())
}

#[coro::coroutine(yield = &'static str)]
fn g1_ham(#[resume] _first: Resume<(), PyErr>) -> Result<(), Exit<PyErr>> {
    let _finally = Finally("Finishing g1");
    log("Starting g1");
    yield_!("g1 ham")?;
    yield_from!(g2_spam(), Resume::Send(()))?;
    yield_!("g1 eggs")?;
    Ok(())
}

/// The first two `next(g)` calls of the delegation tests, logged.
fn start_g1_ham<G>(g: &mut G)
where
    G: Coroutine<Resume<(), PyErr>, Yield = &'static str> + Unpin,
{
    for _ in 0..2 {
        if let S::Yielded(x) = next(g) {
            log(format!("Yielded {x}"));
        }
    }
}

#[test]
fn delegating_throw() {
    let mut g = g1_ham();
    start_g1_ham(&mut g);
    let e = PyErr::Value("tomato ejected".into());
    assert_eq!(g.throw(e.clone()), S::Complete(Err(Exit::Thrown(e))));
    assert_eq!(
        take_log(),
        [
            "Starting g1",
            "Yielded g1 ham",
            "Starting g2",
            "Yielded g2 spam",
            "Finishing g2",
            "Finishing g1"
        ]
    );
}

#[test]
fn delegating_close() {
    let mut g = g1_ham();
    start_g1_ham(&mut g);
    assert_eq!(g.close(), Some(Err(Exit::Closed)));
    assert_eq!(
        take_log(),
        [
            "Starting g1",
            "Yielded g1 ham",
            "Starting g2",
            "Yielded g2 spam",
            "Finishing g2",
            "Finishing g1"
        ]
    );
}

#[test]
fn returning_value_from_delegated_throw() {
    #[coro::coroutine(yield = &'static str)]
    fn g2(#[resume] _first: Resume<(), PyErr>) -> Result<(), Exit<PyErr>> {
        log("Starting g2");
        yield_!("g2 spam")?;
        let caught = match yield_!("g2 more spam") {
            Resume::Throw(PyErr::Value(_)) => true,
            other => {
                other?;
                false
            }
        };
        if caught {
            log("Caught LunchError in g2");
            yield_!("g2 lunch saved")?;
            yield_!("g2 yet more spam")?;
        }
        Ok(())
    }
    #[coro::coroutine(yield = &'static str)]
    fn g1(#[resume] _first: Resume<(), PyErr>) -> Result<(), Exit<PyErr>> {
        let _finally = Finally("Finishing g1");
        log("Starting g1");
        yield_!("g1 ham")?;
        yield_from!(g2(), Resume::Send(()))?;
        yield_!("g1 eggs")?;
        Ok(())
    }
    let mut g = g1();
    for _ in 0..3 {
        if let S::Yielded(x) = next(&mut g) {
            log(format!("Yielded {x}"));
        }
    }
    // `g.throw(LunchError("tomato ejected"))` returns what g2 yields after catching it.
    assert_eq!(
        g.throw(PyErr::Value("tomato ejected".into())),
        S::Yielded("g2 lunch saved")
    );
    while let S::Yielded(x) = next(&mut g) {
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
            "Caught LunchError in g2",
            "Yielded g2 yet more spam",
            "Yielded g1 eggs",
            "Finishing g1"
        ]
    );
}

// ---- test_coroutines.py ----

#[test]
fn coroutine_ignoring_generator_exit() {
    // test_func_14: `try: await gen() except GeneratorExit: await gen()`, then `c.close()`
    // raises `RuntimeError: coroutine ignored GeneratorExit`.
    #[coro::coroutine(yield = ())]
    fn gen_(#[resume] _first: Resume<(), PyErr>) -> Result<(), Exit<PyErr>> {
        yield_!(())?;
        Ok(())
    }
    #[coro::coroutine(yield = ())]
    fn coro_(#[resume] first: Resume<(), PyErr>) -> Result<(), Exit<PyErr>> {
        if let Err(Exit::Closed) = yield_from!(gen_(), first) {
            yield_from!(gen_(), Resume::Send(()))?;
        }
        Ok(())
    }
    let mut c = coro_();
    next(&mut c);
    let message = panics(|| {
        c.close();
    });
    assert_eq!(
        message,
        "coroutine ignored close: it yielded instead of completing"
    );
}

#[test]
fn close_through_a_box_and_adapters() {
    // `status` is reported through `boxed()` and the adapters, so `close` leaves a boxed
    // coroutine alone before it starts and after it ends (test_close_not_started and
    // test_close_exhausted again, on a `BoxCoroutine`).
    let boxed = returns_zero_on_close().map_yield(|()| 1).boxed();
    assert_eq!(boxed.status(), Some(Status::NotStarted));
    assert_eq!(boxed.close(), None);

    let mut boxed = returns_zero_on_close()
        .map_return(|r| r.map(|x| x + 10))
        .boxed();
    next(&mut boxed);
    assert_eq!(boxed.close(), Some(Ok(10)));
}
