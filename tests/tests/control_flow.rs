//! Statement and expression forms around suspension points: blocks, patterns, `let .. else`,
//! `if`/`if let`/let-chains, `match`, loops, labels, `break` with a value, shadowing, closures,
//! nested items and macro calls.
#![allow(
    clippy::never_loop,
    clippy::redundant_else,
    clippy::shadow_unrelated,
    reason = "the shapes of the control flow are what is under test"
)]

mod common;

use std::collections::HashMap;
use std::fmt::Write as _;

use coro::prelude::*;

use common::{D, drain, feed, log, take_log};

type S<Y, T> = CoroutineState<Y, T>;

#[coro::coroutine(yield = i32)]
fn nested_blocks() -> i32 {
    let a = 1;
    let b = {
        let c = a + 1;
        yield_!(c);
        let d = {
            let e = c * 10;
            yield_!(e);
            e + 1
        };
        yield_!(d);
        d + c
    };
    a + b
}

#[test]
fn blocks() {
    assert_eq!(drain(nested_blocks()), (vec![2, 20, 21], 24));
}

struct Point {
    x: i32,
    y: i32,
}

enum Shape {
    Circle { r: i32 },
    Rect(Point, Point),
}

#[coro::coroutine(yield = i32)]
fn let_patterns(shapes: Vec<Shape>) -> usize {
    let (mut circles, mut rects) = (0, 0);
    for shape in shapes {
        match shape {
            Shape::Circle { r } => {
                circles += 1;
                yield_!(r);
            }
            Shape::Rect(Point { x: x0, y: y0 }, Point { x: x1, .. }) => {
                rects += 1;
                let [w, h] = [x1 - x0, y0];
                yield_!(w);
                yield_!(h);
            }
        }
    }
    let (ref total, ()) = (circles + rects, ());
    *total
}

#[test]
fn let_and_match_patterns() {
    let shapes = vec![
        Shape::Circle { r: 3 },
        Shape::Rect(Point { x: 1, y: 5 }, Point { x: 4, y: 0 }),
    ];
    assert_eq!(drain(let_patterns(shapes)), (vec![3, 3, 5], 2));
}

#[coro::coroutine(yield = u32)]
fn let_else(items: Vec<&'static str>) -> Result<u32, String> {
    let mut sum = 0;
    for s in items {
        let Ok(n) = s.parse::<u32>() else {
            return Err(format!("bad {s}"));
        };
        yield_!(n);
        let Some(m) = n.checked_mul(2) else {
            yield_!(u32::MAX);
            continue;
        };
        sum += m;
    }
    Ok(sum)
}

#[test]
fn let_else_statements() {
    assert_eq!(drain(let_else(vec!["1", "2"])), (vec![1, 2], Ok(6)));
    assert_eq!(
        drain(let_else(vec!["1", "x", "2"])),
        (vec![1], Err("bad x".to_owned()))
    );
    assert_eq!(
        drain(let_else(vec!["3000000000"])),
        (vec![3_000_000_000, u32::MAX], Ok(0))
    );
}

#[coro::coroutine(yield = &'static str)]
fn if_else_chain(n: i32) -> i32 {
    let r = if n < 0 {
        yield_!("negative");
        -1
    } else if n == 0 {
        yield_!("zero");
        yield_!("really");
        0
    } else {
        1
    };
    if r > 0 {
        yield_!("positive");
    }
    r
}

#[test]
fn if_else_with_yields_in_branches() {
    assert_eq!(drain(if_else_chain(-5)), (vec!["negative"], -1));
    assert_eq!(drain(if_else_chain(0)), (vec!["zero", "really"], 0));
    assert_eq!(drain(if_else_chain(9)), (vec!["positive"], 1));
}

#[coro::coroutine(yield = String)]
fn if_let(map: HashMap<&'static str, i32>, keys: Vec<&'static str>) -> i32 {
    let mut missing = 0;
    for k in keys {
        if let Some(v) = map.get(k) {
            yield_!(format!("{k}={v}"));
        } else if let Ok(n) = k.parse::<i32>() {
            yield_!(format!("number {n}"));
        } else {
            missing += 1;
        }
    }
    missing
}

