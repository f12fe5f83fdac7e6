//! Compile-fail suite of coro: see `tests/ui.rs`.
