// `.await` needs an `async fn` coroutine.
use coro::prelude::*;

async fn value() -> u32 {
    1
}

#[coro::coroutine(yield = u32)]
fn sync_body() {
    let v = value().await;
    yield_!(v);
}

fn main() {
    let _ = sync_body();
}
