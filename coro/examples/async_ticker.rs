//! An async generator: a `Stream` of ticks that awaits a (simulated) timer between them, and an
//! async coroutine that takes values in and hands a summary back, driven by `futures-executor`.
//!
//! `cargo run -p coro --example async_ticker`

use std::future::{Future, poll_fn};
use std::pin::{Pin, pin};
use std::task::{Context, Poll};

use coro::prelude::*;
use futures_core::Stream;

/// A timer that is pending `ticks` times before it fires (a stand-in for a real one).
struct Sleep {
    ticks: u32,
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.ticks == 0 {
            Poll::Ready(())
        } else {
            self.ticks -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// Yields `n` numbered ticks, waiting on the timer before each.
#[coro::coroutine(yield = String)]
async fn ticker(n: u32) {
    for i in 1..=n {
        Sleep { ticks: 3 }.await;
        yield_!(format!("tick {i}"));
    }
}

/// Receives readings by `resume`, answers each with the running maximum, and returns the
/// count when it receives `None`.
#[coro::coroutine(yield = i32)]
async fn max_so_far(#[resume] first: Option<i32>) -> usize {
    let mut count = 0;
    let mut max = i32::MIN;
    let mut next = first;
    while let Some(reading) = next {
        Sleep { ticks: 1 }.await;
        count += 1;
        max = max.max(reading);
        next = yield_!(max);
    }
    count
}

fn main() {
    futures_executor::block_on(async {
        let mut ticks = pin!(ticker(3));
        while let Some(tick) = poll_fn(|cx| ticks.as_mut().poll_next(cx)).await {
            println!("stream: {tick}");
        }
        println!("stream: done, {ticks:?}");

        let mut max = pin!(max_so_far());
        for reading in [3, 9, 4] {
            let answer = max.as_mut().resume(Some(reading)).await;
            println!("sent {reading}, got {answer:?}");
        }
        println!("sent None, got {:?}", max.as_mut().resume(None).await);
    });
}
