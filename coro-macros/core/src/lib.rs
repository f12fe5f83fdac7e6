//! The rewrite behind `#[coro::coroutine]`, as a plain library so that it can be tested, fuzzed
//! and benchmarked outside a proc-macro crate.
//!
//! # How it works
//!
//! 1. **Parse** (`args`, `sig`): the attribute's arguments and the function; the signature
//!    is taken apart into the constructor's parameters, the `#[resume]` parameter and the
//!    types `Yield`, `Resume` and `Return`.
//! 2. **Check** (`check`): `yield_!` where no suspension point can be (closures, `async`
//!    blocks, nested items, macro arguments, guards), reported at the user's tokens.
//! 3. **Lower** (`lower`): the body becomes a control-flow graph (`ir`) cut at suspension
//!    points. Code without a suspension point stays the user's tokens; expressions that suspend
//!    part-way are flattened into temporaries in Rust's evaluation order.
//! 4. **Analyse** (`analysis`): liveness and the "unmentioned since initialised" rule decide
//!    which locals each suspension point keeps.
//! 5. **Generate** (`codegen`): a generic state enum (one type parameter per kept local, so the
//!    compiler infers every type) and a resume closure that runs from one suspension point to the
//!    next.
//! 6. **Twin** (`twin`): the body once more as a closure that is never called, for the lints
//!    rustc can only judge on a whole function (unused variables, unneeded `mut`, unreachable
//!    code), which the state machine allows.
//!
//! Errors from every phase are collected and emitted together next to a stand-in function, so
//! the rest of the user's crate keeps compiling.

pub(crate) mod analysis;
pub(crate) mod args;
pub(crate) mod check;
pub(crate) mod codegen;
pub(crate) mod ctx;
pub mod dump;
pub mod expand;
pub(crate) mod ir;
pub(crate) mod lints;
pub(crate) mod lower;
pub(crate) mod names;
pub(crate) mod render;
pub(crate) mod rewrite;
pub(crate) mod sig;
pub(crate) mod twin;
