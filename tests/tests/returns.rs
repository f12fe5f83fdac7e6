//! Completion: `return`, the tail expression and `?` (with `From` conversion, on `Option`).

mod common;

use std::fmt;
use std::num::ParseIntError;

use coro::prelude::*;

use common::{D, drain, feed, take_log};

type S<Y, T> = CoroutineState<Y, T>;

#[coro::coroutine(yield = u8)]
fn tail_value() -> &'static str {
    yield_!(1);
    "tail"
}

#[test]
fn tail_expression_completes() {
    let mut g = tail_value();
    assert_eq!(g.send(()), S::Yielded(1));
    assert_eq!(g.send(()), S::Complete("tail"));
}

#[coro::coroutine(yield = u8)]
fn explicit_return(early: bool) -> i32 {
    yield_!(1);
    if early {
        return -1;
    }
    yield_!(2);
    2
}

#[test]
fn return_statement_completes() {
    assert_eq!(drain(explicit_return(true)), (vec![1], -1));
    assert_eq!(drain(explicit_return(false)), (vec![1, 2], 2));
}

#[coro::coroutine(yield = u8)]
fn return_statement_last(early: bool) -> i32 {
    yield_!(1);
    if early {
        return -1;
    }
    yield_!(2);
    return 2;
}

#[coro::coroutine(yield = u8)]
fn panic_statement_last() -> i32 {
    yield_!(1);
    panic!("the end");
}

#[test]
fn return_statement_as_the_last_statement() {
    assert_eq!(drain(return_statement_last(true)), (vec![1], -1));
    assert_eq!(drain(return_statement_last(false)), (vec![1, 2], 2));
    let mut g = panic_statement_last();
    assert_eq!(g.send(()), S::Yielded(1));
}

#[coro::coroutine(yield = u8)]
fn unit_return(stop_at: u8) {
    for i in 0..10 {
        if i == stop_at {
            return;
        }
        yield_!(i);
    }
}

#[test]
fn bare_return_in_a_generator() {
    assert_eq!(unit_return(3).collect::<Vec<_>>(), [0, 1, 2]);
    assert_eq!(drain(unit_return(0)), (vec![], ()));
}

#[coro::coroutine(yield = u8)]
fn return_before_any_yield() -> u8 {
    if true {
        return 9;
    }
    0
}

#[test]
fn return_on_the_first_resume() {
    assert_eq!(drain(return_before_any_yield()), (vec![], 9));
}

#[derive(Debug, PartialEq)]
enum MyError {
    Parse(String),
    Negative(i64),
}

impl From<ParseIntError> for MyError {
    fn from(e: ParseIntError) -> Self {
        MyError::Parse(e.to_string())
    }
}

impl fmt::Display for MyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for MyError {}

fn check(n: i64) -> Result<i64, MyError> {
    if n < 0 {
        Err(MyError::Negative(n))
    } else {
        Ok(n)
    }
}

#[coro::coroutine(yield = i64)]
fn parse_all(items: Vec<&'static str>) -> Result<i64, MyError> {
    let mut sum = 0;
    for s in items {
        let n: i64 = s.parse()?; // ParseIntError -> MyError through From
        let n = check(n)?; // same error type
        sum += n;
        yield_!(n);
    }
    Ok(sum)
}

#[test]
fn question_mark_on_result_converts_with_from() {
    assert_eq!(drain(parse_all(vec!["1", "2"])), (vec![1, 2], Ok(3)));
    let (ys, r) = drain(parse_all(vec!["5", "x", "7"]));
    assert_eq!(ys, [5]);
    assert!(matches!(r, Err(MyError::Parse(ref m)) if m.contains("invalid digit")));
    assert_eq!(
        drain(parse_all(vec!["4", "-3"])),
        (vec![4], Err(MyError::Negative(-3)))
    );
}

#[coro::coroutine(yield = char)]
fn first_letters(words: Vec<&'static str>) -> Option<usize> {
    let mut n = 0;
    for w in words {
        let c = w.chars().next()?;
        yield_!(c);
        n += 1;
    }
    Some(n)
}

#[test]
fn question_mark_on_option() {
    assert_eq!(
        drain(first_letters(vec!["ab", "cd"])),
        (vec!['a', 'c'], Some(2))
    );
    assert_eq!(
        drain(first_letters(vec!["ab", "", "cd"])),
        (vec!['a'], None)
    );
}

#[coro::coroutine(yield = u32)]
fn boxed_error(items: Vec<&'static str>) -> Result<(), Box<dyn std::error::Error>> {
    for s in items {
        let n: u32 = s.parse()?;
        if n == 0 {
            Err(MyError::Negative(0))?;
        }
        yield_!(n);
    }
    Ok(())
}

#[test]
fn question_mark_into_boxed_dyn_error() {
    let (ys, r) = drain(boxed_error(vec!["1", "2"]));
    assert_eq!(ys, [1, 2]);
    assert!(r.is_ok());
    let (ys, r) = drain(boxed_error(vec!["1", "0", "2"]));
    assert_eq!(ys, [1]);
    assert_eq!(r.unwrap_err().to_string(), "Negative(0)");
    let (_, r) = drain(boxed_error(vec!["z"]));
    assert!(r.unwrap_err().downcast_ref::<ParseIntError>().is_some());
}

