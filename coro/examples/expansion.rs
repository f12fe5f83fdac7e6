//! A small coroutine next to what `#[coro::coroutine]` generates for it.
//!
//! `countdown` below is the coroutine as a user writes it; `expanded::countdown` is the macro's
//! output for it, trimmed by hand: lint allowances and redundant braces removed, comments
//! added, everything else as generated (print it yourself with
//! `cargo run -p coro-macros-core --example expand -- coro/examples/expansion.rs`).
//! `main` runs both and checks that they behave the same.
//!
//! The generated code calls items in `coro::__private`; they exist for the macro and are not
//! public API.

use coro::prelude::*;

/// Counts down from `n` to 1, then returns a word.
#[coro::coroutine(yield = u32)]
fn countdown(n: u32) -> &'static str {
    let mut i = n;
    while i > 0 {
        yield_!(i);
        i -= 1;
    }
    "liftoff"
}

/// What `#[coro::coroutine(yield = u32)]` turns `countdown` into.
mod expanded {
    // The signature: `#[resume]` parameters leave it, the return type becomes an opaque
    // coroutine. `Captures<..>` names the lifetimes in the return type (none here) so that the
    // opaque type captures them on every edition.
    #[allow(
        clippy::needless_continue,
        reason = "the generated code spells out every jump"
    )]
    pub(crate) fn countdown(
        n: u32,
    ) -> impl ::coro::Coroutine<(), Yield = u32, Return = &'static str>
    + ::core::fmt::Debug
    + ::coro::__private::Captures<()> {
        // Where a suspended coroutine stands: one variant per suspension point holding exactly
        // the locals kept across it (`i`, not `n`), plus start, done and poisoned. It is
        // generic, one parameter per kept local, so the compiler infers the locals' types from
        // the body as in a plain function.
        enum __CoroState<T0, T1> {
            Start { n_0: T0 },
            Suspend0 { i_1: T1 },
            Done,
            Poisoned,
        }

        // The basic blocks one resume can jump between, each carrying the locals live on entry:
        // `B0` is the start of the body, `B2` the loop head, `B4` the code after `yield_!(i)`
        // (`tmp_2` is the value `yield_!` evaluates to: the resume value).
        enum __CoroBlock<T0, T1, T2> {
            B0 { n_0: T0 },
            B2 { i_1: T1 },
            B4 { i_1: T1, tmp_2: T2 },
        }

        // For `Debug` ("countdown (suspended at line 19)") and the fused `Iterator` view.
        impl<T0, T1> ::coro::__private::CoroState for __CoroState<T0, T1> {
            const NAME: &'static str = "countdown";
            fn location(&self) -> ::coro::__private::Location {
                match self {
                    Self::Start { .. } => ::coro::__private::Location::NotStarted,
                    // The line of `yield_!(i)` in this file.
                    Self::Suspend0 { .. } => ::coro::__private::Location::Suspended(19u32),
                    Self::Done => ::coro::__private::Location::Complete,
                    Self::Poisoned => ::coro::__private::Location::Poisoned,
                }
            }
            // What a panic leaves behind in a coroutine resumed in place.
            fn poisoned() -> Self {
                Self::Poisoned
            }
            fn done() -> Self {
                Self::Done
            }
        }

        // The coroutine: the initial state and a resume closure that captures nothing, so the
        // coroutine is exactly as large as its largest state.
        ::coro::__private::from_fn(
            __CoroState::Start { n_0: n },
            move |__coro_state: &mut __CoroState<_, _>,
                  __coro_arg: ()|
                  -> ::coro::CoroutineState<u32, &'static str> {
                // Take the state out, leaving `Poisoned` behind while user code runs: if it
                // panics, the next resume panics with "coroutine resumed after panicking".
                let mut __coro_pc = match ::core::mem::replace(__coro_state, __CoroState::Poisoned)
                {
                    __CoroState::Start { n_0: __coro_v0 } => __CoroBlock::B0 { n_0: __coro_v0 },
                    __CoroState::Suspend0 { i_1: __coro_v1 } => __CoroBlock::B4 {
                        i_1: __coro_v1,
                        tmp_2: __coro_arg,
                    },
                    __CoroState::Done => {
                        *__coro_state = __CoroState::Done;
                        ::coro::__private::resumed_after_completion()
                    }
                    __CoroState::Poisoned => ::coro::__private::resumed_after_panicking(),
                };
                // Jumps inside one resume: set `__coro_pc` and `continue`. The arms follow
                // source order, so inference meets each local's definition before its uses.
                '__coro_dispatch: loop {
                    match __coro_pc {
                        // let mut i = n;
                        __CoroBlock::B0 { n_0: __coro_v0 } => {
                            let n = __coro_v0;
                            let i = n;
                            __coro_pc = __CoroBlock::B2 { i_1: i };
                            continue '__coro_dispatch;
                        }
                        // while i > 0 { yield_!(i); .. }  "liftoff"
                        __CoroBlock::B2 { i_1: __coro_v1 } => {
                            let i = __coro_v1;
                            if i > 0 {
                                // Suspend: store the kept locals, hand the value out.
                                let __coro_y: u32 = i;
                                *__coro_state = __CoroState::Suspend0 { i_1: i };
                                return ::coro::CoroutineState::Yielded(__coro_y);
                            }
                            // Complete: the tail expression.
                            let __coro_ret: &'static str = "liftoff";
                            *__coro_state = __CoroState::Done;
                            return ::coro::CoroutineState::Complete(__coro_ret);
                        }
                        // After the suspension: the resume value is the value of `yield_!(i)`,
                        // unused here, so it is dropped where the statement ends.
                        __CoroBlock::B4 {
                            i_1: __coro_v1,
                            tmp_2: (),
                        } => {
                            let mut i = __coro_v1;
                            i -= 1;
                            __coro_pc = __CoroBlock::B2 { i_1: i };
                            continue '__coro_dispatch;
                        }
                    }
                }
            },
        )
    }
}

fn main() {
    let mut written = countdown(3);
    let mut generated = expanded::countdown(3);
    println!("{:<34} | {:<34}", "#[coro::coroutine] fn", "its expansion");
    println!(
        "{:<34} | {:<34}",
        format!("{written:?}"),
        format!("{generated:?}")
    );
    loop {
        let (a, b) = (written.send(()), generated.send(()));
        assert_eq!(a, b);
        assert_eq!(format!("{written:?}"), format!("{generated:?}"));
        println!("{:<34} | {:<34}", format!("{a:?}"), format!("{b:?}"));
        println!(
            "{:<34} | {:<34}",
            format!("{written:?}"),
            format!("{generated:?}")
        );
        if let CoroutineState::Complete(_) = a {
            break;
        }
    }
}
