//! Oracle 2: the generated programs against rustc's own coroutines.
//!
//! rustc's coroutines are a nightly feature, so they live in the `rustc-oracle` crate beside
//! this one, outside the workspace, and only that crate is built with `RUSTC_BOOTSTRAP=1` (in
//! its own target directory). This test builds and runs it with the same `DIFFTEST_SEEDS`.

use std::process::Command;

#[test]
fn generated_programs_match_rustc_coroutines() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rustc-oracle");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let out = Command::new(cargo)
        .args(["test", "--quiet"])
        .current_dir(dir)
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_DIR", format!("{dir}/target"))
        .output()
        .expect("cargo runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    assert!(
        out.status.success(),
        "the rustc oracle failed:\n{}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}
