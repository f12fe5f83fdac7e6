// The same in an `async fn` coroutine: the recursive call needs `.boxed()` there too.
#[coro::coroutine(yield = u32)]
async fn countdown(n: u32) {
    if n > 0 {
        yield_!(n);
        yield_from!(countdown(n - 1));
    }
}

fn main() {
    let _ = countdown(3);
}
