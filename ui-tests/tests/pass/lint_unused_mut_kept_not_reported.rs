// Documents a limit: a `mut` that is not needed, on a local kept across a suspension point, is
// not reported. The local's first block moves it into the state, and a later block (after the
// `yield_!`) may assign it, so the generated `let` allows `unused_mut`; the macro cannot tell
// from the syntax alone whether a method call such as `n.push(..)` needs `mut`.
// A local used only between two suspension points is reported: see `ui/lints/unused_mut.rs`.
#![deny(unused_mut)]

#[coro::coroutine(yield = u32)]
fn numbers() {
    let mut n = 2;
    yield_!(1);
    yield_!(n);
}

fn main() {
    assert_eq!(numbers().collect::<Vec<_>>(), [1, 2]);
}
