// A value used after it was moved, with a suspension point between: reported as in a plain
// function, at the use, with the move and the `clone` suggestion.
#[coro::coroutine(yield = usize)]
fn lengths() {
    let s = String::from("moved");
    drop(s);
    yield_!(1);
    yield_!(s.len());
}

fn main() {
    let _ = lengths();
}
