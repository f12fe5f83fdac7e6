// The attribute goes on functions only.
#[coro::coroutine(yield = u32)]
struct Numbers {
    next: u32,
}

fn main() {
    let n = Numbers { next: 1 };
    let _ = n.next;
}
