//! Coroutines and generators for stable Rust, written as ordinary functions.
//!
//! `#[coro::coroutine(yield = Y)]` rewrites a function whose body uses `yield_!(v)` and
//! `yield_from!(sub)` into a state machine: an enum with one variant per suspension point, holding
//! exactly the locals still needed there, and a resume function that runs the body from one
//! suspension point to the next. Nothing is allocated, no thread or stack is switched, and the
//! generated code has no `unsafe`.
//!
//! # Example
//!
//! ```
//! use coro::prelude::*;
//!
//! #[coro::coroutine(yield = u64)]
//! fn fib() {
//!     let (mut a, mut b) = (0u64, 1u64);
//!     loop {
//!         yield_!(a);
//!         (a, b) = (b, a + b);
//!     }
//! }
//!
//! #[coro::coroutine(yield = f64)]
//! fn averager(#[resume] first: f64) -> usize {
//!     let (mut total, mut count, mut x) = (0.0, 0usize, first);
//!     while x >= 0.0 {
//!         total += x;
//!         count += 1;
//!         x = yield_!(total / count as f64);
//!     }
//!     count
//! }
//!
//! let first_ten: Vec<u64> = fib().take(10).collect();
//! assert_eq!(first_ten[9], 34);
//!
//! let mut avg = averager();
//! assert_eq!(avg.send(10.0), CoroutineState::Yielded(10.0));
//! assert_eq!(avg.send(20.0), CoroutineState::Yielded(15.0));
//! assert_eq!(avg.send(-1.0), CoroutineState::Complete(2));
//! ```
//!
//! # What it generates
//!
//! For
//!
//! ```
//! # use coro::prelude::*;
//! #[coro::coroutine(yield = u32)]
//! fn count(n: u32) -> &'static str {
//!     let mut i = 0;
//!     while i < n {
//!         yield_!(i);
//!         i += 1;
//!     }
//!     "done"
//! }
//! # assert_eq!(count(3).send(()), CoroutineState::Yielded(0));
//! ```
//!
//! the macro writes, in outline (the real expansion names things hygienically):
//!
//! ```text
//! fn count(n: u32) -> impl Coroutine<(), Yield = u32, Return = &'static str> {
//!     enum State<T0, T1> {
//!         Start { n: T0 },
//!         Suspend0 { n: T0, i: T1 },      // the locals kept across `yield_!(i)`
//!         Done,
//!         Poisoned,
//!     }
//!     from_fn(State::Start { n }, |state: &mut State<_, _>, arg: ()| {
//!         // take the state out, leaving `Poisoned` behind while user code runs
//!         // jump to the code after the suspension point it names
//!         // run to the next `yield_!`: store the kept locals, return `Yielded(i)`
//!         // or to the end: store `Done`, return `Complete("done")`
//!     })
//! }
//! ```
//!
//! The enum is generic, one parameter per kept local, so the compiler infers every local's type
//! from the body exactly as it would in a plain function, closures and iterator chains included.
//!
//! # Drops
//!
//! A local used after a suspension point is kept across it, and so is a local that has not been
//! mentioned since it was initialised (an RAII guard stays held). Any other local that is still
//! initialised is dropped **at** the suspension point, where plain Rust would drop it at the end of
//! its scope: the one documented difference from rustc's coroutines. Dropping a suspended
//! coroutine drops its kept locals innermost scope first, in reverse declaration order.
//!
//! # Async coroutines
//!
//! On an `async fn`, the attribute also accepts `.await`: each one is a suspension point whose
//! future is stored in the state and polled in place. The result is an [`AsyncCoroutine`], and a
//! fused `futures_core::Stream` when it takes no resume value and returns `()`. See
//! `examples/async_ticker.rs`.
//!
//! # The attribute's path
//!
//! The attribute is always written `#[coro::coroutine(..)]`: rustc reserves the bare name
//! `coroutine` for its own unstable attribute, so even an imported `#[coroutine]` is ambiguous
//! (E0659). That is why the [`prelude`] exports the macros used inside bodies, but not the
//! attribute.
#![no_std]
#![deny(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;

mod asynchronous;
mod compose;
mod ext;
mod state;
mod throw;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

#[cfg(feature = "serde")]
pub use __private::Restorer;
#[cfg(feature = "alloc")]
pub use asynchronous::BoxAsyncCoroutine;
pub use asynchronous::{AsyncCoroutine, AsyncCoroutineExt, IntoAsync, ResumeFuture, into_async};
#[cfg(feature = "futures")]
pub use asynchronous::{FromStream, TryStream, from_stream};
pub use compose::{Feed, MapResume, Pipe, PipeEnd};
#[cfg(feature = "alloc")]
pub use ext::BoxCoroutine;
pub use ext::{CoroutineExt, FromIter, MapReturn, MapYield, TryIter, from_iter};
pub use state::{Coroutine, CoroutineState, Status};
pub use throw::{Exit, Resume, ThrowExt};

/// Turns a function into a coroutine. See the [crate docs](crate) for what it generates.
///
/// Arguments: `yield = Type` (the yield type, `()` when left out), `clone` (the returned
/// coroutine implements `Clone`) and `serde` (the returned coroutine implements
/// `serde::Serialize`, and a function `NAME_restore()` beside it returns a `Restorer` that
/// deserializes a saved one; needs the `serde` feature, and the README's Persistence section has
/// the rules).
pub use coro_macros::coroutine;

/// Suspends the coroutine, handing out the value, and evaluates to the next resume value.
///
/// Only meaningful inside a `#[coro::coroutine]` function, which rewrites it; anywhere else it
/// is a compile error.
#[macro_export]
macro_rules! yield_ {
    ($($tokens:tt)*) => {
        ::core::compile_error!(
            "`yield_!` is only allowed in the body of a `#[coro::coroutine]` function"
        )
    };
}

/// Runs a sub-coroutine to completion inside this one (Python's `yield from`), passing its
/// yields out and the resume values in, and evaluates to its return value.
///
/// Only meaningful inside a `#[coro::coroutine]` function, which rewrites it; anywhere else it
/// is a compile error.
#[macro_export]
macro_rules! yield_from {
    ($($tokens:tt)*) => {
        ::core::compile_error!(
            "`yield_from!` is only allowed in the body of a `#[coro::coroutine]` function"
        )
    };
}

/// `use coro::prelude::*;` brings the traits and the macros used inside bodies into scope.
pub mod prelude {
    pub use crate::{
        AsyncCoroutine, AsyncCoroutineExt, Coroutine, CoroutineExt, CoroutineState, ThrowExt,
        yield_, yield_from,
    };
}
