// Unused parameters are reported, the `#[resume]` one included.
#![deny(unused_variables)]

#[coro::coroutine(yield = u32)]
fn numbers(limit: u32, #[resume] first: u32) {
    yield_!(1);
}

fn main() {
    let _ = numbers(3);
}
