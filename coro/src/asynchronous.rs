//! Async coroutines: [`AsyncCoroutine`], resumed by polling, and their `Stream` view.

use core::future::Future;

use core::pin::Pin;
use core::task::{Context, Poll};

use crate::CoroutineState;

/// A coroutine whose body may `.await`: resuming it is polled until it yields or completes.
///
/// A resumption starts when `poll_resume` is called with `Some(arg)` in `arg`: the coroutine
/// takes the value (binding the `#[resume]` parameter, or as the value of the `yield_!` it was
/// suspended at) and runs until it yields, completes, or awaits a future that is not ready
/// (`Poll::Pending`). Keep polling with the same `arg` slot (now `None`) until the resumption
/// ends. [`AsyncCoroutineExt::resume`] does this for you.
///
/// `#[coro::coroutine]` on an `async fn` returns one; when it has no `#[resume]` parameter and
/// returns `()`, it is also a `futures_core::Stream` of its yields.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an async coroutine",
    label = "`yield_from!` in an `async fn` coroutine needs an `AsyncCoroutine` here",
    note = "wrap a synchronous coroutine or `coro::from_iter(..)` in `coro::into_async(..)`, and a \
            `Stream` in `coro::from_stream(..)`"
)]
pub trait AsyncCoroutine<R = ()> {
    /// The type of the values the coroutine hands out when it suspends.
    type Yield;
    /// The type of the value the coroutine finishes with.
    type Return;

    /// Runs the current resumption until it yields, completes, or waits on a future.
    ///
    /// # Panics
    /// Polling after completion panics with `coroutine resumed after completion`, after a panic
    /// with `coroutine resumed after panicking`; starting a resumption without a value in `arg`
    /// panics too.
    fn poll_resume(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        arg: &mut Option<R>,
    ) -> Poll<CoroutineState<Self::Yield, Self::Return>>;
}

/// A pinned pointer to an async coroutine is one, as a pinned pointer to a future is a future:
/// what lets a boxed coroutine ([`BoxAsyncCoroutine`]) be resumed and delegated to.
impl<P: core::ops::DerefMut<Target: AsyncCoroutine<R>>, R> AsyncCoroutine<R> for Pin<P> {
    type Yield = <P::Target as AsyncCoroutine<R>>::Yield;
    type Return = <P::Target as AsyncCoroutine<R>>::Return;

    fn poll_resume(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        arg: &mut Option<R>,
    ) -> Poll<CoroutineState<Self::Yield, Self::Return>> {
        self.as_deref_mut().poll_resume(cx, arg)
    }
}

/// A boxed async coroutine with its type erased: what [`AsyncCoroutineExt::boxed_async`] returns,
/// and what an `async fn` coroutine that delegates to itself delegates to.
#[cfg(feature = "alloc")]
pub type BoxAsyncCoroutine<'a, R, Y, T> =
    Pin<alloc::boxed::Box<dyn AsyncCoroutine<R, Yield = Y, Return = T> + 'a>>;

/// A synchronous coroutine seen as an async one that is always ready: what `yield_from!` in an
/// `async fn` coroutine needs to delegate to a synchronous coroutine or an iterator.
///
/// ```
/// use coro::prelude::*;
///
/// #[coro::coroutine(yield = u32)]
/// async fn numbers() {
///     yield_from!(coro::into_async(coro::from_iter([1, 2])));
/// }
/// # let _ = numbers();
/// ```
pub fn into_async<G>(coroutine: G) -> IntoAsync<G> {
    IntoAsync(coroutine)
}

/// The coroutine returned by [`into_async`].
#[derive(Clone, Debug)]
pub struct IntoAsync<G>(G);

impl<G: crate::Coroutine<R> + Unpin, R> AsyncCoroutine<R> for IntoAsync<G> {
    type Yield = G::Yield;
    type Return = G::Return;

