// A method whose future borrows its receiver, awaited on a local: the state cannot hold the
// future next to the local it borrows.
struct Receiver(u32);

impl Receiver {
    async fn recv(&mut self) -> Option<u32> {
        self.0 += 1;
        (self.0 < 3).then_some(self.0)
    }
}

#[coro::coroutine(yield = u32)]
async fn forward() {
    let mut rx = Receiver(0);
    while let Some(x) = rx.recv().await {
        yield_!(x);
    }
}

fn main() {
    let _ = forward();
}
