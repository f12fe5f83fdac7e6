// A coroutine that delegates to itself would contain itself: the recursive call needs `.boxed()`.
#[coro::coroutine(yield = u32)]
fn countdown(n: u32) {
    if n > 0 {
        yield_!(n);
        yield_from!(countdown(n - 1));
    }
}

fn main() {
    let _: Vec<u32> = countdown(3).collect();
}