#[test]
fn if_let_and_else_if_let() {
    let map = HashMap::from([("a", 1), ("b", 2)]);
    let (ys, missing) = drain(if_let(map, vec!["a", "7", "zz", "b", "q"]));
    assert_eq!(ys, ["a=1", "number 7", "b=2"]);
    assert_eq!(missing, 2);
}

#[coro::coroutine(yield = i32)]
fn let_chains(pairs: Vec<(Option<i32>, Option<i32>)>) -> i32 {
    let mut skipped = 0;
    for (a, b) in pairs {
        if let Some(x) = a
            && x > 0
            && let Some(y) = b
        {
            yield_!(x * y);
        } else {
            skipped += 1;
        }
    }
    skipped
}

#[test]
fn let_chains_edition_2024() {
    let pairs = vec![
        (Some(2), Some(3)),
        (Some(-1), Some(3)),
        (None, Some(1)),
        (Some(4), None),
        (Some(5), Some(5)),
    ];
    assert_eq!(drain(let_chains(pairs)), (vec![6, 25], 3));
}

#[coro::coroutine(yield = &'static str)]
fn let_chain_on_resume(#[resume] _first: Option<i32>) -> i32 {
    let mut n = 0;
    while let Some(x) = yield_!("more?")
        && x != 0
    {
        n += x;
    }
    n
}

#[test]
fn let_chain_with_a_yield_in_the_scrutinee() {
    let mut g = let_chain_on_resume();
    assert_eq!(
        feed(&mut g, [None, Some(1), Some(2), Some(0)]).pop(),
        Some(S::Complete(3))
    );
    let mut g = let_chain_on_resume();
    assert_eq!(
        feed(&mut g, [None, Some(4), None]).pop(),
        Some(S::Complete(4))
    );
}

#[coro::coroutine(yield = String)]
fn match_arms(values: Vec<Result<i32, String>>) -> (i32, usize) {
    let mut total = 0;
    let mut errors = 0;
    for v in values {
        match v {
            Ok(0) => {}
            Ok(n) if n % 2 == 0 => {
                yield_!(format!("even {n}"));
                total += n;
            }
            Ok(n) => {
                let doubled = n * 2;
                yield_!(format!("odd {n}"));
                yield_!(format!("doubled {doubled}"));
                total += doubled;
            }
            Err(e) => {
                errors += 1;
                yield_!(e);
            }
        }
    }
    (total, errors)
}

#[test]
fn match_with_yields_in_arms_and_guards_without() {
    let (ys, r) = drain(match_arms(vec![Ok(2), Ok(0), Ok(3), Err("bad".into())]));
    assert_eq!(ys, ["even 2", "odd 3", "doubled 6", "bad"]);
    assert_eq!(r, (8, 1));
}

#[coro::coroutine(yield = u32)]
fn match_value() -> &'static str {
    let mut out = "";
    for i in 0..4_u32 {
        out = match i {
            0 => "zero",
            1 => {
                yield_!(i);
                "one"
            }
            n => {
                yield_!(n * 10);
                if n == 3 { "three" } else { "other" }
            }
        };
    }
    out
}

#[test]
fn match_as_a_value_with_yields_in_arms() {
    assert_eq!(drain(match_value()), (vec![1, 20, 30], "three"));
}

#[coro::coroutine(yield = u64)]
fn loop_break_value(limit: u64) -> u64 {
    let mut i = 0;
    let found = loop {
        i += 1;
        if i * i > limit {
            break i;
        }
        yield_!(i);
    };
    found * 100
}

#[test]
fn loop_with_break_value() {
    assert_eq!(drain(loop_break_value(10)), (vec![1, 2, 3], 400));
}

#[coro::coroutine(yield = i32)]
fn while_and_while_let(mut stack: Vec<i32>) -> i32 {
    let mut n = 3;
    while n > 0 {
        yield_!(n);
        n -= 1;
    }
    while let Some(top) = stack.pop() {
        if top < 0 {
            continue;
        }
        yield_!(top);
    }
    n
}

#[test]
fn while_and_while_let_loops() {
    assert_eq!(
        drain(while_and_while_let(vec![10, -1, 20])),
        (vec![3, 2, 1, 20, 10], 0)
    );
}

