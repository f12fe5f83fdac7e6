//! [`CoroutineExt`]: `send`, `boxed` and the adapters every coroutine gets.

use core::iter::FusedIterator;
use core::pin::Pin;

use crate::{Coroutine, CoroutineState, Status};

/// A type-erased coroutine on the heap, as returned by [`CoroutineExt::boxed`].
///
/// Recursive coroutines return this: the opaque type of a coroutine cannot contain itself, a box
/// of it can.
#[cfg(feature = "alloc")]
pub type BoxCoroutine<'a, R, Y, T> =
    Pin<alloc::boxed::Box<dyn Coroutine<R, Yield = Y, Return = T> + 'a>>;

/// Methods for every [`Coroutine`].
///
/// None of the names clash with [`Iterator`]'s, since a generator is both.
pub trait CoroutineExt<R = ()>: Coroutine<R> {
    /// Resumes the coroutine with `arg`: Python's `generator.send(arg)`.
    ///
    /// The first `send` binds the `#[resume]` parameter (or passes `()` when there is none);
    /// each later one is the value of the `yield_!` the coroutine is suspended at.
    ///
    /// ```
    /// use coro::prelude::*;
    ///
    /// #[coro::coroutine(yield = i32)]
    /// fn running_total(#[resume] first: i32) {
    ///     let mut total = first;
    ///     loop {
    ///         total += yield_!(total);
    ///     }
    /// }
    ///
    /// let mut t = running_total();
    /// assert_eq!(t.send(5), CoroutineState::Yielded(5));
    /// assert_eq!(t.send(2), CoroutineState::Yielded(7));
    /// ```
    fn send(&mut self, arg: R) -> CoroutineState<Self::Yield, Self::Return>
    where
        Self: Unpin,
    {
        Pin::new(self).resume(arg)
    }

    /// Moves the coroutine to the heap behind a `dyn Coroutine`, for recursion and for storing
    /// coroutines of different bodies together.
    ///
    /// ```
    /// use coro::prelude::*;
    ///
    /// fn countdown(n: u32) -> coro::BoxCoroutine<'static, (), u32, ()> {
    ///     #[coro::coroutine(yield = u32)]
    ///     fn inner(n: u32) {
    ///         if n > 0 {
    ///             yield_!(n);
    ///             yield_from!(countdown(n - 1));
    ///         }
    ///     }
    ///     inner(n).boxed()
    /// }
    ///
    /// let mut g = countdown(2);
    /// assert_eq!(g.send(()), CoroutineState::Yielded(2));
    /// assert_eq!(g.send(()), CoroutineState::Yielded(1));
    /// assert_eq!(g.send(()), CoroutineState::Complete(()));
    /// ```
    #[cfg(feature = "alloc")]
    fn boxed<'a>(self) -> BoxCoroutine<'a, R, Self::Yield, Self::Return>
    where
        Self: Sized + 'a,
    {
        alloc::boxed::Box::pin(self)
    }

    /// Maps every yielded value through `f`.
    ///
    /// ```
    /// use coro::prelude::*;
    ///
    /// let mut g = coro::from_iter([1, 2]).map_yield(|x| x * 10);
    /// assert_eq!(g.send(()), CoroutineState::Yielded(10));
    /// assert_eq!(g.send(()), CoroutineState::Yielded(20));
    /// assert_eq!(g.send(()), CoroutineState::Complete(()));
    /// ```
    fn map_yield<F, Y>(self, f: F) -> MapYield<Self, F>
    where
        Self: Sized,
        F: FnMut(Self::Yield) -> Y,
    {
        MapYield { inner: self, f }
    }

    /// Maps the return value through `f`.
    ///
    /// ```
    /// use coro::prelude::*;
    ///
    /// let mut g = coro::from_iter(None::<u8>).map_return(|()| "empty");
    /// assert_eq!(g.send(()), CoroutineState::Complete("empty"));
    /// ```
    fn map_return<F, T>(self, f: F) -> MapReturn<Self, F>
    where
        Self: Sized,
        F: FnOnce(Self::Return) -> T,
    {
        MapReturn {
            inner: self,
            f: Some(f),
        }
    }

    /// Turns a generator that returns `Result<(), E>` into an iterator of `Result<Yield, E>`:
    /// every yielded value as `Ok`, then the error, if there is one, as the last item.
    ///
    /// ```
    /// use coro::prelude::*;
    ///
    /// #[coro::coroutine(yield = u32)]
    /// fn parse(items: &'static [&'static str]) -> Result<(), core::num::ParseIntError> {
    ///     for s in items {
    ///         yield_!(s.parse()?);
    ///     }
    ///     Ok(())
    /// }
    ///
    /// let got: Vec<_> = parse(&["1", "x", "3"]).try_iter().collect();
    /// assert_eq!(got.len(), 2);
    /// assert_eq!(got[0], Ok(1));
    /// assert!(got[1].is_err());
    /// ```
    fn try_iter<Y, E>(self) -> TryIter<Self>
    where
        Self: Sized + Coroutine<R, Yield = Y, Return = Result<(), E>>,
    {
        TryIter { inner: Some(self) }
    }
}

impl<G: ?Sized + Coroutine<R>, R> CoroutineExt<R> for G {}

