//! W3b: an in-order walk of a complete binary tree, recursive through boxed coroutines.

use std::future::Future;
use std::hint::black_box;
use std::pin::Pin;
use std::sync::OnceLock;

use coro::prelude::*;
use genawaiter::GeneratorState;

use super::sum_iter;

/// Depth of the tree: `2^DEPTH - 1` nodes.
pub(crate) const DEPTH: u32 = 20;
/// Nodes of the tree.
pub(crate) const NODES: u64 = (1 << DEPTH) - 1;

/// A binary tree.
pub(crate) enum Tree {
    Leaf,
    Node(Box<Tree>, u64, Box<Tree>),
}

fn build(depth: u32, next: &mut u64) -> Tree {
    if depth == 0 {
        return Tree::Leaf;
    }
    let left = build(depth - 1, next);
    let v = *next;
    *next += 1;
    let right = build(depth - 1, next);
    Tree::Node(Box::new(left), v, Box::new(right))
}

/// The complete tree of depth [`DEPTH`], built on first use.
pub(crate) fn tree() -> &'static Tree {
    static TREE: OnceLock<Tree> = OnceLock::new();
    TREE.get_or_init(|| build(DEPTH, &mut 0))
}

/// Hand-written: an iterator with an explicit stack.
pub(crate) struct InOrder<'a> {
    stack: Vec<&'a Tree>,
    node: &'a Tree,
}

impl Iterator for InOrder<'_> {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        loop {
            match self.node {
                Tree::Node(left, _, _) => {
                    self.stack.push(self.node);
                    self.node = left;
                }
                Tree::Leaf => {
                    let Tree::Node(_, v, right) = self.stack.pop()? else {
                        unreachable!()
                    };
                    self.node = right;
                    return Some(*v);
                }
            }
        }
    }
}

/// coro: one coroutine per node, each delegating to its children with `yield_from!`.
#[coro::coroutine(yield = u64)]
pub(crate) fn walk_node(t: &Tree) {
    if let Tree::Node(left, v, right) = t {
        yield_from!(walk(left));
        yield_!(*v);
        yield_from!(walk(right));
    }
}

/// The recursion goes through `boxed()`: the coroutine's type cannot contain itself.
pub(crate) fn walk(t: &Tree) -> coro::BoxCoroutine<'_, (), u64, ()> {
    walk_node(t).boxed()
}

type BoxFuture<'a> = Pin<Box<dyn Future<Output = ()> + 'a>>;

/// genawaiter (heap flavour): the producer's future is boxed for the same reason, and each level
/// drives its children and yields what they yield.
fn walk_genawaiter(co: genawaiter::rc::Co<u64>, t: &Tree) -> BoxFuture<'_> {
    Box::pin(async move {
        if let Tree::Node(left, v, right) = t {
            let mut sub = genawaiter::rc::Gen::new(|co| walk_genawaiter(co, left));
            while let GeneratorState::Yielded(x) = sub.resume() {
                co.yield_(x).await;
            }
            co.yield_(*v).await;
            let mut sub = genawaiter::rc::Gen::new(|co| walk_genawaiter(co, right));
            while let GeneratorState::Yielded(x) = sub.resume() {
                co.yield_(x).await;
            }
        }
    })
}

/// diapause: `yield_all!(box ..)` stores each child boxed in its parent's state. A reference
/// other than a parameter cannot be kept across a suspension point, so the node is matched again
/// after each one.
#[diapause::coroutine(yield = u64)]
pub(crate) fn walk_diapause<'a>(t: &'a Tree) {
    if let Tree::Node(left, _, _) = t {
        let sub: walk_diapause::State<'a> = walk_diapause(left);
        yield_all!(box sub);
    }
    if let Tree::Node(_, v, _) = t {
        let v: u64 = *v;
        yield_!(v);
    }
    if let Tree::Node(_, _, right) = t {
        let sub: walk_diapause::State<'a> = walk_diapause(right);
        yield_all!(box sub);
    }
}

pub(crate) fn hand(walks: u64) -> u64 {
    let t = tree();
    let mut sum = 0u64;
    for _ in 0..walks {
        let it = InOrder {
            stack: Vec::new(),
            node: black_box(t),
        };
        sum = sum.wrapping_add(sum_iter(it));
    }
    sum
}

pub(crate) fn coro(walks: u64) -> u64 {
    let t = tree();
    let mut sum = 0u64;
    for _ in 0..walks {
        let mut w = walk(black_box(t));
        while let CoroutineState::Yielded(v) = w.send(()) {
            sum = sum.wrapping_add(black_box(v));
        }
    }
    sum
}

pub(crate) fn genawaiter(walks: u64) -> u64 {
    let t = tree();
    let mut sum = 0u64;
    for _ in 0..walks {
        let g = genawaiter::rc::Gen::new(|co| walk_genawaiter(co, black_box(t)));
        sum = sum.wrapping_add(sum_iter(g.into_iter()));
    }
    sum
}

pub(crate) fn diapause(walks: u64) -> u64 {
    let t = tree();
    let mut sum = 0u64;
    for _ in 0..walks {
        sum = sum.wrapping_add(sum_iter(diapause::Iter::new(walk_diapause(black_box(t)))));
    }
    sum
}
