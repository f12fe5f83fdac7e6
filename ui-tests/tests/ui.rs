//! Compile-fail and must-compile cases of `#[coro::coroutine]`, run by trybuild.
//!
//! Each file under `tests/ui/<category>/` shows one behaviour and its expected compiler output
//! sits next to it as a `.stderr` file. Files under `tests/pass/` must compile and run.
//! Refresh the `.stderr` files with `TRYBUILD=overwrite cargo test -p coro-ui-tests` (see the
//! README), then read the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/**/*.rs");
    t.pass("tests/pass/*.rs");
}