#[coro::coroutine(yield = (usize, char))]
fn for_loops(words: Vec<String>) -> usize {
    let mut count = 0;
    for (i, w) in words.into_iter().enumerate() {
        for c in w.chars().rev().collect::<Vec<_>>() {
            count += 1;
            yield_!((i, c));
        }
    }
    count
}

#[test]
fn nested_for_loops_keep_their_iterators() {
    let (ys, n) = drain(for_loops(vec!["ab".into(), String::new(), "c".into()]));
    assert_eq!(ys, [(0, 'b'), (0, 'a'), (2, 'c')]);
    assert_eq!(n, 3);
}

#[coro::coroutine(yield = (u32, u32))]
fn labeled() -> u32 {
    let mut visited = 0;
    'outer: for i in 0..5 {
        'inner: for j in 0..5 {
            visited += 1;
            if j > i {
                continue 'outer;
            }
            if i == 3 {
                break 'outer;
            }
            if j == 1 {
                yield_!((i, j));
                continue 'inner;
            }
            yield_!((i, j));
        }
    }
    visited
}

#[test]
fn labeled_break_and_continue() {
    let (ys, visited) = drain(labeled());
    assert_eq!(ys, [(0, 0), (1, 0), (1, 1), (2, 0), (2, 1), (2, 2)]);
    assert_eq!(visited, 10);
}

#[coro::coroutine(yield = i32)]
fn labeled_block(x: i32) -> &'static str {
    let kind = 'classify: {
        if x < 0 {
            yield_!(-1);
            break 'classify "negative";
        }
        yield_!(0);
        if x == 0 {
            break 'classify "zero";
        }
        yield_!(1);
        "positive"
    };
    kind
}

#[test]
fn labeled_block_with_break_value() {
    assert_eq!(drain(labeled_block(-3)), (vec![-1], "negative"));
    assert_eq!(drain(labeled_block(0)), (vec![0], "zero"));
    assert_eq!(drain(labeled_block(8)), (vec![0, 1], "positive"));
}

#[coro::coroutine(yield = String)]
fn labeled_loop_break_value() -> i32 {
    let mut tries = 0;
    let v = 'search: loop {
        for n in 0.. {
            tries += 1;
            yield_!(format!("try {n}"));
            if n == 2 {
                break 'search n * 7;
            }
        }
    };
    v + tries
}

#[test]
fn break_with_value_out_of_an_inner_loop() {
    let (ys, r) = drain(labeled_loop_break_value());
    assert_eq!(ys, ["try 0", "try 1", "try 2"]);
    assert_eq!(r, 17);
}

#[coro::coroutine(yield = String)]
fn shadowing() -> String {
    let x = 5;
    yield_!(x.to_string());
    let x = x * 2;
    yield_!(x.to_string());
    let x = format!("<{x}>");
    yield_!(x.clone());
    x
}

#[test]
fn shadowed_locals_keep_their_own_values() {
    let (ys, r) = drain(shadowing());
    assert_eq!(ys, ["5", "10", "<10>"]);
    assert_eq!(r, "<10>");
}

#[coro::coroutine(yield = String)]
fn shadowing_in_inner_block() -> String {
    let x = String::from("outer");
    yield_!(x.clone());
    {
        let x = "inner";
        yield_!(x.to_owned());
    }
    x
}

#[test]
fn outer_binding_is_visible_again_after_a_suspending_inner_block() {
    let (ys, r) = drain(shadowing_in_inner_block());
    assert_eq!(ys, ["outer", "inner"]);
    assert_eq!(r, "outer");
}

#[coro::coroutine(yield = i32)]
fn shadow_in_inner_block_without_suspension() -> i32 {
    let x = 1;
    {
        let x = 2;
        log(x.to_string());
    }
    yield_!(x);
    x * 10
}

#[test]
fn outer_binding_is_visible_again_after_an_inner_block() {
    assert_eq!(
        drain(shadow_in_inner_block_without_suspension()),
        (vec![1], 10)
    );
    assert_eq!(take_log(), ["2"]);
}

