// A name bound by a pattern and never used is reported, also when the pattern's other names are
// kept across a suspension point.
#![deny(unused_variables)]

#[coro::coroutine(yield = u32)]
fn firsts(pairs: Vec<(u32, String)>) {
    for (number, label) in pairs {
        yield_!(number);
    }
}

fn main() {
    let _ = firsts(Vec::new());
}
