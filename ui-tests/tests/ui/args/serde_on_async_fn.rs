// A future awaited inside an async coroutine cannot be saved: `serde` goes on synchronous ones.
#[coro::coroutine(yield = u32, serde)]
async fn ticks() {
    std::future::ready(()).await;
    yield_!(1);
}

fn main() {
    let _ = ticks();
    let _ = ticks_restore();
}
