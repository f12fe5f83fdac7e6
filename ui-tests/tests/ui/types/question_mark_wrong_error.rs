// `?` converts errors with `From`, as in a function returning the declared type.
use coro::prelude::*;

#[derive(Debug)]
struct MyError;

#[coro::coroutine(yield = u32)]
fn parse(s: &'static str) -> Result<(), MyError> {
    let n: u32 = s.parse()?;
    yield_!(n);
    Ok(())
}

fn main() {
    let _ = parse("1");
}
