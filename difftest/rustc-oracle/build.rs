//! Writes the generated programs of the seeds in `DIFFTEST_SEEDS` to `$OUT_DIR/programs.rs`,
//! rendered for rustc's coroutines.

#[path = "../src/generator.rs"]
#[allow(dead_code)]
mod generator;

/// The seeds run when `DIFFTEST_SEEDS` is not set.
const DEFAULT_SEEDS: &str = "0..500";

fn main() {
    println!("cargo::rerun-if-changed=../src/generator.rs");
    println!("cargo::rerun-if-env-changed=DIFFTEST_SEEDS");
    let spec = std::env::var("DIFFTEST_SEEDS").unwrap_or_else(|_| DEFAULT_SEEDS.to_string());
    let seeds = generator::parse_seeds(&spec).unwrap_or_else(|e| panic!("DIFFTEST_SEEDS: {e}"));
    let out = generator::render_cases(&seeds, generator::Oracle::Rustc);
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(std::path::Path::new(&dir).join("programs.rs"), out).expect("writable OUT_DIR");
}