    #[inline]
    fn poll_resume(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        arg: &mut Option<R>,
    ) -> Poll<CoroutineState<G::Yield, G::Return>> {
        let inner = Pin::new(&mut self.get_mut().0);
        Poll::Ready(inner.resume(crate::__private::take_arg(arg)))
    }
}

/// A `Stream` seen as an async coroutine that yields its items and returns `()`: what
/// `yield_from!` in an `async fn` coroutine needs to pass a stream's items out.
#[cfg(feature = "futures")]
pub fn from_stream<S: futures_core::Stream>(stream: S) -> FromStream<S> {
    FromStream {
        stream,
        done: false,
    }
}

/// The coroutine returned by [`from_stream`].
#[cfg(feature = "futures")]
#[derive(Debug)]
pub struct FromStream<S> {
    pub(crate) stream: S,
    pub(crate) done: bool,
}

#[cfg(feature = "futures")]
impl<S: futures_core::Stream> AsyncCoroutine for FromStream<S> {
    type Yield = S::Item;
    type Return = ();

    fn poll_resume(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        arg: &mut Option<()>,
    ) -> Poll<CoroutineState<S::Item, ()>> {
        let (stream, done) = self.project();
        assert!(!*done, "coroutine resumed after completion");
        match stream.poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(item) => {
                // The resumption ends: the value that started it is consumed.
                arg.take();
                match item {
                    Some(y) => Poll::Ready(CoroutineState::Yielded(y)),
                    None => {
                        *done = true;
                        Poll::Ready(CoroutineState::Complete(()))
                    }
                }
            }
        }
    }
}

/// One resumption of a delegate of `yield_from!` in an `async fn` coroutine: polls it until it
/// yields or completes, and hands it back with the result (so that nothing borrows it across
/// the suspension points).
#[doc(hidden)]
#[cfg(feature = "alloc")]
pub struct Step<G: ?Sized, R> {
    sub: Option<Pin<alloc::boxed::Box<G>>>,
    arg: Option<R>,
}

#[cfg(feature = "alloc")]
impl<G: ?Sized, R> Unpin for Step<G, R> {}

#[cfg(feature = "alloc")]
impl<G: ?Sized + AsyncCoroutine<R>, R> Step<G, R> {
    /// Resumes `sub` with `arg`.
    pub fn new(sub: Pin<alloc::boxed::Box<G>>, arg: R) -> Self {
        Step {
            sub: Some(sub),
            arg: Some(arg),
        }
    }
}

#[cfg(feature = "alloc")]
impl<G: ?Sized + AsyncCoroutine<R>, R> Future for Step<G, R> {
    #[allow(
        clippy::type_complexity,
        reason = "the pair the desugared loop destructures"
    )]
    type Output = (
        CoroutineState<G::Yield, G::Return>,
        Pin<alloc::boxed::Box<G>>,
    );

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let sub = this
            .sub
            .as_mut()
            .expect("a delegate step polled after it finished");
        match sub.as_mut().poll_resume(cx, &mut this.arg) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(state) => Poll::Ready((state, this.sub.take().expect("checked above"))),
        }
    }
}

