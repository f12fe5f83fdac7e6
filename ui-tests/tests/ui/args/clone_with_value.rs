// `clone` is a switch: it takes no value.
#[coro::coroutine(yield = u32, clone = true)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
