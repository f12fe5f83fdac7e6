//! `yield_!` in every expression position, evaluated left to right as Rust evaluates.
#![allow(
    clippy::nonminimal_bool,
    clippy::needless_late_init,
    clippy::let_and_return,
    reason = "the shapes of the expressions are what is under test"
)]

mod common;

use coro::prelude::*;

use common::{drain, feed, log, logged, take_log};

type S<Y, T> = CoroutineState<Y, T>;

#[coro::coroutine(yield = &'static str)]
fn let_init(#[resume] first: i32) -> i32 {
    let a = yield_!("a");
    let b: i32 = yield_!("b");
    first + a * b
}

#[test]
fn in_let_initialiser() {
    let mut g = let_init();
    assert_eq!(
        feed(&mut g, [1, 2, 3]),
        [S::Yielded("a"), S::Yielded("b"), S::Complete(7)]
    );
}

#[coro::coroutine(yield = i32)]
fn add_assign(#[resume] first: i32) -> i32 {
    let mut total = first;
    for _ in 0..3 {
        total += yield_!(total);
    }
    total *= yield_!(-1);
    total
}

#[test]
fn in_compound_assignment() {
    let mut g = add_assign();
    assert_eq!(
        feed(&mut g, [1, 2, 3, 4, 10]),
        [
            S::Yielded(1),
            S::Yielded(3),
            S::Yielded(6),
            S::Yielded(-1),
            S::Complete(100)
        ]
    );
}

#[coro::coroutine(yield = i32)]
fn compound_assign_places(#[resume] _first: i32) -> (i32, (i32, i32), [i32; 2], Vec<i32>) {
    let mut x = 1;
    let mut t = (0, 0);
    let mut arr = [10, 20];
    let mut v = vec![100, 200];
    x *= yield_!(1);
    t.1 += yield_!(2);
    arr[1] -= yield_!(3);
    v[0] += yield_!(4);
    (x, t, arr, v)
}

#[test]
fn in_compound_assignment_to_local_field_and_index_places() {
    let mut g = compound_assign_places();
    assert_eq!(
        feed(&mut g, [0, 3, 4, 5, 6]).pop(),
        Some(S::Complete((3, (0, 4), [10, 15], vec![106, 200])))
    );
}

#[coro::coroutine(yield = i32)]
fn assign_late(#[resume] _first: i32) -> (i32, i32) {
    let x: i32;
    let mut y = 0;
    x = yield_!(1);
    y = yield_!(2) - y;
    (x, y)
}

#[test]
fn in_assignment_to_declared_local() {
    let mut g = assign_late();
    assert_eq!(
        feed(&mut g, [0, 5, 6]),
        [S::Yielded(1), S::Yielded(2), S::Complete((5, 6))]
    );
}

mod late_init {
    use super::*;

    #[coro::coroutine(yield = i32)]
    fn assign_late_unannotated(#[resume] _first: i32) -> (i32, i32) {
        let x;
        x = yield_!(1);
        let y = yield_!(2);
        (x, y)
    }

    #[test]
    fn in_assignment_to_declared_local_without_annotation() {
        let mut g = assign_late_unannotated();
        assert_eq!(
            feed(&mut g, [0, 5, 6]),
            [S::Yielded(1), S::Yielded(2), S::Complete((5, 6))]
        );
    }
}

fn sub(a: i32, b: i32) -> i32 {
    a - b
}

#[coro::coroutine(yield = &'static str)]
fn call_args_resumed(#[resume] _first: i32) -> i32 {
    sub(yield_!("first"), yield_!("second"))
}

#[test]
fn call_arguments_get_their_own_resume_values() {
    let mut g = call_args_resumed();
    assert_eq!(
        feed(&mut g, [0, 10, 3]),
        [S::Yielded("first"), S::Yielded("second"), S::Complete(7)]
    );
}

struct Acc(Vec<i32>);

impl Acc {
    fn push2(&mut self, a: i32, b: i32) -> &mut Self {
        self.0.push(a);
        self.0.push(b);
        self
    }
}

fn acc() -> Acc {
    log("receiver");
    Acc(vec![])
}

