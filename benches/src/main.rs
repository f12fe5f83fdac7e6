//! Benchmarks of coro against hand-written code and other generator crates, in one process.
//!
//! ```text
//! cargo run --release -p coro-benches                  # the timing table (about a minute)
//! cargo run --release -p coro-benches -- instructions  # instructions per item, by callgrind
//! cargo run --release -p coro-benches -- expand-time   # the macro's expansion time
//! cargo run --release -p coro-benches -- build-time    # cargo build of 100 coroutines vs by hand
//! target/release/coro-benches run w1-coro 1000000      # one side alone, e.g. under valgrind
//! ```
//!
//! Every workload is written once per side ([`workloads`]): hand-written, coro, and the peers
//! that can express it (genawaiter, diapause, async-stream). The sides run in one process, in
//! the same release profile (fat LTO, one codegen unit), one after the other in an order that
//! rotates every round; the table shows each side's median time and the median of its
//! per-round ratios to the hand-written side.

mod compile_time;
mod instructions;
mod measure;
mod workloads;

use std::mem::size_of_val;
use std::process::ExitCode;

const USAGE: &str = "usage: coro-benches [table | instructions | expand-time | build-time | \
                     run WORKLOAD-SIDE ARG]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] | ["table"] => table(),
        ["instructions"] => instructions::table(),
        ["expand-time"] => compile_time::expand_time(),
        ["build-time"] => compile_time::build_time(),
        ["run", which, arg] => {
            let Some(arg) = arg.parse().ok() else {
                eprintln!("{USAGE}");
                return ExitCode::FAILURE;
            };
            match find_side(which) {
                Some(run) => println!("{}", run(arg)),
                None => {
                    eprintln!("no workload side `{which}`; the names are:");
                    for w in workloads::all() {
                        for s in &w.sides {
                            eprintln!("  {}-{}", w.id, s.name);
                        }
                    }
                    return ExitCode::FAILURE;
                }
            }
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// The run function of `w1-coro` and the like.
fn find_side(which: &str) -> Option<fn(u64) -> u64> {
    let (id, side) = which.split_once('-')?;
    let w = workloads::all().into_iter().find(|w| w.id == id)?;
    w.side(side).map(|s| s.run)
}

/// Prints the timing table and the sizes.
fn table() {
    println!(
        "coro-benches: {} items per run of the per-item workloads; median ns per item, and in \
         parentheses the median of the per-round ratios to hand-written",
        workloads::N
    );
    println!();
    measure::print_header();
    for w in workloads::all() {
        let measured = measure::measure(&w);
        measure::print_row(&w, &measured);
    }
    println!();
    println!("| size_of (bytes)              | hand | coro | diapause |");
    println!("|:-----------------------------|-----:|-----:|---------:|");
    let (hand, coro, diapause) = w1_sizes();
    println!("| W1 generator                 | {hand:>4} | {coro:>4} | {diapause:>8} |");
    let (hand, coro, diapause) = window_sizes();
    println!("| [u64; 64] window             | {hand:>4} | {coro:>4} | {diapause:>8} |");
}

/// Sizes of the W1 generator: hand-written, coro, diapause.
fn w1_sizes() -> (usize, usize, usize) {
    use workloads::w1_count::{count, count_diapause, counter};
    (
        size_of_val(&counter(0)),
        size_of_val(&count(0)),
        size_of_val(&count_diapause(0)),
    )
}

/// Sizes of the window generator: hand-written, coro, diapause.
fn window_sizes() -> (usize, usize, usize) {
    use workloads::window::{window_hand, window_sums, window_sums_diapause};
    (
        size_of_val(&window_hand(0)),
        size_of_val(&window_sums(0)),
        size_of_val(&window_sums_diapause(0)),
    )
}

#[cfg(test)]
mod tests;
