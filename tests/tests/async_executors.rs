//! Async coroutines driven by real executors: futures-executor's `LocalPool` and `ThreadPool`,
//! and tokio's current-thread and multi-thread runtimes with a real timer.

use std::future::poll_fn;
use std::pin::pin;
use std::sync::mpsc;
use std::time::Duration;

use coro::prelude::*;
use futures_core::Stream;

#[coro::coroutine(yield = u64)]
async fn squares(n: u64) -> u64 {
    let mut sum = 0;
    for i in 1..=n {
        tokio::time::sleep(Duration::from_millis(1)).await;
        sum += i * i;
        yield_!(i * i);
    }
    sum
}

async fn drain_squares(n: u64) -> (Vec<u64>, u64) {
    let mut c = pin!(squares(n));
    let mut seen = Vec::new();
    loop {
        match c.as_mut().resume(()).await {
            CoroutineState::Yielded(v) => seen.push(v),
            CoroutineState::Complete(sum) => return (seen, sum),
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn tokio_current_thread_with_a_real_timer() {
    assert_eq!(drain_squares(4).await, (vec![1, 4, 9, 16], 30));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokio_multi_thread_spawned_task() {
    let handle = tokio::spawn(drain_squares(3));
    assert_eq!(handle.await.unwrap(), (vec![1, 4, 9], 14));
}

#[coro::coroutine(yield = String)]
async fn words(text: &'static str) {
    for w in text.split(' ') {
        let w = std::future::ready(w.to_uppercase()).await;
        yield_!(w);
    }
}

#[test]
fn futures_local_pool() {
    let mut pool = futures_executor::LocalPool::new();
    let got = pool.run_until(async {
        let mut s = pin!(words("a bb ccc"));
        let mut out = Vec::new();
        while let Some(w) = poll_fn(|cx| s.as_mut().poll_next(cx)).await {
            out.push(w);
        }
        out
    });
    assert_eq!(got, ["A", "BB", "CCC"]);
}

#[test]
fn futures_thread_pool_runs_a_send_stream() {
    let pool = futures_executor::ThreadPool::builder()
        .pool_size(2)
        .create()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    pool.spawn_ok(async move {
        let mut s = Box::pin(words("x yz"));
        while let Some(w) = poll_fn(|cx| s.as_mut().poll_next(cx)).await {
            tx.send(w).unwrap();
        }
    });
    let got: Vec<String> = rx.iter().take(2).collect();
    assert_eq!(got, ["X", "YZ"]);
}
