//! Oracle 2: every generated program, run as a `#[coro::coroutine]` and as rustc's own
//! coroutine with the same body, logs the same events (up to coro's documented early drop):
//! run to completion under every script, dropped while suspended at each suspension point, and
//! unwound by a panic planted at each use of a drop-logging value (then both must be poisoned
//! and every value dropped exactly once).

#![feature(coroutines, coroutine_trait, stmt_expr_attributes)]

#[allow(warnings, clippy::all, clippy::pedantic)]
mod programs {
    include!(concat!(env!("OUT_DIR"), "/programs.rs"));
}

#[test]
fn generated_programs_match_rustc_coroutines() {
    coro_difftest::check_all(programs::CASES, true, true);
}