/// Methods for every [`AsyncCoroutine`].
pub trait AsyncCoroutineExt<R = ()>: AsyncCoroutine<R> {
    /// Resumes the coroutine with `arg` and waits until it yields or completes.
    ///
    /// ```
    /// use coro::prelude::*;
    ///
    /// #[coro::coroutine(yield = u32)]
    /// async fn doubler(#[resume] first: u32) -> &'static str {
    ///     let mut x = first;
    ///     while x != 0 {
    ///         x = yield_!(async move { x * 2 }.await);
    ///     }
    ///     "zero"
    /// }
    ///
    /// futures_executor::block_on(async {
    ///     let mut d = core::pin::pin!(doubler());
    ///     assert_eq!(d.as_mut().resume(4).await, CoroutineState::Yielded(8));
    ///     assert_eq!(d.as_mut().resume(0).await, CoroutineState::Complete("zero"));
    /// });
    /// ```
    fn resume(self: Pin<&mut Self>, arg: R) -> ResumeFuture<'_, Self, R> {
        ResumeFuture {
            coroutine: self,
            arg: Some(arg),
        }
    }

    /// Boxes the coroutine, erasing its type. A coroutine that delegates to itself needs it:
    /// its state would otherwise hold a coroutine of its own type. (Not `boxed`: an async
    /// generator is also a `Stream`, and `StreamExt::boxed` would make the call ambiguous.)
    ///
    /// ```
    /// use coro::prelude::*;
    ///
    /// #[coro::coroutine(yield = u32)]
    /// async fn countdown(n: u32) {
    ///     if n > 0 {
    ///         yield_!(n);
    ///         yield_from!(countdown(n - 1).boxed_async());
    ///     }
    /// }
    ///
    /// futures_executor::block_on(async {
    ///     let mut g = core::pin::pin!(countdown(2));
    ///     assert_eq!(g.as_mut().resume(()).await, CoroutineState::Yielded(2));
    ///     assert_eq!(g.as_mut().resume(()).await, CoroutineState::Yielded(1));
    ///     assert_eq!(g.as_mut().resume(()).await, CoroutineState::Complete(()));
    /// });
    /// ```
    #[cfg(feature = "alloc")]
    fn boxed_async<'a>(self) -> BoxAsyncCoroutine<'a, R, Self::Yield, Self::Return>
    where
        Self: Sized + 'a,
    {
        alloc::boxed::Box::pin(self)
    }

    /// Turns an async generator that returns `Result<(), E>` into a fused stream of
    /// `Result<Yield, E>`: every yielded value as `Ok`, then the error, if there is one, as the
    /// last item (what `async-stream`'s `try_stream!` gives).
    #[cfg(feature = "futures")]
    fn try_stream<E>(self) -> TryStream<Self>
    where
        Self: Sized + AsyncCoroutine<(), Return = Result<(), E>>,
    {
        TryStream {
            inner: self,
            done: false,
        }
    }
}

/// The stream returned by [`AsyncCoroutineExt::try_stream`].
#[cfg(feature = "futures")]
pub struct TryStream<G> {
    pub(crate) inner: G,
    pub(crate) done: bool,
}

#[cfg(feature = "futures")]
impl<G, Y, E> futures_core::Stream for TryStream<G>
where
    G: AsyncCoroutine<(), Yield = Y, Return = Result<(), E>>,
{
    type Item = Result<Y, E>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Y, E>>> {
        let (inner, done) = self.project();
        if *done {
            return Poll::Ready(None);
        }
        match inner.poll_resume(cx, &mut Some(())) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(CoroutineState::Yielded(y)) => Poll::Ready(Some(Ok(y))),
            Poll::Ready(CoroutineState::Complete(result)) => {
                *done = true;
                Poll::Ready(result.err().map(Err))
            }
        }
    }
}

#[cfg(feature = "futures")]
impl<G, Y, E> futures_core::FusedStream for TryStream<G>
where
    G: AsyncCoroutine<(), Yield = Y, Return = Result<(), E>>,
{
    fn is_terminated(&self) -> bool {
        self.done
    }
}

impl<G: ?Sized + AsyncCoroutine<R>, R> AsyncCoroutineExt<R> for G {}

/// The future returned by [`AsyncCoroutineExt::resume`].
pub struct ResumeFuture<'a, G: ?Sized, R> {
    coroutine: Pin<&'a mut G>,
    arg: Option<R>,
}

impl<G: ?Sized + AsyncCoroutine<R>, R> Future for ResumeFuture<'_, G, R> {
    type Output = CoroutineState<G::Yield, G::Return>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // `ResumeFuture` is `Unpin`: a pinned reference and an `Option<R>` it only takes from.
        let this = self.get_mut();
        this.coroutine.as_mut().poll_resume(cx, &mut this.arg)
    }
}

impl<G: ?Sized, R> Unpin for ResumeFuture<'_, G, R> {}
