//! Composition of `send`-driven coroutines: [`Feed`] pushes an iterator into one, [`Pipe`]
//! sends what one stage yields into the next, [`MapResume`] adapts what a coroutine takes.

use core::iter::FusedIterator;
use core::pin::Pin;

use crate::{Coroutine, CoroutineState, Status};

/// The iterator returned by [`CoroutineExt::feed`](crate::CoroutineExt::feed): resumes the
/// coroutine with each item of the input in turn and yields what it yields.
///
/// It ends when the coroutine completes (its return value is then kept, see
/// [`into_return`](Feed::into_return)) or when the input runs out (the coroutine stays
/// suspended where it was), whichever comes first, and stays ended: no input is taken after
/// that.
#[derive(Clone, Debug)]
pub struct Feed<G, I, T> {
    coroutine: G,
    input: I,
    returned: Option<T>,
    ended: bool,
}

impl<G, I, T> Feed<G, I, T> {
    pub(crate) fn new(coroutine: G, input: I) -> Self {
        Feed {
            coroutine,
            input,
            returned: None,
            ended: false,
        }
    }

    /// The coroutine's return value if it completed, `None` if the input ran out first (or
    /// nothing has been fed yet).
    pub fn into_return(self) -> Option<T> {
        self.returned
    }
}

impl<G, I, T> Iterator for Feed<G, I, T>
where
    I: Iterator,
    G: Coroutine<I::Item, Return = T> + Unpin,
{
    type Item = G::Yield;

    fn next(&mut self) -> Option<G::Yield> {
        if self.ended {
            return None;
        }
        let Some(item) = self.input.next() else {
            self.ended = true;
            return None;
        };
        match Pin::new(&mut self.coroutine).resume(item) {
            CoroutineState::Yielded(y) => Some(y),
            CoroutineState::Complete(t) => {
                self.returned = Some(t);
                self.ended = true;
                None
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.ended {
            (0, Some(0))
        } else {
            (0, self.input.size_hint().1)
        }
    }
}

impl<G, I, T> FusedIterator for Feed<G, I, T>
where
    I: Iterator,
    G: Coroutine<I::Item, Return = T> + Unpin,
{
}

/// The coroutine returned by [`CoroutineExt::pipe`](crate::CoroutineExt::pipe): two stages,
/// the yields of the first sent into the second.
#[derive(Clone, Debug)]
pub struct Pipe<A, B> {
    upstream: A,
    downstream: B,
    ended: bool,
}

impl<A, B> Pipe<A, B> {
    pub(crate) fn new(upstream: A, downstream: B) -> Self {
        Pipe {
            upstream,
            downstream,
            ended: false,
        }
    }

    /// The two stages, in order.
    pub fn into_inner(self) -> (A, B) {
        (self.upstream, self.downstream)
    }
}

/// Which stage of a [`Pipe`] completed it, with its return value.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum PipeEnd<U, D> {
    /// The first stage returned; the second is still suspended.
    Upstream(U),
    /// The second stage returned; the first is still suspended, and the value it yielded last
    /// was the second stage's last input.
    Downstream(D),
}

impl<A, B, R, M> Coroutine<R> for Pipe<A, B>
where
    A: Coroutine<R, Yield = Option<M>> + Unpin,
    B: Coroutine<M> + Unpin,
    B::Yield: Default,
{
    type Yield = B::Yield;
    type Return = PipeEnd<A::Return, B::Return>;

    fn resume(self: Pin<&mut Self>, arg: R) -> CoroutineState<Self::Yield, Self::Return> {
        let this = Pin::get_mut(self);
        if this.ended {
            crate::__private::resumed_after_completion();
        }
        let state = match Pin::new(&mut this.upstream).resume(arg) {
            CoroutineState::Yielded(Some(m)) => match Pin::new(&mut this.downstream).resume(m) {
                CoroutineState::Yielded(y) => CoroutineState::Yielded(y),
                CoroutineState::Complete(d) => CoroutineState::Complete(PipeEnd::Downstream(d)),
            },
            CoroutineState::Yielded(None) => CoroutineState::Yielded(B::Yield::default()),
            CoroutineState::Complete(u) => CoroutineState::Complete(PipeEnd::Upstream(u)),
        };
        this.ended = matches!(state, CoroutineState::Complete(_));
        state
    }

    fn status(&self) -> Option<Status> {
        if self.ended {
            Some(Status::Complete)
        } else {
            self.upstream.status()
        }
    }
}

/// The coroutine returned by [`CoroutineExt::map_resume`](crate::CoroutineExt::map_resume).
#[derive(Clone, Debug)]
pub struct MapResume<G, F> {
    inner: G,
    f: F,
}

impl<G, F> MapResume<G, F> {
    pub(crate) fn new(inner: G, f: F) -> Self {
        MapResume { inner, f }
    }
}

impl<G, F, S, R> Coroutine<S> for MapResume<G, F>
where
    G: Coroutine<R> + Unpin,
    F: FnMut(S) -> R,
{
    type Yield = G::Yield;
    type Return = G::Return;

    fn resume(self: Pin<&mut Self>, arg: S) -> CoroutineState<G::Yield, G::Return> {
        let this = Pin::get_mut(self);
        let arg = (this.f)(arg);
        Pin::new(&mut this.inner).resume(arg)
    }

    fn status(&self) -> Option<Status> {
        self.inner.status()
    }
}

impl<G: Unpin, F> Unpin for MapResume<G, F> {}
