//! Instructions per item, counted by callgrind: below a nanosecond per item, timings move with
//! code layout, instruction counts do not.
//!
//! For each side of the sub-nanosecond workloads, this runs the binary itself under
//! `valgrind --tool=callgrind` twice, as `coro-benches run WORKLOAD-SIDE ARG` with `ARG` and
//! with `2 * ARG`, and divides the difference of the two counts by the items of `ARG`: what
//! the process does besides the workload (start-up, the warm-up of the allocator) cancels out.

use std::process::Command;

use crate::measure::SIDES;
use crate::workloads;

/// The workloads counted: those that take about a nanosecond per item or less on the
/// hand-written side.
const COUNTED: [&str; 6] = ["w1", "w2", "w3a", "w4", "w5", "window"];

/// Items of the shorter of the two runs.
const ARG: u64 = 200_000;

/// Instructions executed by `coro-benches run {which} {arg}` under callgrind.
fn count(which: &str, arg: u64) -> Result<u64, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(exe)
        .args(["run", which, &arg.to_string()])
        .output()
        .map_err(|e| {
            format!("cannot run valgrind ({e}); install it, e.g. apt-get install valgrind")
        })?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("valgrind failed on {which}:\n{stderr}"));
    }
    // callgrind ends with a line `==PID== Collected : 1234567`.
    stderr
        .lines()
        .find_map(|l| {
            l.split_once("Collected :")
                .map(|(_, n)| n.trim().to_owned())
        })
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("no instruction count in valgrind's output for {which}"))
}

/// Prints the instructions per item of each side of the [`COUNTED`] workloads.
pub(crate) fn table() {
    println!(
        "instructions per item (callgrind; runs of {ARG} and {} items, the difference)",
        2 * ARG
    );
    println!();
    print!("| {:<46} |", "workload");
    for side in SIDES {
        print!(" {side:>12} |");
    }
    println!();
    print!("|:{:-<46}-|", "");
    for _ in SIDES {
        print!("-{:-<12}:|", "");
    }
    println!();
    for w in workloads::all() {
        if !COUNTED.contains(&w.id) {
            continue;
        }
        // The title without its unit: every cell here counts instructions per item.
        let name = w.title.split(" (").next().unwrap_or(w.title);
        print!("| {name:<46} |");
        for side in SIDES {
            if w.side(side).is_none() {
                print!(" {:>12} |", "-");
                continue;
            }
            let which = format!("{}-{side}", w.id);
            match count(&which, ARG).and_then(|a| Ok((a, count(&which, 2 * ARG)?))) {
                Ok((a, b)) => {
                    #[allow(clippy::cast_precision_loss, reason = "counts stay far below 2^52")]
                    let per_item = b.saturating_sub(a) as f64 / (ARG * w.items_per_arg) as f64;
                    print!(" {per_item:>12.2} |");
                }
                Err(e) => {
                    println!();
                    eprintln!("{e}");
                    return;
                }
            }
        }
        println!();
    }
}
