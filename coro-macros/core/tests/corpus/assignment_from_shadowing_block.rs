// Once refused by rustc (E0282): the outer x0 was declared a second time after the inner block that hid it.
#[coro::coroutine(yield = i64)]
pub fn sub1(#[resume] r0: i64, a: i64) -> Result<i64, i64> {
    let mut x0 = a;
    if x0 > a {
        x0 = {
            let x0 = mix(yield_!(a), x0);
            x0 * 2
        };
    }
    Ok(r0 ^ x0)
}
