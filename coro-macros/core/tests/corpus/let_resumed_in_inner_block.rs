// Once miscompiled: the inner block's d1 outlived the block (no Rust block for its scope).
#[coro::coroutine(yield = i64)]
pub fn g(a: i64) -> Result<i64, i64> {
    for d1 in [D::new(0, 1)] {
        if d1.get() == 0 {
            {
                let d1 = D::new(2, {
                    let mut x2 = yield_!(1);
                    d1.get()
                });
                let (d2, x4) = (D::new(3, chk(a)?), d1.get());
                consume(d2);
            }
            {
                let mut x3 = chk(d1.get())?;
            }
        }
    }
    Ok(1)
}