#[coro::coroutine(yield = i32)]
fn method_args(#[resume] _first: i32) -> Vec<i32> {
    let mut v = vec![];
    v.push(yield_!(1));
    v.extend([yield_!(2), yield_!(3)]);
    let mut a = acc();
    a.push2(yield_!(4), logged("second arg", 40));
    a.push2(yield_!(5), 50);
    v.extend(a.0);
    v
}

#[test]
fn in_method_arguments() {
    let mut g = method_args();
    let out = feed(&mut g, [0, 10, 20, 30]);
    assert_eq!(
        out,
        [S::Yielded(1), S::Yielded(2), S::Yielded(3), S::Yielded(4)]
    );
    assert_eq!(take_log(), ["receiver"]);
    assert_eq!(g.send(41), S::Yielded(5));
    // The argument after the yield is evaluated once the yield has its value.
    assert_eq!(take_log(), ["second arg"]);
    assert_eq!(g.send(51), S::Complete(vec![10, 20, 30, 41, 40, 51, 50]));
}

#[coro::coroutine(yield = &'static str)]
fn receiver_first(#[resume] _first: i32) -> i32 {
    logged("receiver", 100_i32).wrapping_sub(yield_!("arg"))
}

#[test]
fn method_receiver_is_evaluated_before_arguments() {
    let mut g = receiver_first();
    assert_eq!(g.send(0), S::Yielded("arg"));
    assert_eq!(take_log(), ["receiver"]);
    assert_eq!(g.send(1), S::Complete(99));
    assert!(take_log().is_empty(), "the receiver is evaluated once");
}

#[coro::coroutine(yield = &'static str)]
fn match_scrutinee(#[resume] _first: Option<i32>) -> &'static str {
    let mut out = "";
    for _ in 0..3 {
        out = match yield_!("ask") {
            Some(0) => "zero",
            Some(n) if n > 0 => "positive",
            Some(_) => "negative",
            None => return "none",
        };
        log(out);
    }
    out
}

#[test]
fn in_match_scrutinee() {
    let mut g = match_scrutinee();
    assert_eq!(
        feed(&mut g, [None, Some(0), Some(-3), None]),
        [
            S::Yielded("ask"),
            S::Yielded("ask"),
            S::Yielded("ask"),
            S::Complete("none")
        ]
    );
    assert_eq!(take_log(), ["zero", "negative"]);
}

#[coro::coroutine(yield = u32)]
fn if_while_conditions(#[resume] _first: bool) -> u32 {
    let mut n = 0;
    if yield_!(100) {
        n += 1;
    } else {
        n += 1000;
    }
    while yield_!(n) {
        n += 1;
    }
    n
}

#[test]
fn in_if_and_while_conditions() {
    let mut g = if_while_conditions();
    assert_eq!(
        feed(&mut g, [false, true, true, true, false]),
        [
            S::Yielded(100),
            S::Yielded(1),
            S::Yielded(2),
            S::Yielded(3),
            S::Complete(3)
        ]
    );
    let mut g = if_while_conditions();
    assert_eq!(
        feed(&mut g, [false, false, false]),
        [S::Yielded(100), S::Yielded(1000), S::Complete(1000)]
    );
}

#[coro::coroutine(yield = usize)]
fn while_let(#[resume] _first: Option<String>) -> String {
    let mut all = String::new();
    while let Some(v) = yield_!(all.len()) {
        all.push_str(&v);
    }
    all
}

#[test]
fn in_while_let_scrutinee() {
    let mut g = while_let();
    assert_eq!(
        feed(
            &mut g,
            [None, Some("ab".to_owned()), Some("c".to_owned()), None]
        ),
        [
            S::Yielded(0),
            S::Yielded(2),
            S::Yielded(3),
            S::Complete("abc".to_owned())
        ]
    );
}

#[derive(Debug, PartialEq)]
struct P {
    x: i32,
    y: i32,
}

