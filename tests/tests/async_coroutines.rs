//! `async fn` coroutines: `.await` is a suspension point whose future lives in the state,
//! polled in place; generators are fused `Stream`s, the rest `AsyncCoroutine`s.

mod common;

use std::cell::{Cell, RefCell};
use std::future::{Future, poll_fn};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::{Pin, pin};
use std::rc::Rc;
use std::task::{Context, Poll};

use coro::prelude::*;
use futures_core::Stream;
use futures_executor::block_on;

use common::collect;

/// A future that is pending `n` times (waking itself each time) before it is ready.
struct PendingFor {
    left: u32,
    value: u32,
    polls: Rc<Cell<u32>>,
}

impl Future for PendingFor {
    type Output = u32;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        self.polls.set(self.polls.get() + 1);
        if self.left == 0 {
            Poll::Ready(self.value)
        } else {
            self.left -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

fn later(value: u32, pending: u32, polls: &Rc<Cell<u32>>) -> PendingFor {
    PendingFor {
        left: pending,
        value,
        polls: polls.clone(),
    }
}

#[allow(
    clippy::unused_async,
    reason = "stands in for any async fn the coroutine awaits"
)]
async fn add_one(x: u32) -> u32 {
    x + 1
}

#[coro::coroutine(yield = u32)]
async fn ticks(n: u32, polls: Rc<Cell<u32>>) {
    for i in 0..n {
        let v = later(i * 10, 2, &polls).await;
        yield_!(add_one(v).await);
    }
}

#[test]
fn a_generator_is_a_stream_of_its_yields() {
    let polls = Rc::new(Cell::new(0));
    assert_eq!(collect(ticks(3, polls.clone())), [1, 11, 21]);
    // Each `later` future was polled three times: pending twice, then ready.
    assert_eq!(polls.get(), 9);
}

#[test]
fn the_stream_is_fused_and_lazy() {
    let polls = Rc::new(Cell::new(0));
    let s = ticks(1, polls.clone());
    assert_eq!(polls.get(), 0, "creating it runs nothing");
    block_on(async {
        let mut s = pin!(s);
        assert_eq!(poll_fn(|cx| s.as_mut().poll_next(cx)).await, Some(1));
        assert_eq!(poll_fn(|cx| s.as_mut().poll_next(cx)).await, None);
        assert_eq!(poll_fn(|cx| s.as_mut().poll_next(cx)).await, None);
        assert!(futures_core::FusedStream::is_terminated(&*s));
        assert!(format!("{s:?}").contains("ticks (complete)"));
    });
}

#[coro::coroutine(yield = u32)]
async fn echo_doubled(#[resume] first: u32) -> &'static str {
    let mut x = first;
    while x != 0 {
        x = yield_!(async move { x * 2 }.await);
    }
    "zero"
}

#[test]
fn resume_values_and_a_return_value() {
    block_on(async {
        let mut c = pin!(echo_doubled());
        assert_eq!(c.as_mut().resume(4).await, CoroutineState::Yielded(8));
        assert_eq!(c.as_mut().resume(5).await, CoroutineState::Yielded(10));
        assert_eq!(c.as_mut().resume(0).await, CoroutineState::Complete("zero"));
    });
}

struct Noisy(&'static str, Rc<RefCell<Vec<&'static str>>>);

impl Drop for Noisy {
    fn drop(&mut self) {
        self.1.borrow_mut().push(self.0);
    }
}

/// A future that is never ready and logs its drop.
struct Never {
    _dropped: Noisy,
}

impl Future for Never {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        Poll::Pending
    }
}

#[coro::coroutine(yield = u32)]
async fn stuck(log: Rc<RefCell<Vec<&'static str>>>) {
    let kept = Noisy("kept", log.clone());
    yield_!(1);
    Never {
        _dropped: Noisy("future", log.clone()),
    }
    .await;
    yield_!(u32::try_from(kept.0.len()).unwrap_or(0));
}

