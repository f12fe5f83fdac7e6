// A borrow of a loop variable yielded out: the variable is dropped at the end of each
// iteration, so the borrow cannot be handed out.
#[coro::coroutine(yield = &'static u32)]
fn items() {
    for x in vec![1u32, 2] {
        yield_!(&x);
    }
}

fn main() {
    let _ = items();
}