#[coro::coroutine(yield = &'static str)]
fn literals(#[resume] _first: i32) -> ([i32; 3], (i32, i32), P, P) {
    let arr = [yield_!("a0"), yield_!("a1"), yield_!("a2")];
    let tup = (yield_!("t0"), yield_!("t1"));
    let p = P {
        x: yield_!("px"),
        y: yield_!("py"),
    };
    // Fields are evaluated in the order they are written, not declared.
    let q = P {
        y: yield_!("qy"),
        x: yield_!("qx"),
    };
    (arr, tup, p, q)
}

#[test]
fn in_array_tuple_and_struct_literals() {
    let mut g = literals();
    let out = feed(&mut g, 0..10);
    let names: Vec<_> = out
        .iter()
        .filter_map(|s| match s {
            S::Yielded(n) => Some(*n),
            S::Complete(_) => None,
        })
        .collect();
    assert_eq!(
        names,
        ["a0", "a1", "a2", "t0", "t1", "px", "py", "qy", "qx"]
    );
    assert_eq!(
        out[9],
        S::Complete(([1, 2, 3], (4, 5), P { x: 6, y: 7 }, P { x: 9, y: 8 }))
    );
}

#[coro::coroutine(yield = &'static str)]
fn short_circuit(#[resume] _first: bool) -> [bool; 4] {
    let a = false && yield_!("and-false");
    let b = true && yield_!("and-true");
    let c = true || yield_!("or-true");
    let d = false || yield_!("or-false");
    [a, b, c, d]
}

#[test]
fn and_or_short_circuit_is_kept() {
    let mut g = short_circuit();
    assert_eq!(g.send(false), S::Yielded("and-true"));
    assert_eq!(g.send(true), S::Yielded("or-false"));
    assert_eq!(g.send(false), S::Complete([false, true, true, false]));
}

#[coro::coroutine(yield = &'static str)]
fn short_circuit_chain(#[resume] _first: bool) -> bool {
    (yield_!("one") && yield_!("two")) || yield_!("three")
}

#[test]
fn chained_short_circuit() {
    let mut g = short_circuit_chain();
    assert_eq!(
        feed(&mut g, [false, false]).last(),
        Some(&S::Yielded("three"))
    );
    assert_eq!(g.send(true), S::Complete(true));

    let mut g = short_circuit_chain();
    assert_eq!(
        feed(&mut g, [false, true, true]),
        [S::Yielded("one"), S::Yielded("two"), S::Complete(true)]
    );
}

#[coro::coroutine(yield = &'static str)]
fn binary_order(#[resume] _first: i32) -> i32 {
    logged("left", 1) + yield_!("mid") * logged("right", 3) - logged("last", 0)
}

#[test]
fn binary_operands_left_to_right() {
    let mut g = binary_order();
    assert_eq!(g.send(0), S::Yielded("mid"));
    assert_eq!(take_log(), ["left"]);
    assert_eq!(g.send(10), S::Complete(31));
    assert_eq!(take_log(), ["right", "last"]);
}

#[coro::coroutine(yield = &'static str)]
fn misc_positions(#[resume] _first: i64) -> Vec<i64> {
    let table = [10, 20, 30];
    let mut out = vec![];
    // index
    out.push(table[usize::try_from(yield_!("index")).unwrap()]);
    // unary
    out.push(-yield_!("neg"));
    // cast and method on the value
    out.push((yield_!("cast") as i8).into());
    out.push(yield_!("abs").abs());
    // block and if as values
    let b = {
        let k = 2;
        yield_!("block") * k
    };
    out.push(b);
    let i = if b > 0 { yield_!("then") } else { 0 };
    out.push(i);
    // range bound
    let mut count = 0;
    for _ in 0..yield_!("range") {
        count += 1;
    }
    out.push(count);
    // closure call argument
    let double = |x: i64| x * 2;
    out.push(double(yield_!("closure arg")));
    out
}

