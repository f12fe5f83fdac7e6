// `.await` on a value that is not a future.
#[coro::coroutine(yield = u32)]
async fn numbers() {
    let x = 5u32.await;
    yield_!(x);
}

fn main() {
    let _ = numbers();
}
