//! W5: an async stream of 0..n with one `.await` per item, driven by `futures_executor::block_on`.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use genawaiter::stack::{Co, let_gen_using};

use super::sum_stream;

/// Hand-written: a `Stream` of 0..n.
pub(crate) struct CountStream {
    i: u64,
    n: u64,
}

impl Stream for CountStream {
    type Item = u64;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<u64>> {
        if self.i < self.n {
            let v = self.i;
            self.i += 1;
            Poll::Ready(Some(v))
        } else {
            Poll::Ready(None)
        }
    }
}

/// coro: the loop as an async generator, awaiting a ready future per item.
#[coro::coroutine(yield = u64)]
pub(crate) async fn count_stream(n: u64) {
    let mut i = 0;
    while i < n {
        let v = std::future::ready(i).await;
        yield_!(v);
        i += 1;
    }
}

/// genawaiter: the same producer; its generator is a `Stream` with the `futures03` feature.
async fn count_stream_genawaiter(co: Co<'_, u64>, n: u64) {
    let mut i = 0;
    while i < n {
        let v = std::future::ready(i).await;
        co.yield_(v).await;
        i += 1;
    }
}

/// async-stream: the same body in its `stream!` macro.
pub(crate) fn count_async_stream(n: u64) -> impl Stream<Item = u64> {
    async_stream::stream! {
        let mut i = 0;
        while i < n {
            let v = std::future::ready(i).await;
            yield v;
            i += 1;
        }
    }
}

pub(crate) fn hand(n: u64) -> u64 {
    sum_stream(CountStream { i: 0, n })
}

pub(crate) fn coro(n: u64) -> u64 {
    sum_stream(count_stream(n))
}

pub(crate) fn genawaiter(n: u64) -> u64 {
    let_gen_using!(g, |co| count_stream_genawaiter(co, n));
    sum_stream(g)
}

pub(crate) fn async_stream(n: u64) -> u64 {
    sum_stream(count_async_stream(n))
}
