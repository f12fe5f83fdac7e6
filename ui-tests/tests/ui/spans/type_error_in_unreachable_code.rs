// Code after a `return` is still type-checked, as in a plain function, though it never runs.
#[coro::coroutine(yield = u32)]
fn numbers() -> u32 {
    yield_!(1);
    return 2;
    let s: String = 5;
    s.len() as u32
}

fn main() {
    let _ = numbers();
}
