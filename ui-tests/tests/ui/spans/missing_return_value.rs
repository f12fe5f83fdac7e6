// A body that falls off its end though the coroutine returns a value: reported at the closing
// brace, with the declared return type labelled.
#[coro::coroutine(yield = u32)]
fn counted() -> u32 {
    yield_!(1);
}

fn main() {
    let _ = counted();
}