#[test]
fn in_index_unary_cast_method_block_if_range_and_closure_positions() {
    let mut g = misc_positions();
    let inputs = [0, 2, 5, 300, -9, 4, 7, 3, 21];
    let out = feed(&mut g, inputs);
    let names: Vec<_> = out
        .iter()
        .filter_map(|s| match s {
            S::Yielded(n) => Some(*n),
            S::Complete(_) => None,
        })
        .collect();
    assert_eq!(
        names,
        [
            "index",
            "neg",
            "cast",
            "abs",
            "block",
            "then",
            "range",
            "closure arg"
        ]
    );
    assert_eq!(
        out.last(),
        Some(&S::Complete(vec![30, -5, 44, 9, 8, 7, 3, 42]))
    );
}

#[coro::coroutine(yield = i32)]
fn nested_yield(#[resume] _first: i32) -> i32 {
    yield_!(yield_!(1) + 1)
}

#[test]
fn yield_of_a_yield() {
    let mut g = nested_yield();
    assert_eq!(
        feed(&mut g, [0, 41, 7]),
        [S::Yielded(1), S::Yielded(42), S::Complete(7)]
    );
}

#[coro::coroutine(yield = i32)]
fn return_yield(#[resume] _first: i32) -> i32 {
    if yield_!(0) > 0 {
        return yield_!(1) * 2;
    }
    -1
}

#[test]
fn in_return_expression() {
    let mut g = return_yield();
    assert_eq!(
        feed(&mut g, [0, 1, 21]),
        [S::Yielded(0), S::Yielded(1), S::Complete(42)]
    );
}

#[coro::coroutine(yield = ())]
fn tuple_field(#[resume] _first: (u8, &'static str)) -> &'static str {
    yield_!().1
}

#[test]
fn field_of_a_resume_value() {
    let mut g = tuple_field();
    assert_eq!(feed(&mut g, [(0, "no"), (1, "yes")])[1], S::Complete("yes"));
}

#[coro::coroutine(yield = u8)]
fn question_mark_on_resume(#[resume] _first: Option<u8>) -> Option<u8> {
    let a = yield_!(1)?;
    let b = yield_!(2)?;
    Some(a + b)
}

#[test]
fn question_mark_on_a_yield() {
    let mut g = question_mark_on_resume();
    assert_eq!(
        feed(&mut g, [None, Some(3), Some(4)]),
        [S::Yielded(1), S::Yielded(2), S::Complete(Some(7))]
    );
    let mut g = question_mark_on_resume();
    assert_eq!(
        feed(&mut g, [None, None]),
        [S::Yielded(1), S::Complete(None)]
    );
}

#[coro::coroutine(yield = u8)]
fn enum_constructor(#[resume] _first: u8) -> (Option<u8>, Result<u8, ()>, Box<u8>) {
    (Some(yield_!(1)), Ok(yield_!(2)), Box::new(yield_!(3)))
}

#[test]
fn in_constructor_calls() {
    let mut g = enum_constructor();
    assert_eq!(
        feed(&mut g, [0, 10, 20, 30]).pop(),
        Some(S::Complete((Some(10), Ok(20), Box::new(30))))
    );
}

#[coro::coroutine(yield = u32)]
fn sub_a() -> u32 {
    yield_!(1);
    10
}

#[coro::coroutine(yield = u32)]
fn yield_from_in_expression() -> u32 {
    let total = yield_from!(sub_a()) + logged("between", 0) + yield_from!(sub_a()) * 2;
    total
}

#[test]
fn yield_from_as_operands() {
    let mut g = yield_from_in_expression();
    assert_eq!(g.send(()), S::Yielded(1));
    assert!(take_log().is_empty());
    assert_eq!(g.send(()), S::Yielded(1));
    assert_eq!(take_log(), ["between"]);
    assert_eq!(g.send(()), S::Complete(30));
}

#[coro::coroutine(yield = i32)]
fn yield_value_expressions(x: i32) {
    yield_!(x + 1);
    yield_!({
        let y = x * 2;
        y + 1
    });
    yield_!(if x > 0 { 1 } else { -1 });
    yield_!(match x {
        0 => 0,
        _ => 9,
    });
}

#[test]
fn complex_expressions_as_yielded_values() {
    assert_eq!(
        yield_value_expressions(5).collect::<Vec<_>>(),
        [6, 11, 1, 9]
    );
}

