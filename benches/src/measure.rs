//! Timing: every side of a workload runs once per round, in an order that rotates from round
//! to round, and the table reports each side's median time and the median of its per-round
//! ratios to the hand-written side.

use std::hint::black_box;
use std::time::Instant;

/// The implementations compared, in the order of the table's columns.
pub(crate) const SIDES: [&str; 5] = ["hand", "coro", "genawaiter", "diapause", "async-stream"];

/// One implementation of a workload: `run(arg)` does `arg` units of work and returns a checksum
/// that every side of the workload must agree on.
pub(crate) struct Side {
    pub(crate) name: &'static str,
    pub(crate) run: fn(u64) -> u64,
}

/// A workload, written once per side.
pub(crate) struct Workload {
    /// Short name, used on the command line (`w1`, `w3b`, ..).
    pub(crate) id: &'static str,
    /// What the row measures, with its unit.
    pub(crate) title: &'static str,
    /// The argument of one timed run.
    pub(crate) arg: u64,
    /// Items (the unit of the table) per unit of argument.
    pub(crate) items_per_arg: u64,
    /// Timed runs per side.
    pub(crate) rounds: usize,
    pub(crate) sides: Vec<Side>,
}

impl Workload {
    pub(crate) fn side(&self, name: &str) -> Option<&Side> {
        self.sides.iter().find(|s| s.name == name)
    }
}

/// The measured medians of one side: nanoseconds per item and the ratio to hand-written.
pub(crate) struct Measured {
    pub(crate) name: &'static str,
    pub(crate) ns: f64,
    pub(crate) ratio: f64,
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let mid = xs.len() / 2;
    if xs.len() % 2 == 1 {
        xs[mid]
    } else {
        f64::midpoint(xs[mid - 1], xs[mid])
    }
}

/// Seconds taken by one run of `f(arg)`, and its checksum.
fn time_once(f: fn(u64) -> u64, arg: u64) -> (f64, u64) {
    let start = Instant::now();
    let check = black_box(f(black_box(arg)));
    (start.elapsed().as_secs_f64(), check)
}

/// Runs every side of `w`, `w.rounds` times each, and returns their medians, hand-written first.
pub(crate) fn measure(w: &Workload) -> Vec<Measured> {
    let k = w.sides.len();
    assert_eq!(
        w.sides[0].name, "hand",
        "{}: the first side is hand-written",
        w.id
    );
    // One untimed warm-up run each, which also checks that the sides agree.
    let warm_up = (w.arg / 10).max(1);
    let expected = (w.sides[0].run)(warm_up);
    for s in &w.sides {
        assert_eq!((s.run)(warm_up), expected, "{}: {} disagrees", w.id, s.name);
    }
    let mut times = vec![Vec::with_capacity(w.rounds); k];
    let mut ratios = vec![Vec::with_capacity(w.rounds); k];
    let mut checks = vec![0; k];
    for round in 0..w.rounds {
        let mut secs = vec![0.0; k];
        for j in 0..k {
            let i = (round + j) % k;
            let (t, check) = time_once(w.sides[i].run, w.arg);
            secs[i] = t;
            checks[i] = check;
        }
        assert!(
            checks.iter().all(|&c| c == checks[0]),
            "{}: the sides disagree",
            w.id
        );
        for i in 0..k {
            times[i].push(secs[i]);
            ratios[i].push(secs[i] / secs[0]);
        }
    }
    #[allow(
        clippy::cast_precision_loss,
        reason = "item counts stay far below 2^52"
    )]
    let items = (w.arg * w.items_per_arg) as f64;
    w.sides
        .iter()
        .zip(times.into_iter().zip(ratios))
        .map(|(s, (t, r))| Measured {
            name: s.name,
            ns: median(t) * 1e9 / items,
            ratio: median(r),
        })
        .collect()
}

/// Prints the header of the timing table.
pub(crate) fn print_header() {
    print!("| {:<46} |", "workload (median ns, ratio to hand-written)");
    for side in SIDES {
        print!(" {side:>15} |");
    }
    println!();
    print!("|:{:-<46}-|", "");
    for _ in SIDES {
        print!("-{:-<15}:|", "");
    }
    println!();
}

/// Prints one row of the timing table; a side the workload lacks shows as `-`.
pub(crate) fn print_row(w: &Workload, measured: &[Measured]) {
    print!("| {:<46} |", w.title);
    for side in SIDES {
        match measured.iter().find(|m| m.name == side) {
            Some(m) if side == "hand" => print!(" {:>15} |", format!("{:.2}", m.ns)),
            Some(m) => print!(" {:>15} |", format!("{:.2} ({:.2}x)", m.ns, m.ratio)),
            None => print!(" {:>15} |", "-"),
        }
    }
    println!();
}
