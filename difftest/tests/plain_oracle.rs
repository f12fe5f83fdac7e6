//! Oracle 1: every generated program, run as a coroutine, logs what the same body logs as a
//! plain function whose `yield_!` returns scripted values (yields, completion value, every
//! creation, use and drop of a `D`), up to SPEC's early-drop rule.

#[allow(
    warnings,
    clippy::all,
    clippy::pedantic,
    unreachable_pub,
    missing_docs,
    unused_qualifications
)]
mod programs {
    include!(concat!(env!("OUT_DIR"), "/programs.rs"));
}

#[test]
fn generated_programs_match_their_plain_functions() {
    coro_difftest::check_all(programs::CASES, false, false);
}