/// The coroutine returned by [`CoroutineExt::map_yield`].
#[derive(Clone, Debug)]
pub struct MapYield<G, F> {
    inner: G,
    f: F,
}

impl<G, F, R, Y> Coroutine<R> for MapYield<G, F>
where
    G: Coroutine<R> + Unpin,
    F: FnMut(G::Yield) -> Y,
{
    type Yield = Y;
    type Return = G::Return;

    fn resume(self: Pin<&mut Self>, arg: R) -> CoroutineState<Y, G::Return> {
        let this = Pin::get_mut(self);
        match Pin::new(&mut this.inner).resume(arg) {
            CoroutineState::Yielded(y) => CoroutineState::Yielded((this.f)(y)),
            CoroutineState::Complete(t) => CoroutineState::Complete(t),
        }
    }

    fn status(&self) -> Option<Status> {
        self.inner.status()
    }
}

impl<G: Unpin, F> Unpin for MapYield<G, F> {}

impl<G, F, Y> Iterator for MapYield<G, F>
where
    G: Coroutine<(), Return = ()> + Iterator<Item = G::Yield> + Unpin,
    F: FnMut(G::Yield) -> Y,
{
    type Item = Y;

    fn next(&mut self) -> Option<Y> {
        self.inner.next().map(&mut self.f)
    }
}

/// The coroutine returned by [`CoroutineExt::map_return`].
#[derive(Clone, Debug)]
pub struct MapReturn<G, F> {
    inner: G,
    f: Option<F>,
}

impl<G, F, R, T> Coroutine<R> for MapReturn<G, F>
where
    G: Coroutine<R> + Unpin,
    F: FnOnce(G::Return) -> T,
{
    type Yield = G::Yield;
    type Return = T;

    fn resume(self: Pin<&mut Self>, arg: R) -> CoroutineState<G::Yield, T> {
        let this = Pin::get_mut(self);
        match Pin::new(&mut this.inner).resume(arg) {
            CoroutineState::Yielded(y) => CoroutineState::Yielded(y),
            CoroutineState::Complete(t) => {
                let f = this.f.take().expect("coroutine resumed after completion");
                CoroutineState::Complete(f(t))
            }
        }
    }

    fn status(&self) -> Option<Status> {
        self.inner.status()
    }
}

impl<G: Unpin, F> Unpin for MapReturn<G, F> {}

/// The iterator returned by [`CoroutineExt::try_iter`].
#[derive(Clone, Debug)]
pub struct TryIter<G> {
    inner: Option<G>,
}

impl<G, Y, E> Iterator for TryIter<G>
where
    G: Coroutine<(), Yield = Y, Return = Result<(), E>> + Unpin,
{
    type Item = Result<Y, E>;

    fn next(&mut self) -> Option<Result<Y, E>> {
        let state = Pin::new(self.inner.as_mut()?).resume(());
        match state {
            CoroutineState::Yielded(y) => Some(Ok(y)),
            CoroutineState::Complete(result) => {
                self.inner = None;
                result.err().map(Err)
            }
        }
    }
}

impl<G, Y, E> FusedIterator for TryIter<G> where
    G: Coroutine<(), Yield = Y, Return = Result<(), E>> + Unpin
{
}

/// Turns any [`IntoIterator`] into a coroutine that yields its items and returns `()`.
///
/// With it, `yield_from!` delegates to an iterator:
///
/// ```
/// use coro::prelude::*;
///
/// #[coro::coroutine(yield = char)]
/// fn letters() -> usize {
///     yield_from!(coro::from_iter("ab".chars()));
///     yield_from!(coro::from_iter(['c']));
///     3
/// }
///
/// let mut g = letters();
/// assert_eq!(g.send(()), CoroutineState::Yielded('a'));
/// assert_eq!(g.send(()), CoroutineState::Yielded('b'));
/// assert_eq!(g.send(()), CoroutineState::Yielded('c'));
/// assert_eq!(g.send(()), CoroutineState::Complete(3));
/// ```
pub fn from_iter<I: IntoIterator>(iterable: I) -> FromIter<I::IntoIter> {
    FromIter {
        iter: Some(iterable.into_iter()),
    }
}

/// The coroutine returned by [`from_iter`]; also a fused [`Iterator`].
#[derive(Clone, Debug)]
pub struct FromIter<I> {
    iter: Option<I>,
}

impl<I: Iterator> Coroutine for FromIter<I> {
    type Yield = I::Item;
    type Return = ();

    fn resume(self: Pin<&mut Self>, (): ()) -> CoroutineState<I::Item, ()> {
        let this = Pin::get_mut(self);
        let iter = this
            .iter
            .as_mut()
            .expect("coroutine resumed after completion");
        if let Some(item) = iter.next() {
            CoroutineState::Yielded(item)
        } else {
            this.iter = None;
            CoroutineState::Complete(())
        }
    }
}

impl<I> Unpin for FromIter<I> {}

impl<I: Iterator> Iterator for FromIter<I> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        let item = self.iter.as_mut()?.next();
        if item.is_none() {
            self.iter = None;
        }
        item
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.iter.as_ref().map_or((0, Some(0)), Iterator::size_hint)
    }
}

impl<I: Iterator> FusedIterator for FromIter<I> {}
