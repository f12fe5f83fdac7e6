// Once miscompiled (E0382): the loop's exit read a kept local moved aside for the loop variable.
#[coro::coroutine(yield = i64)]
pub fn g(#[resume] r0: i64, a: i64) -> Option<i64> {
    let (d2, mut x4) = (D::new(1, 3), yield_!(1));
    for d2 in [D::new(2, yield_!(x4)), D::new(3, d2.get())] {
    }
    if d2.get() < x4 {
        return None;
    }
    None
}
