//! Compile-time cost of coroutines.
//!
//! - `expand-time`: the time the macro's pipeline (`coro_macros_core::expand::coroutine`, on
//!   `proc_macro2` tokens, without a compiler around it) takes to expand 1, 10 and 100
//!   coroutines of about 50 lines each, and single bodies of growing length.
//! - `build-time`: `cargo build` of a generated crate of 100 coroutines next to a generated
//!   crate of the same 100 functions written by hand as iterators, each from a clean target
//!   directory, in the debug and the release profile, and again (three times, the median)
//!   after touching only the crate itself. Both crates also get a `main` that prints a checksum over all 100 functions, and
//!   the two checksums must agree.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use proc_macro2::TokenStream;

/// A block of the generated bodies: a loop with a conditional yield, a yield inside an
/// expression, a `match` with a yield in an arm, and a `let .. else`. Eight lines.
fn push_block(s: &mut String, j: usize) {
    let _ = write!(
        s,
        "    let mut i{j} = 0;\n    \
         while i{j} < n {{\n        \
         if i{j} % 3 == 0 {{ acc += yield_!(acc + i{j}); }}\n        \
         let t{j} = match acc % 4 {{ 0 => yield_!(1), k => k }};\n        \
         let Some(u{j}) = t{j}.checked_add(i{j}) else {{ break; }};\n        \
         acc = acc.wrapping_add(u{j});\n        \
         i{j} += 1;\n    \
         }}\n"
    );
}

