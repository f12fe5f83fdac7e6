// A local that is never used, and not kept across a suspension point, is reported at its name.
#![deny(unused_variables)]

#[coro::coroutine(yield = u32)]
fn numbers() {
    yield_!(1);
    {
        let label = String::from("numbers");
    }
    yield_!(2);
}

fn main() {
    let _ = numbers();
}
