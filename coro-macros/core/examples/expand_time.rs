//! Times the expansion of generated coroutine bodies of growing size and prints a table:
//! `cargo run --release -p coro-macros-core --example expand_time`.

use std::fmt::Write;
use std::hint::black_box;
use std::time::Instant;

/// A coroutine body of about `lines` lines mixing loops, conditionals, matches and yields.
fn body(lines: usize) -> String {
    let mut s = String::from(
        "fn generated(n: u64, #[resume] first: u64) -> u64 {\n    let mut acc = first;\n",
    );
    let mut i = 0;
    while s.lines().count() < lines {
        let _ = write!(
            s,
            "    for i{i} in 0..n {{\n        if i{i} % 3 == 0 {{\n            acc += yield_!(acc + i{i});\n        }} else {{\n            let t{i} = match acc % 4 {{ 0 => yield_!(1), k => k }};\n            acc = acc.wrapping_add(t{i});\n        }}\n    }}\n"
        );
        i += 1;
    }
    s.push_str("    acc\n}\n");
    s
}

fn main() {
    println!("{:>8} {:>10} {:>14}", "lines", "yields", "ms/expansion");
    for lines in [10, 50, 200, 500] {
        let src = body(lines);
        let yields = src.matches("yield_!").count();
        let item: proc_macro2::TokenStream = src.parse().expect("valid tokens");
        let args: proc_macro2::TokenStream = "yield = u64".parse().expect("valid tokens");
        let rounds = 20;
        let start = Instant::now();
        for _ in 0..rounds {
            black_box(coro_macros_core::expand::coroutine(
                args.clone(),
                item.clone(),
            ));
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds);
        println!("{:>8} {:>10} {:>14.3}", src.lines().count(), yields, ms);
    }
}
