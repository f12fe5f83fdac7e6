//! `yield_from!`: yields pass out, resume values pass in, the sub-coroutine's return value comes
//! back; `coro::from_iter`; recursion through `boxed()`.

mod common;

use std::pin::Pin;

use coro::prelude::*;
use coro::{BoxCoroutine, Coroutine};

use common::{drain, feed, log, take_log};

type S<Y, T> = CoroutineState<Y, T>;

#[coro::coroutine(yield = u32)]
fn countdown(n: u32) -> &'static str {
    for i in (1..=n).rev() {
        yield_!(i);
    }
    "liftoff"
}

#[coro::coroutine(yield = u32)]
fn two_countdowns() -> (usize, &'static str) {
    let a = yield_from!(countdown(2));
    let b = yield_from!(countdown(1));
    (a.len() + b.len(), b)
}

#[test]
fn yields_pass_out_and_the_result_comes_back() {
    assert_eq!(drain(two_countdowns()), (vec![2, 1, 1], (14, "liftoff")));
}

#[coro::coroutine(yield = u32)]
fn empty_sub() -> u32 {
    log("empty ran");
    42
}

#[coro::coroutine(yield = u32)]
fn delegate_to_empty() -> u32 {
    yield_!(1);
    let r = yield_from!(empty_sub());
    yield_!(2);
    r
}

#[test]
fn delegating_to_a_coroutine_that_never_yields() {
    let mut g = delegate_to_empty();
    assert_eq!(g.send(()), S::Yielded(1));
    assert!(take_log().is_empty());
    assert_eq!(g.send(()), S::Yielded(2));
    assert_eq!(take_log(), ["empty ran"]);
    assert_eq!(g.send(()), S::Complete(42));
}

#[coro::coroutine(yield = i32)]
fn adder(#[resume] first: i32) -> i32 {
    let mut sum = first;
    loop {
        let x = yield_!(sum);
        if x == 0 {
            return sum;
        }
        sum += x;
    }
}

#[coro::coroutine(yield = i32)]
fn two_adders(#[resume] first: i32) -> (i32, i32) {
    let a = yield_from!(adder(), first);
    let next = yield_!(-1);
    let b = yield_from!(adder(), next);
    (a, b)
}

#[test]
fn resume_values_are_forwarded_and_first_value_is_given_explicitly() {
    let mut g = two_adders();
    assert_eq!(
        feed(&mut g, [5, 1, 2, 0, 10, 20, 0]),
        [
            S::Yielded(5),
            S::Yielded(6),
            S::Yielded(8),
            S::Yielded(-1),
            S::Yielded(10),
            S::Yielded(30),
            S::Complete((8, 30))
        ]
    );
}

#[coro::coroutine(yield = String)]
fn echo_sub(#[resume] first: String) -> usize {
    let mut n = 0;
    let mut s = first;
    while !s.is_empty() {
        n += 1;
        s = yield_!(s.to_uppercase());
    }
    n
}

#[coro::coroutine(yield = String)]
fn middle(#[resume] first: String) -> usize {
    let n = yield_from!(echo_sub(), first);
    let again: String = yield_!(format!("middle got {n}"));
    n + yield_from!(echo_sub(), again)
}

#[coro::coroutine(yield = String)]
fn top(#[resume] first: String) -> String {
    let total = yield_from!(middle(), first);
    format!("total {total}")
}

#[test]
fn nested_delegation_three_levels_with_sends() {
    let mut g = top();
    let sends = ["a", "b", "", "c", ""].map(String::from);
    let out = feed(&mut g, sends);
    assert_eq!(
        out,
        [
            S::Yielded("A".to_owned()),
            S::Yielded("B".to_owned()),
            S::Yielded("middle got 2".to_owned()),
            S::Yielded("C".to_owned()),
            S::Complete("total 3".to_owned()),
        ]
    );
}

#[coro::coroutine(yield = char)]
fn letters() -> usize {
    yield_from!(coro::from_iter("ab".chars()));
    yield_from!(coro::from_iter(vec!['c']));
    yield_from!(coro::from_iter(None::<char>));
    let v = ['d', 'e'];
    yield_from!(coro::from_iter(v));
    5
}

#[test]
fn from_iter_delegates_to_any_into_iterator() {
    assert_eq!(drain(letters()), (vec!['a', 'b', 'c', 'd', 'e'], 5));
}

#[coro::coroutine(yield = u32)]
fn from_iter_of_a_generator() -> u32 {
    // A generator is an iterator, so it can go through from_iter too.
    yield_from!(coro::from_iter(upto(2).map(|x| x * 100)));
    0
}

