// `self` in a coroutine that is not a method: rustc's own error, at the user's `self`.
#[coro::coroutine(yield = u32)]
fn numbers() {
    yield_!(self.0);
}

fn main() {
    let _ = numbers();
}