#[coro::coroutine(yield = &'static str)]
fn ref_and_deref(#[resume] _first: i32) -> i32 {
    let mut slot = 0;
    let r = &mut slot;
    *r = 5;
    let v = *&yield_!("deref");
    slot + v
}

#[test]
fn borrow_ending_before_the_yield() {
    let mut g = ref_and_deref();
    assert_eq!(feed(&mut g, [0, 2]), [S::Yielded("deref"), S::Complete(7)]);
}

#[coro::coroutine(yield = &'static str)]
fn tuple_destructure(#[resume] _first: i32) -> i32 {
    let (a, b) = (yield_!("a"), yield_!("b"));
    let [c, d] = [yield_!("c"), yield_!("d")];
    a * 1000 + b * 100 + c * 10 + d
}

#[test]
fn destructuring_a_literal_of_yields() {
    let mut g = tuple_destructure();
    assert_eq!(feed(&mut g, [0, 1, 2, 3, 4]).pop(), Some(S::Complete(1234)));
}

#[coro::coroutine(yield = u32)]
fn sub_vec() -> Vec<u32> {
    yield_!(9);
    vec![1, 2, 3]
}

#[coro::coroutine(yield = u32)]
fn sub_opt(v: Option<u32>) -> Option<u32> {
    yield_!(8);
    v
}

#[coro::coroutine(yield = u32)]
fn yield_from_as_scrutinees() -> u32 {
    let mut s = 0;
    for x in yield_from!(sub_vec()) {
        s += x;
        yield_!(x);
    }
    if let Some(v) = yield_from!(sub_opt(Some(5))) {
        s += v;
    }
    match yield_from!(sub_opt(None)) {
        Some(_) => s += 1000,
        None => s += 100,
    }
    s
}

#[test]
fn yield_from_as_for_iterable_if_let_and_match_scrutinee() {
    assert_eq!(
        drain(yield_from_as_scrutinees()),
        (vec![9, 1, 2, 3, 8, 8], 111)
    );
}

#[coro::coroutine(yield = u32)]
fn while_condition_with_and(#[resume] _first: bool) -> u32 {
    let mut i = 0;
    while i < 3 && yield_!(i) {
        i += 1;
    }
    i
}

#[test]
fn in_the_right_operand_of_a_while_condition() {
    let mut g = while_condition_with_and();
    assert_eq!(
        feed(&mut g, [false, true, true, false]),
        [S::Yielded(0), S::Yielded(1), S::Yielded(2), S::Complete(2)]
    );
    let mut g = while_condition_with_and();
    assert_eq!(
        feed(&mut g, [false, true, true, true]),
        [S::Yielded(0), S::Yielded(1), S::Yielded(2), S::Complete(3)]
    );
}

#[coro::coroutine(yield = u8)]
#[allow(clippy::type_complexity, reason = "one value per position under test")]
fn repeat_range_break_field(#[resume] _first: u8) -> ([u8; 3], std::ops::Range<u8>, u8, (u8, u8)) {
    let arr = [yield_!(0); 3];
    let r = yield_!(1)..yield_!(2);
    let v = loop {
        break yield_!(3);
    };
    let mut t = (0, 0);
    t.0 = yield_!(4);
    (arr, r, v, t)
}

#[test]
fn in_array_repeat_range_break_value_and_tuple_field_assignment() {
    let mut g = repeat_range_break_field();
    assert_eq!(
        feed(&mut g, [0, 7, 1, 5, 6, 8]).pop(),
        Some(S::Complete(([7, 7, 7], 1..5, 6, (8, 0))))
    );
}

#[coro::coroutine(yield = u8)]
fn deref_of_resume(#[resume] _first: Box<u8>) -> u8 {
    let x = *yield_!(0);
    let (p, q): (u8, u8) = (x, *yield_!(1));
    p + q
}

#[test]
fn deref_of_a_yield_and_typed_tuple_pattern() {
    let mut g = deref_of_resume();
    assert_eq!(
        feed(&mut g, [Box::new(0), Box::new(3), Box::new(4)]),
        [S::Yielded(0), S::Yielded(1), S::Complete(7)]
    );
}