#[coro::coroutine(yield = u32)]
fn upto(n: u32) {
    for i in 1..=n {
        yield_!(i);
    }
}

#[test]
fn from_iter_over_an_iterator_adapter() {
    assert_eq!(drain(from_iter_of_a_generator()), (vec![100, 200], 0));
}

#[derive(Debug)]
enum Tree {
    Leaf(i32),
    Node(Box<Tree>, i32, Box<Tree>),
}

fn walk(tree: &Tree) -> BoxCoroutine<'_, (), i32, usize> {
    #[coro::coroutine(yield = i32)]
    fn inner(tree: &Tree) -> usize {
        match tree {
            Tree::Leaf(v) => {
                yield_!(*v);
                1
            }
            Tree::Node(l, v, r) => {
                let a = yield_from!(walk(l));
                yield_!(*v);
                let b = yield_from!(walk(r));
                a + b + 1
            }
        }
    }
    inner(tree).boxed()
}

#[test]
fn recursive_in_order_tree_walk_through_boxed() {
    use Tree::{Leaf, Node};
    let tree = Node(
        Box::new(Node(Box::new(Leaf(1)), 2, Box::new(Leaf(3)))),
        4,
        Box::new(Node(
            Box::new(Leaf(5)),
            6,
            Box::new(Node(Box::new(Leaf(7)), 8, Box::new(Leaf(9)))),
        )),
    );
    assert_eq!(drain(walk(&tree)), ((1..=9).collect(), 9));
}

fn permutations(items: Vec<u8>) -> BoxCoroutine<'static, (), Vec<u8>, ()> {
    #[coro::coroutine(yield = Vec<u8>)]
    fn inner(items: Vec<u8>) {
        if items.len() <= 1 {
            yield_!(items.clone());
            return;
        }
        for i in 0..items.len() {
            let mut rest = items.clone();
            let head = rest.remove(i);
            let mut sub = permutations(rest);
            while let CoroutineState::Yielded(mut p) = sub.as_mut().resume(()) {
                p.insert(0, head);
                yield_!(p);
            }
        }
    }
    inner(items).boxed()
}

#[test]
fn recursive_permutations_driving_a_boxed_sub_by_hand() {
    let (ps, ()) = drain(permutations(vec![1, 2, 3]));
    assert_eq!(
        ps,
        [
            [1, 2, 3],
            [1, 3, 2],
            [2, 1, 3],
            [2, 3, 1],
            [3, 1, 2],
            [3, 2, 1]
        ]
    );
}

#[coro::coroutine(yield = Vec<u8>)]
fn one_or_each(items: Vec<u8>) {
    if items.len() <= 1 {
        yield_!(items);
        return;
    }
    for i in 0..items.len() {
        yield_!(vec![items[i]]);
    }
}

#[test]
fn local_moved_into_a_yield_in_a_returning_branch() {
    assert_eq!(one_or_each(vec![1, 2]).collect::<Vec<_>>(), [[1], [2]]);
    assert_eq!(one_or_each(vec![1]).collect::<Vec<_>>(), [[1]]);
}

fn accumulate_depth(depth: u32) -> BoxCoroutine<'static, i64, i64, i64> {
    #[coro::coroutine(yield = i64)]
    fn inner(depth: u32, #[resume] first: i64) -> i64 {
        if depth == 0 {
            let second = yield_!(first);
            return first + second;
        }
        let below = yield_from!(accumulate_depth(depth - 1), first * 10);
        below + 1
    }
    inner(depth).boxed()
}

#[test]
fn resume_values_through_recursive_boxed_delegation() {
    let mut g = accumulate_depth(3);
    assert_eq!(g.as_mut().resume(2), S::Yielded(2000));
    assert_eq!(g.as_mut().resume(5), S::Complete(2008));
}

#[coro::coroutine(yield = u32)]
fn delegate_to_borrowed<'a, G>(sub: &'a mut G) -> &'static str
where
    G: Coroutine<(), Yield = u32, Return = &'static str> + Unpin,
{
    yield_!(0);
    yield_from!(sub)
}

#[test]
fn delegating_to_a_mut_reference_and_partially_consumed_sub() {
    let mut sub = countdown(3);
    assert_eq!(sub.send(()), S::Yielded(3));
    let (ys, r) = drain(delegate_to_borrowed(&mut sub));
    assert_eq!((ys, r), (vec![0, 2, 1], "liftoff"));
}

#[coro::coroutine(yield = u32)]
fn delegate_boxed_and_pinned() -> u32 {
    let a = yield_from!(Box::new(countdown(1)));
    let b = yield_from!(Box::pin(countdown(2)));
    let c = yield_from!(countdown(1).boxed());
    u32::try_from(a.len() + b.len() + c.len()).unwrap()
}

