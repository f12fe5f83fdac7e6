// `?` in a coroutine whose return type is `()`: it has nowhere to put the error.
#[coro::coroutine(yield = u32)]
fn parsed() {
    let n: u32 = "5".parse()?;
    yield_!(n);
}

fn main() {
    let _ = parsed();
}
