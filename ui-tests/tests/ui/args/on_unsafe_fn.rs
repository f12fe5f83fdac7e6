// The body of a coroutine runs in `resume`, which is safe to call, so an `unsafe fn`'s contract
// would not cover it: the attribute refuses `unsafe fn`.
#[coro::coroutine(yield = u32)]
unsafe fn numbers(p: *const u32) {
    yield_!(1);
    let _ = p;
}

fn main() {
    let _ = unsafe { numbers(std::ptr::null()) };
}
