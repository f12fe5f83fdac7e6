// Methods taking `self`, `&self`, `&mut self` and `self: Box<Self>`.
use coro::prelude::*;

struct Bag {
    items: Vec<u32>,
}

impl Bag {
    #[coro::coroutine(yield = u32)]
    fn into_items(self) {
        for x in self.items {
            yield_!(x);
        }
    }

    #[coro::coroutine(yield = &u32)]
    fn items(&self) {
        for x in &self.items {
            yield_!(x);
        }
    }

    #[coro::coroutine(yield = u32)]
    fn drain(&mut self) -> usize {
        let mut n = 0;
        while let Some(x) = self.items.pop() {
            n += 1;
            yield_!(x);
        }
        n
    }

    #[coro::coroutine(yield = u32)]
    fn boxed_items(self: Box<Self>) {
        for x in self.items {
            yield_!(x);
        }
    }

    #[coro::coroutine(yield = u32)]
    fn scaled(&self, #[resume] factor: u32) -> u32 {
        let mut factor = factor;
        for x in &self.items {
            factor = yield_!(x * factor);
        }
        factor
    }
}

fn main() {
    let mut bag = Bag {
        items: vec![1, 2, 3],
    };
    assert_eq!(bag.items().copied().collect::<Vec<_>>(), [1, 2, 3]);

    {
        let mut s = bag.scaled();
        assert_eq!(s.send(10), CoroutineState::Yielded(10));
        assert_eq!(s.send(100), CoroutineState::Yielded(200));
        assert_eq!(s.send(1), CoroutineState::Yielded(3));
        assert_eq!(s.send(7), CoroutineState::Complete(7));
    }

    {
        let mut d = bag.drain();
        assert_eq!(d.send(()), CoroutineState::Yielded(3));
        assert_eq!(d.send(()), CoroutineState::Yielded(2));
        assert_eq!(d.send(()), CoroutineState::Yielded(1));
        assert_eq!(d.send(()), CoroutineState::Complete(3));
    }
    bag.items.extend([4, 5]);

    assert_eq!(
        Box::new(Bag { items: vec![6] })
            .boxed_items()
            .collect::<Vec<_>>(),
        [6]
    );
    assert_eq!(bag.into_items().collect::<Vec<_>>(), [4, 5]);
}
