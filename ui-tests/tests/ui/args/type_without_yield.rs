// The yield type given alone, without `yield =`.
#[coro::coroutine(u32)]
fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
