//! Writes the generated programs of the seeds in `DIFFTEST_SEEDS` (default: the CI set) to
//! `$OUT_DIR/programs.rs`, rendered for the plain-function oracle.

#[path = "src/generator.rs"]
#[allow(dead_code, unreachable_pub, missing_docs, clippy::pedantic)]
mod generator;

/// The seeds `cargo test` runs when `DIFFTEST_SEEDS` is not set.
const CI_SEEDS: &str = "0..500";

fn main() {
    println!("cargo::rerun-if-changed=src/generator.rs");
    println!("cargo::rerun-if-env-changed=DIFFTEST_SEEDS");
    let spec = std::env::var("DIFFTEST_SEEDS").unwrap_or_else(|_| CI_SEEDS.to_string());
    let seeds = generator::parse_seeds(&spec).unwrap_or_else(|e| panic!("DIFFTEST_SEEDS: {e}"));
    let out = generator::render_cases(&seeds, generator::Oracle::Plain);
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(std::path::Path::new(&dir).join("programs.rs"), out).expect("writable OUT_DIR");
}
