//! Regression tests named after what they once caught.

mod common;

use common::{D, drain, log, take_log};
use coro::prelude::*;

#[coro::coroutine(yield = u8)]
fn impl_return() -> impl std::fmt::Display {
    yield_!(1);
    5
}

#[test]
fn impl_trait_return_type() {
    let mut g = impl_return();
    assert!(matches!(g.send(()), CoroutineState::Yielded(1)));
    let CoroutineState::Complete(r) = g.send(()) else {
        panic!("expected completion");
    };
    assert_eq!(r.to_string(), "5");
}

// Found by the differential tests: the `else` block of a `let .. else` was analysed as if the
// pattern's bindings were already initialised there, so one of them "had to be kept" across a
// suspension point in that block and the expansion failed.
#[coro::coroutine(yield = i64)]
fn let_else_with_suspending_else(#[resume] first: i64) -> Result<i64, i64> {
    let Some(x) = Some(first).filter(|v| *v > 0) else {
        return Err({
            let Some(y) = Some(yield_!(-1)).filter(|v| *v != 0) else {
                return Ok(0);
            };
            y * 10
        });
    };
    Ok(yield_!(x) + x)
}

#[test]
fn let_else_bindings_are_not_kept_in_their_else_block() {
    let mut g = let_else_with_suspending_else();
    assert_eq!(g.send(4), CoroutineState::Yielded(4));
    assert_eq!(g.send(1), CoroutineState::Complete(Ok(5)));
    let mut g = let_else_with_suspending_else();
    assert_eq!(g.send(-4), CoroutineState::Yielded(-1));
    assert_eq!(g.send(3), CoroutineState::Complete(Err(30)));
    let mut g = let_else_with_suspending_else();
    assert_eq!(g.send(-4), CoroutineState::Yielded(-1));
    assert_eq!(g.send(0), CoroutineState::Complete(Ok(0)));
}

// Found by the differential tests: a `for` loop variable with the name of a kept local hid it
// from the loop's exit, which read the local after moving it aside (E0382).
#[coro::coroutine(yield = &'static str)]
fn loop_variable_shadows_a_kept_local() -> &'static str {
    let d = D("outer");
    yield_!("start");
    for d in [D("first"), D("second")] {
        yield_!(d.0);
    }
    yield_!("after");
    d.0
}

#[test]
fn a_pattern_binding_that_hides_a_kept_local_does_not_move_it_from_other_branches() {
    let (yields, ret) = drain(loop_variable_shadows_a_kept_local());
    assert_eq!(yields, ["start", "first", "second", "after"]);
    assert_eq!(ret, "outer");
    assert_eq!(take_log(), ["drop first", "drop second", "drop outer"]);
}

// Found by the differential tests: a `let` in an inner block, resumed after a suspension point
// in its initialiser, outlived the block (the resumed code had no Rust block for that scope), so
// it was dropped after the code that follows the block.
#[coro::coroutine(yield = u8)]
fn shadow_in_inner_block(flag: bool) -> &'static str {
    let d = D("outer");
    if flag {
        {
            let d = D({
                yield_!(1);
                "inner"
            });
            log(format!("in block: {}", d.0));
        }
        {
            log(format!("after block: {}", d.0));
        }
    }
    d.0
}

#[test]
fn a_let_resumed_in_an_inner_block_is_dropped_at_the_end_of_that_block() {
    let (yields, ret) = drain(shadow_in_inner_block(true));
    assert_eq!(yields, [1]);
    assert_eq!(ret, "outer");
    assert_eq!(
        take_log(),
        [
            "in block: inner",
            "drop inner",
            "after block: outer",
            "drop outer"
        ]
    );
}

// Found by the differential tests: an operand that is a plain local was read where the whole
// expression finished, after a later operand that suspends had written the local, instead of
// before that operand ran.
#[coro::coroutine(yield = i64)]
fn operands_read_before_later_writes(#[resume] first: i64) -> (i64, i64, i64) {
    let mut x = first;
    let a = i64::wrapping_add(x, {
        x = 10;
        yield_!(x)
    });
    let mut c = 1;
    let b = i64::wrapping_add(c, {
        c += 100;
        yield_!(c)
    });
    let mut m = 2;
    let mut fifty = 50;
    let d = i64::wrapping_add(m, {
        std::mem::swap(&mut m, &mut fifty);
        yield_!(m)
    });
    (a, b, d)
}

#[test]
fn an_operand_is_read_before_a_later_operand_writes_it() {
    let mut g = operands_read_before_later_writes();
    assert_eq!(g.send(1), CoroutineState::Yielded(10));
    assert_eq!(g.send(5), CoroutineState::Yielded(101));
    assert_eq!(g.send(7), CoroutineState::Yielded(50));
    assert_eq!(g.send(3), CoroutineState::Complete((1 + 5, 1 + 7, 2 + 3)));
}

// Found by the differential tests: a `let` whose initialiser assigns a local on some path only
// (`x = ..` inside a branch or a loop) was analysed as assigning it on every path, so the local
// was not carried into that code and was declared there uninitialised (E0381).
#[coro::coroutine(yield = i64)]
fn assigned_on_some_path_in_an_initialiser(#[resume] first: i64) -> i64 {
    let mut x = 3;
    yield_!(x);
    let v = {
        if first > 10 {
            x = 100;
        }
        5
    };
    yield_!(v);
    x
}

