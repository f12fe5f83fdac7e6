//! The protocol: [`Coroutine`] and [`CoroutineState`], mirroring `core::ops`, and [`Status`].

use core::pin::Pin;

/// What a coroutine hands back from one [`Coroutine::resume`]: it suspended with a value, or it
/// finished with its return value.
///
/// The same type, with the same derives, as nightly's `core::ops::CoroutineState`.
///
/// ```
/// use coro::CoroutineState;
///
/// let s: CoroutineState<u32, &str> = CoroutineState::Yielded(1);
/// assert!(s < CoroutineState::Complete("done"));
/// ```
#[derive(Clone, Copy, PartialEq, PartialOrd, Eq, Ord, Debug, Hash)]
pub enum CoroutineState<Y, R> {
    /// The coroutine suspended with this value; resume it to continue.
    Yielded(Y),
    /// The coroutine finished with this value; resuming it again panics.
    Complete(R),
}

/// Where a coroutine stands between two resumptions, as [`Coroutine::status`] reports it.
///
/// Python's `inspect.getgeneratorstate` without `GEN_RUNNING`: a running coroutine is mutably
/// borrowed by its `resume`, so nobody can ask. A coroutine that a panic escaped is
/// [`Poisoned`](Status::Poisoned) (Python counts it as closed).
///
/// ```
/// use coro::prelude::*;
/// use coro::Status;
///
/// #[coro::coroutine(yield = u32)]
/// fn one() {
///     yield_!(1);
/// }
///
/// let mut g = one();
/// assert_eq!(g.status(), Some(Status::NotStarted));
/// g.send(());
/// assert_eq!(g.status(), Some(Status::Suspended));
/// g.send(());
/// assert_eq!(g.status(), Some(Status::Complete));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum Status {
    /// Created, never resumed: no code of the body has run.
    NotStarted,
    /// Suspended at a `yield_!`.
    Suspended,
    /// Returned; resuming it panics.
    Complete,
    /// A panic escaped `resume`; resuming it panics.
    Poisoned,
}

/// A computation that can suspend itself, handing out a value each time, and be resumed with a
/// value of type `R`.
///
/// This is nightly's `core::ops::Coroutine` on stable: the same associated types, the same
/// `resume` and the same blanket impls. `#[coro::coroutine]` functions return a value that
/// implements it; it can also be implemented by hand.
///
/// ```
/// use coro::prelude::*;
/// use core::pin::Pin;
///
/// #[coro::coroutine(yield = u32)]
/// fn two() -> &'static str {
///     yield_!(1);
///     yield_!(2);
///     "done"
/// }
///
/// let mut g = two();
/// assert_eq!(Pin::new(&mut g).resume(()), CoroutineState::Yielded(1));
/// assert_eq!(Pin::new(&mut g).resume(()), CoroutineState::Yielded(2));
/// assert_eq!(Pin::new(&mut g).resume(()), CoroutineState::Complete("done"));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a coroutine resumed with `{R}`",
    label = "expected a coroutine resumed with `{R}` values",
    note = "a `#[coro::coroutine]` function is resumed with values of its `#[resume]` \
            parameter's type, or with `()` when it has none: add a `#[resume] first: R` parameter \
            to send it values of type `R`"
)]
pub trait Coroutine<R = ()> {
    /// The type of the values the coroutine hands out when it suspends.
    type Yield;
    /// The type of the value the coroutine finishes with.
    type Return;

    /// Runs the coroutine until it next suspends or finishes.
    ///
    /// `arg` is the resume value: the first resume binds the `#[resume]` parameter, each later
    /// one becomes the value of the `yield_!` the coroutine is suspended at.
    ///
    /// # Panics
    /// Resuming after [`CoroutineState::Complete`] panics with `coroutine resumed after
    /// completion`; resuming after a panic escaped `resume` panics with `coroutine resumed after
    /// panicking`.
    fn resume(self: Pin<&mut Self>, arg: R) -> CoroutineState<Self::Yield, Self::Return>;

    /// Where the coroutine stands, if it knows; `None` (the default) when it does not say.
    ///
    /// Not part of nightly's trait, and provided, so every coroutine written against nightly's
    /// trait implements this one unchanged. Every `#[coro::coroutine]` coroutine reports it, and
    /// so do the crate's adapters of a coroutine that does, through boxes and references too;
    /// [`ThrowExt::close`](crate::ThrowExt::close) reads it to leave alone a coroutine that has
    /// not started or has finished.
    fn status(&self) -> Option<Status> {
        None
    }
}

impl<G: ?Sized + Coroutine<R>, R> Coroutine<R> for Pin<&mut G> {
    type Yield = G::Yield;
    type Return = G::Return;

    fn resume(self: Pin<&mut Self>, arg: R) -> CoroutineState<Self::Yield, Self::Return> {
        G::resume(Pin::get_mut(self).as_mut(), arg)
    }

    fn status(&self) -> Option<Status> {
        G::status(self)
    }
}

impl<G: ?Sized + Coroutine<R> + Unpin, R> Coroutine<R> for &mut G {
    type Yield = G::Yield;
    type Return = G::Return;

    fn resume(self: Pin<&mut Self>, arg: R) -> CoroutineState<Self::Yield, Self::Return> {
        G::resume(Pin::new(&mut **Pin::get_mut(self)), arg)
    }

    fn status(&self) -> Option<Status> {
        G::status(self)
    }
}

#[cfg(feature = "alloc")]
impl<G: ?Sized + Coroutine<R> + Unpin, R> Coroutine<R> for alloc::boxed::Box<G> {
    type Yield = G::Yield;
    type Return = G::Return;

    fn resume(self: Pin<&mut Self>, arg: R) -> CoroutineState<Self::Yield, Self::Return> {
        G::resume(Pin::new(&mut **Pin::get_mut(self)), arg)
    }

    fn status(&self) -> Option<Status> {
        G::status(self)
    }
}

#[cfg(feature = "alloc")]
impl<G: ?Sized + Coroutine<R>, R> Coroutine<R> for Pin<alloc::boxed::Box<G>> {
    type Yield = G::Yield;
    type Return = G::Return;

    fn resume(self: Pin<&mut Self>, arg: R) -> CoroutineState<Self::Yield, Self::Return> {
        G::resume(Pin::get_mut(self).as_mut(), arg)
    }

    fn status(&self) -> Option<Status> {
        G::status(self)
    }
}