#[test]
fn delegating_to_box_and_pin_box() {
    assert_eq!(drain(delegate_boxed_and_pinned()), (vec![1, 2, 1, 1], 21));
}

#[coro::coroutine(yield = u32)]
fn delegate_in_a_loop(
    subs: Vec<BoxCoroutine<'static, (), u32, &'static str>>,
) -> Vec<&'static str> {
    let mut results = vec![];
    for sub in subs {
        results.push(yield_from!(sub));
    }
    results
}

#[coro::coroutine(yield = u32)]
fn other_body() -> &'static str {
    yield_!(99);
    "other"
}

#[test]
fn delegating_to_heterogeneous_boxed_coroutines() {
    let subs = vec![
        countdown(2).boxed(),
        other_body().boxed(),
        countdown(0).boxed(),
    ];
    let (ys, rs) = drain(delegate_in_a_loop(subs));
    assert_eq!(ys, [2, 1, 99]);
    assert_eq!(rs, ["liftoff", "other", "liftoff"]);
}

#[coro::coroutine(yield = String)]
fn delegate_to_adapters() -> usize {
    let n = yield_from!(
        countdown(2)
            .map_yield(|x| format!("#{x}"))
            .map_return(str::len)
    );
    n
}

#[test]
fn delegating_to_map_yield_and_map_return() {
    assert_eq!(
        drain(delegate_to_adapters()),
        (vec!["#2".to_owned(), "#1".to_owned()], 7)
    );
}

/// A coroutine written by hand: yields its counter until it reaches the resume value.
struct Manual {
    n: u32,
}

impl Coroutine<u32> for Manual {
    type Yield = u32;
    type Return = u32;

    fn resume(self: Pin<&mut Self>, limit: u32) -> CoroutineState<u32, u32> {
        let this = self.get_mut();
        this.n += 1;
        if this.n >= limit {
            CoroutineState::Complete(this.n * 100)
        } else {
            CoroutineState::Yielded(this.n)
        }
    }
}

#[coro::coroutine(yield = u32)]
fn delegate_to_manual(#[resume] first: u32) -> u32 {
    yield_from!(Manual { n: 0 }, first)
}

#[test]
fn delegating_to_a_hand_written_coroutine() {
    let mut g = delegate_to_manual();
    assert_eq!(
        feed(&mut g, [5, 5, 5, 3]),
        [
            S::Yielded(1),
            S::Yielded(2),
            S::Yielded(3),
            S::Complete(400)
        ]
    );
}

#[coro::coroutine(yield = u32)]
fn sub_logs() -> u32 {
    log("sub start");
    yield_!(1);
    log("sub end");
    2
}

#[coro::coroutine(yield = u32)]
fn outer_logs() -> u32 {
    log("outer before");
    let r = yield_from!(sub_logs());
    log("outer after");
    r
}

#[test]
fn delegation_is_lazy_and_interleaves_in_order() {
    let mut g = outer_logs();
    assert!(take_log().is_empty());
    assert_eq!(g.send(()), S::Yielded(1));
    assert_eq!(take_log(), ["outer before", "sub start"]);
    assert_eq!(g.send(()), S::Complete(2));
    assert_eq!(take_log(), ["sub end", "outer after"]);
}

#[coro::coroutine(yield = u64)]
fn fib_upto(limit: u64) -> usize {
    let (mut a, mut b) = (0_u64, 1_u64);
    let mut n = 0;
    while a <= limit {
        yield_!(a);
        (a, b) = (b, a + b);
        n += 1;
    }
    n
}

#[coro::coroutine(yield = u64)]
fn delegate_in_match(which: u8) -> usize {
    match which {
        0 => yield_from!(fib_upto(5)),
        1 => {
            let n = yield_from!(fib_upto(1));
            n * 100
        }
        _ => 0,
    }
}

#[test]
fn yield_from_in_match_arms() {
    assert_eq!(drain(delegate_in_match(0)), (vec![0, 1, 1, 2, 3, 5], 6));
    assert_eq!(drain(delegate_in_match(1)), (vec![0, 1, 1], 300));
    assert_eq!(drain(delegate_in_match(2)), (vec![], 0));
}

#[coro::coroutine(yield = u32)]
fn yield_from_as_tail() -> &'static str {
    yield_from!(countdown(1))
}

#[test]
fn yield_from_as_the_tail_expression() {
    assert_eq!(drain(yield_from_as_tail()), (vec![1], "liftoff"));
}
