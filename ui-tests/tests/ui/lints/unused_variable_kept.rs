// A local that is never used is reported at its name, as in a plain function, even when it is
// kept in the coroutine's state across a suspension point.
#![deny(unused_variables)]

#[coro::coroutine(yield = u32)]
fn numbers() {
    let label = String::from("numbers");
    yield_!(1);
    yield_!(2);
}

fn main() {
    let _ = numbers();
}
