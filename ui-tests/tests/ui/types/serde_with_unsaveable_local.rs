// `serde` needs every kept local to be saved and restored; the error names the local.
struct Token;

#[coro::coroutine(yield = u32, serde)]
fn numbers() {
    let token = Token;
    yield_!(1);
    drop(token);
}

fn main() {
    let _ = numbers();
}