/// The source of a coroutine `name` of about `lines` lines.
fn coroutine_source(name: &str, lines: usize) -> String {
    let mut s =
        format!("fn {name}(n: u64, #[resume] first: u64) -> u64 {{\n    let mut acc = first;\n");
    let mut j = 0;
    while s.lines().count() + 2 < lines {
        push_block(&mut s, j);
        j += 1;
    }
    s.push_str("    acc\n}\n");
    s
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Median milliseconds to expand all of `items`, over `reps` repetitions.
fn time_expansion(items: &[TokenStream], reps: usize) -> f64 {
    let args: TokenStream = "yield = u64".parse().expect("valid tokens");
    let mut times = Vec::with_capacity(reps);
    for _ in 0..reps {
        let inputs: Vec<_> = items.iter().map(|i| (args.clone(), i.clone())).collect();
        let start = Instant::now();
        for (args, item) in inputs {
            black_box(coro_macros_core::expand::coroutine(args, item));
        }
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    median(times)
}

/// Prints the expansion times.
pub(crate) fn expand_time() {
    println!("expansion by coro_macros_core::expand::coroutine, median of 9 repetitions");
    println!();
    println!("| input                        | lines | suspension points |       ms | µs/line |");
    println!("|:-----------------------------|------:|------------------:|---------:|--------:|");
    let cases: [(&str, usize, usize); 8] = [
        ("1 coroutine of 50 lines", 1, 50),
        ("10 coroutines of 50 lines", 10, 50),
        ("100 coroutines of 50 lines", 100, 50),
        ("1 coroutine of 100 lines", 1, 100),
        ("1 coroutine of 200 lines", 1, 200),
        ("1 coroutine of 500 lines", 1, 500),
        ("1 coroutine of 1000 lines", 1, 1000),
        ("1 coroutine of 2000 lines", 1, 2000),
    ];
    for (name, count, lines) in cases {
        let sources: Vec<String> = (0..count)
            .map(|k| coroutine_source(&format!("generated_{k}"), lines))
            .collect();
        let total_lines: usize = sources.iter().map(|s| s.lines().count()).sum();
        let yields: usize = sources.iter().map(|s| s.matches("yield_!").count()).sum();
        let items: Vec<TokenStream> = sources
            .iter()
            .map(|s| s.parse().expect("valid tokens"))
            .collect();
        let ms = time_expansion(&items, 9);
        #[allow(clippy::cast_precision_loss, reason = "line counts are small")]
        let us_per_line = ms * 1e3 / total_lines as f64;
        println!(
            "| {name:<28} | {total_lines:>5} | {yields:>17} | {ms:>8.2} | {us_per_line:>7.1} |"
        );
    }
}

/// How many functions each generated crate holds.
const FUNCTIONS: usize = 100;

/// Function `k` as a coroutine: a loop with two suspension points, a `match` with one in an
/// arm, and a last yield after the loop.
fn coro_function(k: usize) -> String {
    let (m, mul) = (k % 7 + 2, 2 * k + 3);
    format!(
        "/// Generated coroutine {k}.
#[coro::coroutine(yield = u64)]
pub fn gen_{k}(n: u64) {{
    let mut acc = {k}u64;
    let mut i = 0u64;
    while i < n {{
        if i % {m} == 0 {{
            yield_!(acc);
        }}
        match acc % 3 {{
            0 => acc = acc.wrapping_mul({mul}),
            1 => acc = acc.wrapping_add(i),
            _ => yield_!(acc ^ i),
        }}
        i += 1;
    }}
    yield_!(acc);
}}
"
    )
}

/// Function `k` written by hand: the same sequence from an iterator whose `pc` field says
/// where the loop stands.
fn hand_function(k: usize) -> String {
    let (m, mul) = (k % 7 + 2, 2 * k + 3);
    format!(
        "/// Generated iterator {k}.
pub struct Gen{k} {{
    acc: u64,
    i: u64,
    n: u64,
    pc: u8,
}}

impl Iterator for Gen{k} {{
    type Item = u64;

    fn next(&mut self) -> Option<u64> {{
        loop {{
            match self.pc {{
                0 => {{
                    if self.i < self.n {{
                        self.pc = 1;
                        if self.i % {m} == 0 {{
                            return Some(self.acc);
                        }}
                    }} else {{
                        self.pc = 3;
                        return Some(self.acc);
                    }}
                }}
                1 => {{
                    self.pc = 2;
                    match self.acc % 3 {{
                        0 => self.acc = self.acc.wrapping_mul({mul}),
                        1 => self.acc = self.acc.wrapping_add(self.i),
                        _ => return Some(self.acc ^ self.i),
                    }}
                }}
                2 => {{
                    self.i += 1;
                    self.pc = 0;
                }}
                _ => return None,
            }}
        }}
    }}
}}

/// Generated iterator {k}.
pub fn gen_{k}(n: u64) -> Gen{k} {{
    Gen{k} {{ acc: {k}, i: 0, n, pc: 0 }}
}}
"
    )
}

/// Writes a crate named `name` into `dir`: a library of [`FUNCTIONS`] functions and a `main`
/// printing a checksum over all of them.
fn write_crate(dir: &Path, name: &str, coro: Option<&Path>, function: fn(usize) -> String) {
    std::fs::create_dir_all(dir.join("src")).expect("create the crate's directory");
    let dependency = coro.map_or(String::new(), |p| {
        format!("coro = {{ path = {:?} }}\n", p.display().to_string())
    });
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{dependency}\n\
         [profile.release]\nlto = \"fat\"\ncodegen-units = 1\n\n[workspace]\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write Cargo.toml");
    let mut lib = String::from("//! Generated.\n\n");
    for k in 0..FUNCTIONS {
        lib.push_str(&function(k));
        lib.push('\n');
    }
    lib.push_str("/// A checksum over every function.\npub fn checksum(n: u64) -> u64 {\n    let mut sum = 0u64;\n");
    for k in 0..FUNCTIONS {
        let _ = writeln!(lib, "    sum = gen_{k}(n).fold(sum, u64::wrapping_add);");
    }
    lib.push_str("    sum\n}\n");
    std::fs::write(dir.join("src/lib.rs"), lib).expect("write lib.rs");
    let main = format!(
        "fn main() {{\n    println!(\"{{}}\", {}::checksum(1000));\n}}\n",
        name.replace('-', "_")
    );
    std::fs::write(dir.join("src/main.rs"), main).expect("write main.rs");
}

/// Seconds `cargo build` takes in `dir`.
fn cargo_build(dir: &Path, release: bool, target: &Path) -> f64 {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(dir)
        .args(["build", "--quiet", "--target-dir"])
        .arg(target)
        .env_remove("CARGO_TARGET_DIR");
    if release {
        cmd.arg("--release");
    }
    let start = Instant::now();
    let status = cmd.status().expect("run cargo");
    assert!(status.success(), "cargo build failed in {}", dir.display());
    start.elapsed().as_secs_f64()
}

/// The output of the crate's `main`.
fn run_checksum(target: &Path, profile: &str, name: &str) -> String {
    let out = Command::new(target.join(profile).join(name))
        .output()
        .expect("run the generated binary");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Builds both generated crates and prints the times.
pub(crate) fn build_time() {
    let root: PathBuf = std::env::temp_dir().join("coro-build-time");
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf();
    let _ = std::fs::remove_dir_all(&root);
    let crates = [
        (
            "coro-100",
            Some(workspace.join("coro")),
            coro_function as fn(usize) -> String,
        ),
        ("hand-100", None, hand_function as fn(usize) -> String),
    ];
    println!(
        "cargo build of {FUNCTIONS} functions, generated into {}; seconds; \"clean\" builds \
         every dependency from an empty target directory, \"crate only\" rebuilds the crate \
         after touching it (median of 3)",
        root.display()
    );
    println!();
    println!(
        "| crate                         | debug, clean | debug, crate only | release, clean | release, crate only |"
    );
    println!(
        "|:------------------------------|-------------:|------------------:|---------------:|--------------------:|"
    );
    let mut checksums = Vec::new();
    for (name, coro, function) in crates {
        let dir = root.join(name);
        write_crate(&dir, name, coro.as_deref(), function);
        // The workspace's lock file, so that the generated crate resolves to the same versions.
        let _ = std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock"));
        let mut cells = Vec::new();
        for (profile, release) in [("debug", false), ("release", true)] {
            let target = root.join(format!("target-{name}-{profile}"));
            cells.push(cargo_build(&dir, release, &target));
            let mut rebuilds = Vec::new();
            for _ in 0..3 {
                // Touch the crate: rewrite its library unchanged, with a new modification time.
                let lib = dir.join("src/lib.rs");
                let text = std::fs::read(&lib).expect("read lib.rs");
                std::thread::sleep(std::time::Duration::from_millis(1100));
                std::fs::write(&lib, text).expect("write lib.rs");
                rebuilds.push(cargo_build(&dir, release, &target));
            }
            cells.push(median(rebuilds));
            checksums.push(run_checksum(&target, profile, name));
        }
        let label = if coro.is_some() {
            format!("{FUNCTIONS} coroutines")
        } else {
            format!("{FUNCTIONS} hand-written iterators")
        };
        println!(
            "| {label:<29} | {:>12.1} | {:>17.1} | {:>14.1} | {:>19.1} |",
            cells[0], cells[1], cells[2], cells[3]
        );
    }
    assert!(
        checksums.iter().all(|c| *c == checksums[0]),
        "the generated crates disagree: {checksums:?}"
    );
    println!();
    println!("checksum of both crates: {}", checksums[0]);
}
