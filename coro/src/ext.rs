//! [`CoroutineExt`]: `send`, `boxed` and the adapters every coroutine gets.

use core::iter::FusedIterator;
use core::pin::Pin;

use crate::compose::{Feed, MapResume, Pipe};
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

    /// Pushes every item of `input` into the coroutine, one resume each, as an iterator of what
    /// the coroutine yields.
    ///
    /// The first item is the first resume value (it binds the `#[resume]` parameter, as the
    /// first `send` would); each later one is the value of the `yield_!` the coroutine is
    /// suspended at. The iterator ends when the coroutine completes, keeping its return value
    /// for [`Feed::into_return`], or when the input runs out, leaving the coroutine suspended.
    /// Feed a coroutine you want to keep through a reference, `(&mut coroutine).feed(..)`, to
    /// go on with it afterwards (to send more, or to [`close`](crate::ThrowExt::close) it).
    ///
    /// ```
    /// use coro::prelude::*;
    ///
    /// #[coro::coroutine(yield = f64)]
    /// fn averager(#[resume] first: f64) -> usize {
    ///     let (mut total, mut count, mut x) = (0.0, 0usize, first);
    ///     while x >= 0.0 {
    ///         total += x;
    ///         count += 1;
    ///         x = yield_!(total / count as f64);
    ///     }
    ///     count
    /// }
    ///
    /// let mut fed = averager().feed([10.0, 20.0, 60.0, -1.0, 5.0]);
    /// assert_eq!(fed.by_ref().collect::<Vec<_>>(), [10.0, 15.0, 30.0]);
    /// assert_eq!(fed.into_return(), Some(3)); // `5.0` was never taken
    ///
    /// let mut avg = averager();
    /// assert_eq!((&mut avg).feed([1.0, 3.0]).last(), Some(2.0));
    /// assert_eq!(avg.send(-1.0), CoroutineState::Complete(2)); // still suspended: go on
    /// ```
    fn feed<I>(self, input: I) -> Feed<Self, I::IntoIter, Self::Return>
    where
        Self: Sized + Unpin,
        I: IntoIterator<Item = R>,
    {
        Feed::new(self, input.into_iter())
    }

    /// Joins two `send`-driven stages: each value this coroutine yields is sent into `next`.
    ///
    /// A stage passes a value on by yielding `Some(value)`, and passes nothing on for this input
    /// by yielding `None`. The pipe is resumed with this coroutine's resume values and yields
    /// what `next` yields; when nothing reached `next`, it yields `next`'s
    /// `Yield::default()` (`None` for a stage that is itself a filter, `()` for a sink), so
    /// pipes chain: `a.pipe(b).pipe(c)`. It completes when either stage does, saying which in
    /// a [`PipeEnd`](crate::PipeEnd); the other stays suspended inside the pipe
    /// ([`Pipe::into_inner`] hands both back), or with you, if you piped a reference:
    /// `a.pipe(&mut sink)`.
    ///
    /// ```
    /// use coro::prelude::*;
    /// use coro::PipeEnd;
    ///
    /// /// Passes on the lines that contain `pattern`; returns at the line `"EOF"`.
    /// #[coro::coroutine(yield = Option<&'a str>)]
    /// fn grep<'a>(pattern: &'static str, #[resume] first: &'a str) -> usize {
    ///     let (mut line, mut seen) = (first, 0);
    ///     while line != "EOF" {
    ///         seen += 1;
    ///         line = yield_!(line.contains(pattern).then_some(line));
    ///     }
    ///     seen
    /// }
    ///
    /// /// Numbers what it receives.
    /// #[coro::coroutine(yield = Option<String>)]
    /// fn number<'a>(#[resume] first: &'a str) {
    ///     let (mut line, mut n) = (first, 1);
    ///     loop {
    ///         line = yield_!(Some(format!("{n}: {line}")));
    ///         n += 1;
    ///     }
    /// }
    ///
    /// let text = ["a python", "a snake", "the python", "EOF", "python again"];
    /// let mut fed = grep("python").pipe(number()).feed(text);
    /// let out: Vec<String> = fed.by_ref().flatten().collect();
    /// assert_eq!(out, ["1: a python", "2: the python"]);
    /// assert_eq!(fed.into_return(), Some(PipeEnd::Upstream(3)));
    /// ```
    fn pipe<B, M>(self, next: B) -> Pipe<Self, B>
    where
        Self: Sized + Coroutine<R, Yield = Option<M>> + Unpin,
        B: Coroutine<M> + Unpin,
        B::Yield: Default,
    {
        Pipe::new(self, next)
    }

    /// Maps every resume value through `f` before the coroutine receives it: a coroutine
    /// that takes `R`, seen as one that takes `S`.
    ///
    /// With it, plain values go into a coroutine that takes [`Resume`](crate::Resume) values:
    /// `sink.map_resume(Resume::Send)`.
    ///
    /// ```
    /// use coro::prelude::*;
    ///
    /// #[coro::coroutine(yield = usize)]
    /// fn lengths(#[resume] first: String) {
    ///     let mut s = first;
    ///     loop {
    ///         s = yield_!(s.len());
    ///     }
    /// }
    ///
    /// let mut g = lengths().map_resume(|s: &str| s.to_uppercase());
    /// assert_eq!(g.send("abc"), CoroutineState::Yielded(3));
    /// ```
    fn map_resume<F, S>(self, f: F) -> MapResume<Self, F>
    where
        Self: Sized,
        F: FnMut(S) -> R,
    {
        MapResume::new(self, f)
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