#[test]
fn dropping_while_awaiting_drops_the_future_and_the_locals_once() {
    let log = Rc::new(RefCell::new(Vec::new()));
    {
        let s = stuck(log.clone());
        let mut s = Box::pin(s);
        let waker = futures_task_noop_waker();
        let mut cx = Context::from_waker(&waker);
        assert_eq!(s.as_mut().poll_next(&mut cx), Poll::Ready(Some(1)));
        assert_eq!(s.as_mut().poll_next(&mut cx), Poll::Pending);
        assert_eq!(s.as_mut().poll_next(&mut cx), Poll::Pending);
        assert!(log.borrow().is_empty());
    }
    assert_eq!(*log.borrow(), ["future", "kept"]);
}

fn futures_task_noop_waker() -> std::task::Waker {
    std::task::Waker::noop().clone()
}

#[coro::coroutine(yield = u32)]
async fn fails_after_await(polls: Rc<Cell<u32>>) {
    let v = later(7, 1, &polls).await;
    assert!(v != 7, "planted panic");
    yield_!(v);
}

#[test]
fn a_panic_while_polling_poisons() {
    let polls = Rc::new(Cell::new(0));
    let mut s = Box::pin(fails_after_await(polls));
    let waker = futures_task_noop_waker();
    let mut cx = Context::from_waker(&waker);
    assert_eq!(s.as_mut().poll_next(&mut cx), Poll::Pending);
    let err = catch_unwind(AssertUnwindSafe(|| s.as_mut().poll_next(&mut cx))).unwrap_err();
    assert_eq!(*err.downcast_ref::<&str>().unwrap(), "planted panic");
    assert!(format!("{s:?}").contains("poisoned"));
    let err = catch_unwind(AssertUnwindSafe(|| s.as_mut().poll_next(&mut cx))).unwrap_err();
    assert_eq!(
        *err.downcast_ref::<&str>().unwrap(),
        "coroutine resumed after panicking"
    );
}

#[coro::coroutine(yield = String)]
async fn shout(words: Vec<&'static str>) -> usize {
    let mut n = 0;
    for w in words {
        let loud = async move { w.to_uppercase() }.await;
        yield_!(loud);
        n += 1;
    }
    n
}

#[test]
fn awaits_inside_loops_with_a_return_value() {
    block_on(async {
        let mut c = pin!(shout(vec!["a", "bc"]));
        assert_eq!(
            c.as_mut().resume(()).await,
            CoroutineState::Yielded("A".to_owned())
        );
        assert_eq!(
            c.as_mut().resume(()).await,
            CoroutineState::Yielded("BC".to_owned())
        );
        assert_eq!(c.as_mut().resume(()).await, CoroutineState::Complete(2));
    });
}

fn assert_send<T: Send>(_: &T) {}

#[coro::coroutine(yield = u32)]
async fn sendable(n: u32) {
    for i in 0..n {
        yield_!(add_one(i).await);
    }
}

#[test]
fn send_follows_the_state() {
    let s = sendable(2);
    assert_send(&s);
    assert_eq!(collect(s), [1, 2]);
}

struct Counter {
    step: u32,
}

impl Counter {
    #[coro::coroutine(yield = u32)]
    async fn up_to(&self, n: u32) {
        let mut i = 0;
        while i < n {
            i = add_one(i).await * self.step;
            yield_!(i);
        }
    }
}

#[test]
fn methods_borrowing_self() {
    let c = Counter { step: 2 };
    assert_eq!(collect(c.up_to(10)), [2, 6, 14]);
}

#[coro::coroutine(yield = u32)]
async fn parse_all(items: Vec<&'static str>) -> Result<(), std::num::ParseIntError> {
    for s in items {
        let n: u32 = async move { s.parse() }.await?;
        yield_!(n);
    }
    Ok(())
}

#[test]
fn try_stream_ends_with_the_error() {
    let got = collect(parse_all(vec!["1", "2", "x", "4"]).try_stream());
    assert_eq!(got.len(), 3);
    assert_eq!(got[0], Ok(1));
    assert_eq!(got[1], Ok(2));
    assert!(got[2].is_err());
    let ok = collect(parse_all(vec!["5"]).try_stream());
    assert_eq!(ok, [Ok(5)]);
}

struct Explodes;

impl Future for Explodes {
    type Output = u32;

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<u32> {
        panic!("the awaited future panicked")
    }
}

