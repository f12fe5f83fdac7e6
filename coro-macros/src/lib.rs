//! The `#[coro::coroutine]` attribute. Use it through the `coro` crate, which documents it; the
//! whole rewrite lives in `coro-macros-core`, a plain library, so that it can be unit-tested,
//! fuzzed and benchmarked.
#![forbid(unsafe_code)]

use proc_macro::TokenStream;

/// Turns a function into a coroutine: see the `coro` crate.
#[proc_macro_attribute]
pub fn coroutine(args: TokenStream, item: TokenStream) -> TokenStream {
    coro_macros_core::expand::coroutine(args.into(), item.into()).into()
}
