// Once miscompiled (E0381): x2, assigned only on some path of a let initialiser, was declared uninitialised.
#[coro::coroutine(yield = i64)]
pub fn g(#[resume] r0: i64, a: i64) -> Result<i64, i64> {
    if r0 < r0 && 3 < a || ((-1)) >= 6 || a != a {
        mix('b4: {
            let mut x5 = match i64::wrapping_mul(i64::wrapping_mul(8, 2), 1) {
                _ => a,
            };
            mix(yield_!('b6: {
                if !(x5 <= ((-1))) {
                }
                x5
            }), 0);
            i64::wrapping_mul(yield_!(9), 1)
        }, 0);
    }
    let (x5, mut x1) = (i64::wrapping_add(yield_!(a), 6), mix(chk(a)?, chk(7)?));
    let mut x2 = i64::wrapping_mul(1, 3);
    let mut x2 = 'b7: {
        if !(x5 >= x2) {
            break 'b7 ({
                'l8: loop {
                    let (mut x5, x3) = (yield_!(a), yield_!({
                        let mut c9 = 0;
                        'l9: loop {
                            if c9 >= 1 {
                                break 'l9 (r0);
                            }
                            x2 = i64::wrapping_mul((-3), 4);
                        }
                    }));
                }
            });
        }
        if x2 == x1 {
            break 'b7 (match 2 {
            _ => 4,
        });
        }
        let Ok(x4) = chk(yield_!(r0)) else {
            break 'b7 (i64::wrapping_mul(4, 3));
        };
        i64::wrapping_mul('b11: {
            yield_!(mix(if 7 >= r0 && ((-2)) <= 6 { x2 } else { yield_!(x1) }, yield_!('b12: {
                let Some(x5) = opt(0) else {
                    return Err(x4);
                };
                if 2 >= 4 {
                }
                x4
            })));
            6
        }, 2)
    };
    Ok(match yield_from!(sub1(if ((-1)) == 7 { a } else { 6 }), if 9 <= 7 { 6 } else { 9 }) { Ok(v) => v, Err(v) => i64::wrapping_neg(v) })
}
#[coro::coroutine(yield = i64)]
pub fn sub1(#[resume] r0: i64, a: i64) -> Result<i64, i64> {
    let d2 = D::new(0, i64::wrapping_mul(if r0 != ((-3)) { a } else { 1 }, 4));
    'l1: for i1 in 0..1 {
        let (d3, mut x1) = (D::new(1, match mix(5, 8) {
            _ => (move |q: i64| q.wrapping_mul(3) ^ r0)(1),
        }), {
            let mut c3 = 0;
            'l3: loop {
                if c3 >= 2 {
                    break 'l3 ({
                    });
                }
            }
        });
    }
    Err(d2.get())
}