#[coro::coroutine(yield = &'static str)]
fn shadowed_but_alive() {
    #[allow(unused_variables)] // never read: it is shadowed, and still dropped last
    let g = D("first");
    let g = D("second");
    yield_!("suspended");
    log(g.0);
}

#[test]
fn shadowed_local_lives_to_the_end_of_its_scope() {
    let mut g = shadowed_but_alive();
    assert_eq!(g.send(()), S::Yielded("suspended"));
    // `first` is shadowed, never mentioned again, so it is kept like a guard.
    assert!(take_log().is_empty());
    assert_eq!(g.send(()), S::Complete(()));
    assert_eq!(take_log(), ["second", "drop second", "drop first"]);
}

#[coro::coroutine(yield = i32)]
fn closures(k: i32) -> i32 {
    let add = move |x: i32| x + k;
    let mut count = {
        let mut calls = 0;
        move |x: i32| {
            calls += 1;
            (x, calls)
        }
    };
    yield_!(add(1));
    yield_!(count(add(2)).0);
    let calls = count(0).1;
    let chain = (0..3).map(move |i| i * k).filter(|v| v % 2 == 0);
    for v in chain {
        yield_!(v);
    }
    let boxed: Box<dyn Fn(i32) -> i32> = Box::new(move |x| x * k);
    yield_!(boxed(3));
    calls
}

#[test]
fn closures_and_iterator_chains_across_yields() {
    assert_eq!(drain(closures(2)), (vec![3, 4, 0, 2, 4, 6], 2));
}

#[coro::coroutine(yield = u64)]
fn nested_items(n: u64) -> u64 {
    fn square(x: u64) -> u64 {
        x * x
    }
    const OFFSET: u64 = 100;
    static SCALE: u64 = 2;
    #[derive(Debug, Clone, Copy)]
    struct Local(u64);
    impl Local {
        fn get(self) -> u64 {
            self.0 * SCALE
        }
    }
    let l = Local(n);
    yield_!(square(n));
    yield_!(l.get() + OFFSET);
    square(l.0)
}

#[test]
fn nested_functions_consts_statics_and_types() {
    assert_eq!(drain(nested_items(3)), (vec![9, 106], 9));
}

#[coro::coroutine(yield = String)]
fn macro_calls(n: usize) -> Vec<usize> {
    let v = vec![n; 3];
    assert!(v.len() == 3, "vec! made {} items", v.len());
    assert_eq!(v[0], n);
    let s = format!("{n}-{}", v.len());
    yield_!(s);
    println!("println! between yields: {n}");
    eprintln!("eprintln! between yields");
    let mut buf = String::new();
    write!(buf, "w{n}").unwrap();
    yield_!(buf);
    debug_assert!(n > 0);
    matches!(n, 1..=9).then(|| log("matched"));
    let joined = concat!("a", "b").to_owned() + stringify!(n);
    yield_!(joined);
    v
}

#[test]
fn macro_calls_without_yields_in_their_arguments() {
    let (ys, v) = drain(macro_calls(4));
    assert_eq!(ys, ["4-3", "w4", "abn"]);
    assert_eq!(v, [4, 4, 4]);
    assert_eq!(take_log(), ["matched"]);
}

#[coro::coroutine(yield = u32)]
fn return_from_inside_loops(limit: u32) -> u32 {
    for i in 0.. {
        for j in 0..i {
            if i * j >= limit {
                return i * 100 + j;
            }
            yield_!(i * j);
        }
    }
    unreachable!()
}

#[test]
fn return_from_nested_loops() {
    assert_eq!(drain(return_from_inside_loops(3)), (vec![0, 0, 2, 0], 301));
}

#[coro::coroutine(yield = i32)]
fn uninit_then_branches(flag: bool) -> i32 {
    let x: i32;
    if flag {
        yield_!(1);
        x = 10;
    } else {
        x = 20;
    }
    yield_!(x);
    x + 1
}

#[test]
fn deferred_initialisation_in_branches() {
    assert_eq!(drain(uninit_then_branches(true)), (vec![1, 10], 11));
    assert_eq!(drain(uninit_then_branches(false)), (vec![20], 21));
}

