// Once miscompiled (drop order): the outer d was moved into a slot declared at the loop, dropped before e.
#[coro::coroutine(yield = usize)]
fn loop_variable_hides_a_kept_guard() -> usize {
    let d = D("guard");
    let e = D("e");
    yield_!(0);
    for d in [D("item")] {
        yield_!(d.0.len());
    }
    e.0.len()
}
