// Bounds in `where` clauses, on type parameters and on lifetimes.
use coro::prelude::*;
use std::fmt::Debug;
use std::ops::Add;

#[coro::coroutine(yield = T)]
fn running_sum<T>(xs: Vec<T>) -> T
where
    T: Add<Output = T> + Copy + Default,
{
    let mut total = T::default();
    for x in xs {
        total = total + x;
        yield_!(total);
    }
    total
}

#[coro::coroutine(yield = String)]
fn debugged<'a, I>(items: I)
where
    I: IntoIterator<Item = &'a (dyn Debug + 'a)>,
{
    for x in items {
        yield_!(format!("{x:?}"));
    }
}

struct Pairs<K, V>(Vec<(K, V)>);

impl<K, V> Pairs<K, V>
where
    K: Clone,
    V: Clone,
{
    #[coro::coroutine(yield = K)]
    fn keys(&self) -> usize
    where
        K: PartialEq,
    {
        let mut n = 0;
        for (k, _) in &self.0 {
            n += 1;
            yield_!(k.clone());
        }
        n
    }
}

fn main() {
    let mut s = running_sum(vec![1, 2, 3]);
    assert_eq!(s.send(()), CoroutineState::Yielded(1));
    assert_eq!(s.send(()), CoroutineState::Yielded(3));
    assert_eq!(s.send(()), CoroutineState::Yielded(6));
    assert_eq!(s.send(()), CoroutineState::Complete(6));

    let one = 1;
    let two = "two";
    let items: [&dyn Debug; 2] = [&one, &two];
    assert_eq!(debugged(items).collect::<Vec<_>>(), ["1", "\"two\""]);

    let p = Pairs(vec![("a", 1), ("b", 2)]);
    let mut k = p.keys();
    assert_eq!(k.send(()), CoroutineState::Yielded("a"));
    assert_eq!(k.send(()), CoroutineState::Yielded("b"));
    assert_eq!(k.send(()), CoroutineState::Complete(2));
}
