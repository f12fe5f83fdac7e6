// A coroutine is a Rust value built by a Rust function: it cannot have a foreign ABI.
#[coro::coroutine(yield = u32)]
extern "C" fn numbers() {
    yield_!(1);
}

fn main() {
    let _ = numbers();
}