#[coro::coroutine(yield = u32)]
fn question_mark_drops_locals(fail: bool) -> Result<u32, String> {
    let _a = D("a");
    yield_!(1);
    let _b = D("b");
    let r: Result<u32, String> = if fail { Err("failed".into()) } else { Ok(5) };
    let v = r?;
    let _c = D("c");
    Ok(v)
}

#[test]
fn early_return_by_question_mark_drops_every_local_once() {
    let (ys, r) = drain(question_mark_drops_locals(true));
    assert_eq!((ys, r), (vec![1], Err("failed".to_owned())));
    assert_eq!(take_log(), ["drop b", "drop a"]);
    let (_, r) = drain(question_mark_drops_locals(false));
    assert_eq!(r, Ok(5));
    assert_eq!(take_log(), ["drop c", "drop b", "drop a"]);
}

#[coro::coroutine(yield = i32)]
fn return_inside_match(v: Vec<Option<i32>>) -> i32 {
    let mut sum = 0;
    for x in v {
        match x {
            Some(n) => {
                yield_!(n);
                sum += n;
            }
            None => return -sum,
        }
    }
    sum
}

#[test]
fn return_from_a_match_arm() {
    assert_eq!(
        drain(return_inside_match(vec![Some(1), Some(2), None, Some(9)])),
        (vec![1, 2], -3)
    );
    assert_eq!(drain(return_inside_match(vec![Some(4)])), (vec![4], 4));
}

#[coro::coroutine(yield = u32)]
fn question_mark_on_yield_from_result() -> Result<u32, MyError> {
    let a = yield_from!(parse_then_yield("12"))?;
    let b = yield_from!(parse_then_yield("oops"))?;
    Ok(a + b)
}

#[coro::coroutine(yield = u32)]
fn parse_then_yield(s: &'static str) -> Result<u32, ParseIntError> {
    let n: u32 = s.parse()?;
    yield_!(n);
    Ok(n)
}

#[test]
fn question_mark_on_a_delegated_result() {
    let (ys, r) = drain(question_mark_on_yield_from_result());
    assert_eq!(ys, [12]);
    assert!(matches!(r, Err(MyError::Parse(_))));
}

#[coro::coroutine(yield = u32)]
fn fallible_generator(items: &'static [&'static str]) -> Result<(), ParseIntError> {
    for s in items {
        yield_!(s.parse()?);
    }
    Ok(())
}

#[test]
fn try_iter_yields_then_the_error() {
    let got: Vec<_> = fallible_generator(&["1", "2", "x", "4"])
        .try_iter()
        .collect();
    assert_eq!(got.len(), 3);
    assert_eq!(got[..2], [Ok(1), Ok(2)]);
    assert!(got[2].is_err());

    let ok: Result<Vec<u32>, _> = fallible_generator(&["3", "4"]).try_iter().collect();
    assert_eq!(ok, Ok(vec![3, 4]));

    let mut it = fallible_generator(&["x"]).try_iter();
    assert!(matches!(it.next(), Some(Err(_))));
    assert!(it.next().is_none());
    assert!(it.next().is_none(), "fused after the error");
}

#[test]
fn map_return_and_map_yield() {
    let mut g = tail_value()
        .map_yield(|y| u32::from(y) * 100)
        .map_return(str::len);
    assert_eq!(g.send(()), S::Yielded(100));
    assert_eq!(g.send(()), S::Complete(4));
}

#[coro::coroutine(yield = &'static str)]
fn return_resume_value(#[resume] _first: Vec<u8>) -> Vec<u8> {
    let mut v = yield_!("give");
    v.push(0);
    v
}

#[test]
fn return_value_built_from_a_resume_value() {
    let mut g = return_resume_value();
    assert_eq!(
        feed(&mut g, [vec![], vec![1, 2]]),
        [S::Yielded("give"), S::Complete(vec![1, 2, 0])]
    );
}

#[coro::coroutine(yield = ())]
fn question_mark_in_closure_is_the_closures(items: Vec<&'static str>) -> Vec<Option<u8>> {
    let parse = |s: &str| -> Option<u8> {
        let n = s.parse::<u8>().ok()?;
        Some(n + 1)
    };
    let mut out = vec![];
    for s in items {
        out.push(parse(s));
        yield_!();
    }
    out
}

#[test]
fn question_mark_and_return_inside_closures_stay_in_the_closure() {
    let (ys, r) = drain(question_mark_in_closure_is_the_closures(vec!["1", "x"]));
    assert_eq!(ys.len(), 2);
    assert_eq!(r, [Some(2), None]);
}

#[allow(
    clippy::needless_return,
    reason = "the `return`s of nested items are what is under test"
)]
#[coro::coroutine(yield = u8)]
fn return_in_nested_fn_and_closure() -> u8 {
    fn helper() -> u8 {
        return 5;
    }
    let c = || {
        return 6_u8;
    };
    yield_!(helper());
    yield_!(c());
    7
}

#[test]
fn return_inside_nested_items_is_theirs() {
    assert_eq!(drain(return_in_nested_fn_and_closure()), (vec![5, 6], 7));
}