#[coro::coroutine(yield = u32)]
async fn awaits_a_panicking_future(log: Rc<RefCell<Vec<&'static str>>>) {
    let kept = Noisy("kept", log.clone());
    yield_!(1);
    let v = Explodes.await;
    yield_!(v + u32::try_from(kept.0.len()).unwrap_or(0));
}

#[test]
fn a_panic_in_an_awaited_future_poisons_and_drops_once() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let mut s = Box::pin(awaits_a_panicking_future(log.clone()));
    let waker = futures_task_noop_waker();
    let mut cx = Context::from_waker(&waker);
    assert_eq!(s.as_mut().poll_next(&mut cx), Poll::Ready(Some(1)));
    let err = catch_unwind(AssertUnwindSafe(|| s.as_mut().poll_next(&mut cx))).unwrap_err();
    assert_eq!(
        *err.downcast_ref::<&str>().unwrap(),
        "the awaited future panicked"
    );
    assert_eq!(
        *log.borrow(),
        ["kept"],
        "the state was dropped by the poisoning"
    );
    assert!(format!("{s:?}").contains("poisoned"));
    let err = catch_unwind(AssertUnwindSafe(|| s.as_mut().poll_next(&mut cx))).unwrap_err();
    assert_eq!(
        *err.downcast_ref::<&str>().unwrap(),
        "coroutine resumed after panicking"
    );
    drop(s);
    assert_eq!(*log.borrow(), ["kept"], "nothing dropped twice");
}

#[coro::coroutine(yield = u32)]
async fn inner_async(n: u32) -> &'static str {
    for i in 0..n {
        yield_!(add_one(i).await);
    }
    "inner done"
}

#[coro::coroutine(yield = u32)]
fn inner_sync(n: u32) -> usize {
    for i in 0..n {
        yield_!(100 + i);
    }
    usize::try_from(n).unwrap_or(0)
}

#[coro::coroutine(yield = u32)]
async fn outer() -> (&'static str, usize) {
    let a = yield_from!(inner_async(2));
    let b = yield_from!(coro::into_async(inner_sync(2)));
    yield_from!(coro::into_async(coro::from_iter([7, 8])));
    (a, b)
}

#[test]
fn yield_from_delegates_to_async_and_sync_coroutines() {
    block_on(async {
        let mut c = pin!(outer());
        let mut seen = Vec::new();
        loop {
            match c.as_mut().resume(()).await {
                CoroutineState::Yielded(v) => seen.push(v),
                CoroutineState::Complete(r) => {
                    assert_eq!(r, ("inner done", 2));
                    break;
                }
            }
        }
        assert_eq!(seen, [1, 2, 100, 101, 7, 8]);
    });
}

#[coro::coroutine(yield = i64)]
async fn async_echo(#[resume] first: i64) -> i64 {
    let mut total = first;
    while total < 100 {
        total += yield_!(total);
    }
    total
}

#[coro::coroutine(yield = i64)]
async fn forwards(#[resume] first: i64) -> i64 {
    let r = yield_from!(async_echo(), first);
    r * 2
}

#[test]
fn yield_from_forwards_resume_values_to_an_async_delegate() {
    block_on(async {
        let mut c = pin!(forwards());
        assert_eq!(c.as_mut().resume(10).await, CoroutineState::Yielded(10));
        assert_eq!(c.as_mut().resume(20).await, CoroutineState::Yielded(30));
        assert_eq!(c.as_mut().resume(90).await, CoroutineState::Complete(240));
    });
}

#[coro::coroutine(yield = u32)]
async fn relay(polls: Rc<Cell<u32>>) -> &'static str {
    yield_from!(coro::from_stream(ticks(2, polls)));
    "relayed"
}

#[test]
fn yield_from_passes_a_streams_items_out() {
    let polls = Rc::new(Cell::new(0));
    block_on(async {
        let mut c = pin!(relay(polls.clone()));
        assert_eq!(c.as_mut().resume(()).await, CoroutineState::Yielded(1));
        assert_eq!(c.as_mut().resume(()).await, CoroutineState::Yielded(11));
        assert_eq!(
            c.as_mut().resume(()).await,
            CoroutineState::Complete("relayed")
        );
    });
    assert_eq!(polls.get(), 6);
}