#[coro::coroutine(yield = i32)]
fn mutated_across_yields() -> Vec<i32> {
    let mut v = Vec::new();
    let mut m = HashMap::new();
    for i in 0..3 {
        v.push(i);
        *m.entry(i % 2).or_insert(0) += 1;
        yield_!(i);
    }
    v.push(m[&0] * 10 + m[&1]);
    v
}

#[test]
fn collections_mutated_between_yields() {
    assert_eq!(
        drain(mutated_across_yields()),
        (vec![0, 1, 2], vec![0, 1, 2, 21])
    );
}

#[coro::coroutine(yield = usize)]
fn infinite_loop_until_resume(#[resume] _first: bool) -> usize {
    let mut i = 0;
    loop {
        i += 1;
        if yield_!(i) {
            break;
        }
    }
    i
}

#[test]
fn break_from_loop_decided_by_resume_value() {
    let mut g = infinite_loop_until_resume();
    assert_eq!(
        feed(&mut g, [false, false, false, true]),
        [S::Yielded(1), S::Yielded(2), S::Yielded(3), S::Complete(3)]
    );
}

#[coro::coroutine(yield = u8)]
fn unsafe_block_between_yields(bytes: Vec<u8>) -> u8 {
    let first = bytes[0];
    yield_!(first);
    // Safe code only: the crate forbids `unsafe`, and this is all about control flow around it.
    let rest: u8 = bytes[1..].iter().copied().fold(0, u8::wrapping_add);
    yield_!(rest);
    first.wrapping_add(rest)
}

#[test]
fn iterator_consumed_between_yields() {
    assert_eq!(
        drain(unsafe_block_between_yields(vec![1, 2, 3])),
        (vec![1, 5], 6)
    );
}

#[coro::coroutine(yield = i32)]
fn tail_if_let(v: Option<i32>) -> i32 {
    if let Some(x) = v {
        yield_!(x);
        x
    } else {
        yield_!(0);
        -1
    }
}

#[test]
fn tail_if_let_expression() {
    assert_eq!(drain(tail_if_let(Some(4))), (vec![4], 4));
    assert_eq!(drain(tail_if_let(None)), (vec![0], -1));
}

#[coro::coroutine(yield = i32)]
fn match_on_reference(items: &[Option<i32>]) -> usize {
    let mut n = 0;
    for item in items {
        match item {
            Some(x) if *x > 0 => {
                n += 1;
                yield_!(*x);
            }
            Some(_) | None => {}
        }
    }
    n
}

#[test]
fn match_bindings_into_borrowed_parameter() {
    let items = [Some(1), None, Some(-2), Some(3)];
    assert_eq!(drain(match_on_reference(&items)), (vec![1, 3], 2));
}

#[coro::coroutine(yield = u32)]
fn cfg_statements() -> u32 {
    let n = 1;
    yield_!(n);
    #[cfg(any())]
    yield_!(999);
    #[cfg(test)]
    yield_!(2);
    n
}

#[test]
fn cfg_attributes_on_statements() {
    assert_eq!(drain(cfg_statements()), (vec![1, 2], 1));
}

#[coro::coroutine(yield = u8)]
fn let_else_yielding_in_else(v: Option<u8>) -> u8 {
    let Some(x) = v else {
        yield_!(0);
        return 100;
    };
    yield_!(x);
    x
}

#[test]
fn let_else_with_a_yield_in_the_else_block() {
    assert_eq!(drain(let_else_yielding_in_else(None)), (vec![0], 100));
    assert_eq!(drain(let_else_yielding_in_else(Some(4))), (vec![4], 4));
}

#[coro::coroutine(yield = u32)]
fn shadow_in_loop(x: u32) -> u32 {
    let x = x * 2;
    let y = x;
    let mut n = 0;
    loop {
        let y = y + n;
        yield_!(y);
        n += 1;
        if n == 3 {
            break y * 10;
        }
        log(y.to_string());
    }
}

#[test]
fn shadowing_inside_a_loop_body() {
    // The `y` declared in the loop shadows the outer one, which never changes.
    assert_eq!(drain(shadow_in_loop(1)), (vec![2, 3, 4], 40));
    assert_eq!(take_log(), ["2", "3"]);
}
