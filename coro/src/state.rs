//! The protocol: [`Coroutine`] and [`CoroutineState`], mirroring `core::ops`.

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
}

impl<G: ?Sized + Coroutine<R>, R> Coroutine<R> for Pin<&mut G> {
    type Yield = G::Yield;
    type Return = G::Return;

    fn resume(self: Pin<&mut Self>, arg: R) -> CoroutineState<Self::Yield, Self::Return> {
        G::resume(Pin::get_mut(self).as_mut(), arg)
    }
}

impl<G: ?Sized + Coroutine<R> + Unpin, R> Coroutine<R> for &mut G {
    type Yield = G::Yield;
    type Return = G::Return;

    fn resume(self: Pin<&mut Self>, arg: R) -> CoroutineState<Self::Yield, Self::Return> {
        G::resume(Pin::new(&mut **Pin::get_mut(self)), arg)
    }
}

#[cfg(feature = "alloc")]
impl<G: ?Sized + Coroutine<R> + Unpin, R> Coroutine<R> for alloc::boxed::Box<G> {
    type Yield = G::Yield;
    type Return = G::Return;

    fn resume(self: Pin<&mut Self>, arg: R) -> CoroutineState<Self::Yield, Self::Return> {
        G::resume(Pin::new(&mut **Pin::get_mut(self)), arg)
    }
}

#[cfg(feature = "alloc")]
impl<G: ?Sized + Coroutine<R>, R> Coroutine<R> for Pin<alloc::boxed::Box<G>> {
    type Yield = G::Yield;
    type Return = G::Return;

    fn resume(self: Pin<&mut Self>, arg: R) -> CoroutineState<Self::Yield, Self::Return> {
        G::resume(Pin::get_mut(self).as_mut(), arg)
    }
}
