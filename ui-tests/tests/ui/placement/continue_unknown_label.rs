// `continue` naming a label that no loop around it has.
#[coro::coroutine(yield = u32)]
fn numbers() {
    loop {
        yield_!(1);
        continue 'outer;
    }
}

fn main() {
    let _ = numbers();
}
