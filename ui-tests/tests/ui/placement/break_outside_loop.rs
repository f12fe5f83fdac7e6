// `break` with no loop around it in the body.
#[coro::coroutine(yield = u32)]
fn numbers() {
    yield_!(1);
    break;
}

fn main() {
    let _ = numbers();
}
