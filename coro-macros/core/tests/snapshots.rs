//! Snapshots of the expansion (through prettyplease) and of the analysis dump (graph, carried
//! sets, state layout) for a set of inputs. Refresh with
//! `INSTA_UPDATE=always cargo test -p coro-macros-core --test snapshots` and review the diff.

use proc_macro2::TokenStream;
use quote::quote;

fn expand(args: TokenStream, item: TokenStream) -> String {
    let out = coro_macros_core::expand::coroutine(args, item);
    match syn::parse2::<syn::File>(out.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(_) => out.to_string(),
    }
}

macro_rules! snapshot {
    ($name:ident, ($($args:tt)*), $($item:tt)*) => {
        #[test]
        fn $name() {
            let args = quote!($($args)*);
            let item = quote!($($item)*);
            insta::assert_snapshot!(
                concat!(stringify!($name), "_dump"),
                coro_macros_core::dump::dump(args.clone(), item.clone())
            );
            insta::assert_snapshot!(concat!(stringify!($name), "_expand"), expand(args, item));
        }
    };
}

snapshot!(
    fib,
    (yield = u64),
    fn fib() {
        let (mut a, mut b) = (0u64, 1u64);
        loop {
            yield_!(a);
            (a, b) = (b, a + b);
        }
    }
);

snapshot!(
    averager,
    (yield = f64),
    fn averager(#[resume] first: f64) -> usize {
        let (mut total, mut count, mut x) = (0.0, 0usize, first);
        while x >= 0.0 {
            total += x;
            count += 1;
            x = yield_!(total / count as f64);
        }
        count
    }
);

snapshot!(
    countdown_for,
    (yield = u32),
    fn countdown(n: u32) -> &'static str {
        for i in (1..=n).rev() {
            yield_!(i);
        }
        "liftoff"
    }
);

snapshot!(
    delegation,
    (yield = u32),
    fn two_countdowns() -> usize {
        let a = yield_from!(countdown(3));
        let b = yield_from!(countdown(2));
        a.len() + b.len()
    }
);

snapshot!(
    call_operands,
    (yield = i32),
    fn operands(#[resume] r: i32) -> i32 {
        let x = f(a(), yield_!(r), b());
        x
    }
);

snapshot!(
    short_circuit,
    (yield = ()),
    fn short(c: bool) -> bool {
        c && yield_!() == ()
    }
);

snapshot!(
    if_let_match,
    (yield = u8),
    fn branches(o: Option<u8>) -> u8 {
        let n = if let Some(v) = o {
            yield_!(v);
            v
        } else {
            0
        };
        match n {
            0 => yield_!(0),
            k => {
                yield_!(k);
                yield_!(k + 1);
            }
        }
        n
    }
);

snapshot!(
    drops_guard,
    (yield = ()),
    fn guard(log: Log) {
        let _guard = log.guard("g");
        let used = log.guard("u");
        used.touch();
        yield_!();
        {
            let inner = log.guard("i");
            yield_!();
            inner.touch();
        }
    }
);

snapshot!(
    question_mark,
    (yield = u32),
    fn parse(items: &[&str]) -> Result<u32, Error> {
        let mut sum = 0;
        for s in items {
            let n: u32 = s.parse()?;
            sum += n;
            yield_!(n);
        }
        Ok(sum)
    }
);

snapshot!(
    labeled_break,
    (yield = u32),
    fn labeled(n: u32) -> u32 {
        'outer: for i in 0..n {
            let mut j = 0;
            while j < i {
                if i * j > 10 {
                    break 'outer;
                }
                yield_!(i * j);
                j += 1;
            }
        }
        let v = loop {
            break 7;
        };
        v
    }
);

snapshot!(
    method_self,
    (yield = u32),
    fn up(&mut self, by: u32) -> u32 {
        while self.n < 10 {
            self.n += by;
            yield_!(self.n);
        }
        self.n
    }
);

snapshot!(
    shadowing,
    (yield = i32),
    fn shadow() {
        let x = 1;
        for i in 0..2 {
            let x = x * 10 + i;
            yield_!(x);
        }
        yield_!(x);
    }
);

snapshot!(
    let_else,
    (yield = u32),
    fn firsts(v: Vec<Option<u32>>) -> u32 {
        let mut n = 0;
        for o in v {
            let Some(x) = o else { break };
            yield_!(x);
            n += x;
        }
        n
    }
);

snapshot!(generics_lifetimes, (yield = &'a T, clone),
    pub fn evens<'a, T: Clone>(items: &'a [T], it: impl Iterator<Item = usize>) -> usize
    where
        T: Default,
    {
        let mut count = 0;
        for i in it {
            if let Some(x) = items.get(i * 2) {
                yield_!(x);
                count += 1;
            }
        }
        count
    }
);

snapshot!(
    error_misplaced,
    (yield = u32),
    fn bad() {
        let f = || yield_!(1);
        f();
    }
);

snapshot!(
    error_args,
    (yeild = u32, bogus),
    fn bad() {
        yield_!(1);
    }
);

snapshot!(
    in_place_window,
    (yield = u64),
    fn window(n: u64) {
        let mut buf = [0u64; 32];
        let mut i = 0;
        while i < n {
            buf[(i % 32) as usize] = i;
            yield_!(buf[((i * 7) % 32) as usize]);
            i += 1;
        }
    }
);

snapshot!(
    async_ticker,
    (yield = u32),
    async fn ticks(n: u32) {
        for i in 0..n {
            let d = double(i).await;
            yield_!(d);
        }
    }
);

snapshot!(
    async_counter_in_place,
    (yield = u64),
    async fn count(n: u64) {
        let mut i = 0;
        while i < n {
            let v = std::future::ready(i).await;
            yield_!(v);
            i += 1;
        }
    }
);

snapshot!(
    persistent_counter,
    (yield = u64, serde),
    fn counter(n: u64) -> u64 {
        let mut i = 0;
        while i < n {
            yield_!(i);
            i += 1;
        }
        i
    }
);
