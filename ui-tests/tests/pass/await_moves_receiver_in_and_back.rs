// The fix the macro suggests for a future that borrows a local: move the local into an
// `async move` block and take it back with the result. A shared reference taken as a
// parameter can be lent to awaited calls as it is.
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use futures_core::Stream;

struct Receiver(u32);

impl Receiver {
    async fn recv(&mut self) -> Option<u32> {
        self.0 += 1;
        (self.0 < 3).then_some(self.0)
    }
}

async fn double(v: &u32) -> u32 {
    v * 2
}

#[coro::coroutine(yield = u32)]
async fn forward(mut rx: Receiver, factor: &u32) {
    loop {
        let (item, back) = async move { (rx.recv().await, rx) }.await;
        rx = back;
        let Some(x) = item else { break };
        yield_!(x * double(factor).await);
    }
}

fn main() {
    let factor = 5;
    let mut g = pin!(forward(Receiver(0), &factor));
    let mut cx = Context::from_waker(Waker::noop());
    let mut out = Vec::new();
    while let Poll::Ready(Some(x)) = g.as_mut().poll_next(&mut cx) {
        out.push(x);
    }
    assert_eq!(out, [10, 20]);
}