#[coro::coroutine(yield = &'a T)]
async fn every_other<'a, T>(items: &'a [T]) -> usize
where
    T: std::fmt::Debug + Sync,
{
    let mut n = 0;
    for item in items.iter().step_by(2) {
        std::future::ready(()).await;
        yield_!(item);
        n += 1;
    }
    n
}

#[test]
fn generics_lifetimes_and_where_clauses() {
    let items = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
    block_on(async {
        let mut c = pin!(every_other(&items));
        assert_eq!(
            c.as_mut().resume(()).await,
            CoroutineState::Yielded(&items[0])
        );
        assert_eq!(
            c.as_mut().resume(()).await,
            CoroutineState::Yielded(&items[2])
        );
        assert_eq!(c.as_mut().resume(()).await, CoroutineState::Complete(2));
    });
}

/// A tree walk that delegates to itself: the recursive call is boxed, and an `.await` between
/// the levels is pending once.
#[coro::coroutine(yield = u32)]
async fn depth_first(depth: u32, label: u32, polls: Rc<Cell<u32>>) -> u32 {
    if depth == 0 {
        yield_!(label);
        return 1;
    }
    let left = yield_from!(depth_first(depth - 1, label * 2, polls.clone()).boxed_async());
    let pause = later(0, 1, &polls).await;
    let right = yield_from!(depth_first(depth - 1, label * 2 + 1, polls.clone()).boxed_async());
    left + right + pause
}

#[test]
fn an_async_coroutine_delegates_to_itself_through_boxed_async() {
    let polls = Rc::new(Cell::new(0));
    block_on(async {
        let mut g = pin!(depth_first(3, 1, polls.clone()));
        let mut leaves = Vec::new();
        let leaf_count = loop {
            match g.as_mut().resume(()).await {
                CoroutineState::Yielded(label) => leaves.push(label),
                CoroutineState::Complete(n) => break n,
            }
        };
        // The leaves in order, labelled as in a binary heap.
        assert_eq!(leaves, [8, 9, 10, 11, 12, 13, 14, 15]);
        assert_eq!(leaf_count, 8);
    });
    // One pending and one ready poll per inner node: 7 inner nodes.
    assert_eq!(polls.get(), 14);
}

#[test]
fn a_boxed_async_coroutine_is_resumed_through_the_box() {
    let mut g: coro::BoxAsyncCoroutine<'_, u32, u32, &str> = echo_doubled().boxed_async();
    block_on(async {
        assert_eq!(g.as_mut().resume(2).await, CoroutineState::Yielded(4));
        assert_eq!(g.as_mut().resume(0).await, CoroutineState::Complete("zero"));
    });
}

/// A method of a common async name on a local that holds a reference: the future borrows what
/// the reference points to, not the coroutine's local, so it may wait across suspension points.
struct Channel(Cell<u32>);
struct Hub(Channel);

impl Hub {
    fn chan(&self) -> &Channel {
        &self.0
    }
}

impl Channel {
    async fn recv(&self) -> Option<u32> {
        let n = std::future::ready(self.0.get() + 1).await;
        self.0.set(n);
        (n < 3).then_some(n)
    }
}

#[coro::coroutine(yield = u32)]
async fn forward_from(hub: &Hub) {
    let rx = hub.chan();
    while let Some(v) = rx.recv().await {
        yield_!(v);
    }
}

#[test]
fn recv_on_a_local_that_holds_a_reference_is_not_refused() {
    let hub = Hub(Channel(Cell::new(0)));
    assert_eq!(collect(forward_from(&hub)), [1, 2]);
}

/// `boxed_async`, not `boxed`: an async generator is also a `Stream`, and a `boxed` of a
/// stream extension trait (as `futures::StreamExt` has) must stay unambiguous.
trait StreamBoxed: Stream + Sized {
    fn boxed(self) -> Pin<Box<Self>> {
        Box::pin(self)
    }
}
impl<S: Stream> StreamBoxed for S {}

#[test]
fn a_stream_extension_boxed_is_not_ambiguous() {
    let polls = Rc::new(Cell::new(0));
    let s = ticks(2, Rc::clone(&polls)).boxed();
    assert_eq!(collect(s), [1, 11]);
}
