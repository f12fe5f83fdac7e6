// A borrow of a local passed to the call that is awaited: the future holds it while it waits. The
// macro leaves this shape to rustc (a function taking `&T` may return a future that keeps no
// borrow), whose error points at the borrow.
async fn double(v: &u32) -> u32 {
    v * 2
}

#[coro::coroutine(yield = u32)]
async fn doubled() {
    let x = 5;
    let y = double(&x).await;
    yield_!(y);
}

fn main() {
    let _ = doubled();
}