#[test]
fn a_local_assigned_on_some_path_of_an_initialiser_keeps_its_value_on_the_others() {
    let mut g = assigned_on_some_path_in_an_initialiser();
    assert_eq!(g.send(1), CoroutineState::Yielded(3));
    assert_eq!(g.send(0), CoroutineState::Yielded(5));
    assert_eq!(g.send(0), CoroutineState::Complete(3));
    let mut g = assigned_on_some_path_in_an_initialiser();
    assert_eq!(g.send(11), CoroutineState::Yielded(3));
    assert_eq!(g.send(0), CoroutineState::Yielded(5));
    assert_eq!(g.send(0), CoroutineState::Complete(100));
}

// Found by the differential tests: `x = { let x = ..; .. }` with a suspension point inside the
// block declared the outer `x` a second time, uninitialised and without a type (E0282), because
// the inner `let` had taken its name and nothing gave it back when the block ended.
#[coro::coroutine(yield = i64)]
fn assignment_from_a_block_that_shadows_the_target(#[resume] first: i64) -> i64 {
    let mut x = first;
    if x > 0 {
        x = {
            let x = x + yield_!(x);
            x * 2
        };
    }
    x
}

#[test]
fn a_local_shadowed_in_the_block_assigned_to_it_keeps_its_name_after_the_block() {
    let mut g = assignment_from_a_block_that_shadows_the_target();
    assert_eq!(g.send(3), CoroutineState::Yielded(3));
    assert_eq!(g.send(4), CoroutineState::Complete(14));
    let mut g = assignment_from_a_block_that_shadows_the_target();
    assert_eq!(g.send(-3), CoroutineState::Complete(-3));
}

// Found by the differential tests (seed 4108): a `for` loop variable named like a kept local
// moved that local into a new binding declared at the loop, so it was dropped before the locals
// declared after it, against rustc's reverse declaration order.
#[coro::coroutine(yield = usize)]
fn loop_variable_hides_a_kept_guard() -> usize {
    #[allow(unused_variables)] // a guard, hidden by the loop variable of the same name
    let d = D("guard");
    let e = D("e");
    yield_!(0);
    for d in [D("item")] {
        yield_!(d.0.len());
    }
    e.0.len()
}

#[test]
fn a_local_hidden_by_a_loop_variable_keeps_its_place_in_the_drop_order() {
    let (yields, ret) = drain(loop_variable_hides_a_kept_guard());
    assert_eq!(yields, [0, 4]);
    assert_eq!(ret, 1);
    assert_eq!(take_log(), ["drop item", "drop e", "drop guard"]);
}

// ---- Shapes that the lint twin (the body checked once more as a plain function) first got
// wrong: each compiled before the twin and must still compile and run. ----

// An `impl Trait` in the return type: the twin cannot name it, so there is none.
#[coro::coroutine(yield = u32)]
fn returns_a_closure() -> impl Fn(u32) -> u32 {
    yield_!(1);
    move |x| x + 1
}

#[test]
fn an_impl_trait_return_type_is_inferred_from_the_value() {
    let mut g = returns_a_closure();
    assert!(matches!(g.send(()), CoroutineState::Yielded(1)));
    match g.send(()) {
        CoroutineState::Complete(f) => assert_eq!(f(1), 2),
        CoroutineState::Yielded(_) => panic!("expected the closure"),
    }
}

// A body that ends with a `loop;` it only leaves by `return`: no value after it is needed.
#[rustfmt::skip]
#[coro::coroutine(yield = u32)]
fn counts_to_three() -> u32 {
    let mut i = 0;
    loop {
        i += 1;
        if i > 3 {
            return i;
        }
        yield_!(i);
    };
}

#[test]
fn a_body_ending_in_a_loop_statement_needs_no_tail() {
    let mut g = counts_to_three();
    let mut seen = Vec::new();
    let r = loop {
        match g.send(()) {
            CoroutineState::Yielded(y) => seen.push(y),
            CoroutineState::Complete(r) => break r,
        }
    };
    assert_eq!((seen, r), (vec![1, 2, 3], 4));
}

// A macro that expands to an `impl` block, called in the body: declaring it twice would
// conflict, so the body gets no twin.
trait Hello {
    fn hi(&self) -> u32;
}
macro_rules! impl_hello {
    ($t:ty) => {
        impl Hello for $t {
            fn hi(&self) -> u32 {
                7
            }
        }
    };
}

// The state machine keeps a macro statement where it stands, in the closure that resumes the
// coroutine, while it hoists `struct Local` to the function: rustc sees an `impl` two bodies
// away from its type.
#[allow(non_local_definitions)]
#[coro::coroutine(yield = u32)]
fn greets() {
    struct Local;
    impl_hello!(Local);
    yield_!(Local.hi());
}

#[test]
fn a_macro_declaring_an_impl_in_the_body_is_declared_once() {
    assert_eq!(greets().collect::<Vec<_>>(), [7]);
}
