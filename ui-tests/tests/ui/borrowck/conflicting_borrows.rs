// A mutable borrow while a shared one is alive, after a suspension point: reported as in a
// plain function, naming the local.
#[coro::coroutine(yield = usize)]
fn lengths() {
    let mut v = vec![1];
    yield_!(1);
    let r = &v;
    v.push(2);
    yield_!(r.len());
}

fn main() {
    let _ = lengths();
}
