// Once refused: a binding of the failed pattern was analysed as initialised in the else block.
#[coro::coroutine(yield = i64)]
pub fn g(#[resume] r0: i64, a: i64) -> Result<i64, i64> {
    let x2 = 1;
    let Ok(x3) = chk(yield_!(1)) else {
        return Err({
            let Some(x5) = opt(yield_!(4)) else {
                return Ok(2);
            };
            7
        });
    };
    Ok(yield_!(4))
}
