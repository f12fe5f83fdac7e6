//! Python's `throw` and `close`: [`Resume`], the resume value of a coroutine that opts in,
//! [`Exit`], what `?` on it propagates, and [`ThrowExt`], the methods that send them.
//!
//! Python raises the thrown exception (or `GeneratorExit`, for `close`) at the `yield` the
//! generator is suspended at. Rust has no exceptions to raise, so the coroutine receives the
//! news as its resume value and decides: `yield_!(v)?` turns it into an early return, exactly
//! where Python's exception would propagate from, and a `match` on `yield_!(v)` catches it.

use core::convert::Infallible;
use core::fmt;
use core::ops::ControlFlow;
use core::pin::Pin;

use crate::{Coroutine, CoroutineState, Status};

/// The resume value of a coroutine that can be thrown into and closed: a value sent in, an
/// error thrown in, or the request to finish.
///
/// A coroutine opts in by taking `#[resume] first: Resume<R, E>`. Then `yield_!(v)` evaluates
/// to a `Resume<R, E>`, and `yield_!(v)?` to the `R` that was sent, while a thrown `E` or a
/// close completes the coroutine through `?` with [`Exit::Thrown`] or [`Exit::Closed`],
/// converted with `From` into the error type of its `Result` return type (declare
/// `-> Result<T, coro::Exit<E>>`, or use an error type of your own that implements
/// `From<Exit<E>>`).
///
/// ```
/// use coro::prelude::*;
/// use coro::{Exit, Resume};
///
/// #[coro::coroutine(yield = u32)]
/// fn total(#[resume] first: Resume<u32, &'static str>) -> Result<u32, Exit<&'static str>> {
///     let mut sum = first?;
///     loop {
///         match yield_!(sum) {
///             // Caught: Python's `except GeneratorExit: return sum`.
///             Resume::Close => return Ok(sum),
///             // A value is added; a thrown error is not caught and propagates.
///             other => sum += other?,
///         }
///     }
/// }
///
/// let mut t = total();
/// assert_eq!(t.send(Resume::Send(2)), CoroutineState::Yielded(2));
/// assert_eq!(t.send(3.into()), CoroutineState::Yielded(5));
/// assert_eq!(t.close(), Some(Ok(5)));
///
/// let mut t = total();
/// t.send(2.into());
/// assert_eq!(t.throw("bad input"), CoroutineState::Complete(Err(Exit::Thrown("bad input"))));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Hash)]
pub enum Resume<R, E> {
    /// A value sent in: Python's `send(value)` (or `next()`, for `R = ()`).
    Send(R),
    /// An error thrown in: Python's `throw(error)`.
    Throw(E),
    /// The request to finish: Python's `close()`, which raises `GeneratorExit`.
    Close,
}

impl<R, E> Resume<R, E> {
    /// The value sent in, or why there is none.
    ///
    /// ```
    /// use coro::{Exit, Resume};
    ///
    /// assert_eq!(Resume::<u8, ()>::Send(1).into_result(), Ok(1));
    /// assert_eq!(Resume::<u8, ()>::Close.into_result(), Err(Exit::Closed));
    /// ```
    pub fn into_result(self) -> Result<R, Exit<E>> {
        match self {
            Resume::Send(r) => Ok(r),
            Resume::Throw(e) => Err(Exit::Thrown(e)),
            Resume::Close => Err(Exit::Closed),
        }
    }
}

/// A value is sent: `coroutine.send(value.into())`.
impl<R, E> From<R> for Resume<R, E> {
    fn from(value: R) -> Self {
        Resume::Send(value)
    }
}

/// Why a coroutine that takes [`Resume`] values was made to stop: what `?` on a [`Resume`]
/// propagates.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Hash)]
pub enum Exit<E> {
    /// An error was thrown in with [`ThrowExt::throw`].
    Thrown(E),
    /// The coroutine was closed with [`ThrowExt::close`]: Python's `GeneratorExit`.
    Closed,
}

impl<E: fmt::Display> fmt::Display for Exit<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exit::Thrown(e) => write!(f, "thrown into the coroutine: {e}"),
            Exit::Closed => f.write_str("the coroutine was closed"),
        }
    }
}

impl<E: core::error::Error + 'static> core::error::Error for Exit<E> {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Exit::Thrown(e) => Some(e),
            Exit::Closed => None,
        }
    }
}

/// `yield_!(v)?`: the value sent, or an early return with the [`Exit`], converted with `From`
/// like the error of a `Result`.
impl<R, E> crate::__private::Try for Resume<R, E> {
    type Output = R;
    type Residual = Result<Infallible, Exit<E>>;

    #[inline]
    fn branch(self) -> ControlFlow<Result<Infallible, Exit<E>>, R> {
        match self {
            Resume::Send(r) => ControlFlow::Continue(r),
            Resume::Throw(e) => ControlFlow::Break(Err(Exit::Thrown(e))),
            Resume::Close => ControlFlow::Break(Err(Exit::Closed)),
        }
    }
}

/// Python's `throw` and `close`, for every coroutine whose resume value is a [`Resume`].
///
/// None of the names clash with [`Iterator`]'s.
pub trait ThrowExt<R, E>: Coroutine<Resume<R, E>> {
    /// Resumes the coroutine with [`Resume::Throw`]: Python's `generator.throw(error)`.
    ///
    /// The coroutine receives the error where it is suspended; `?` there propagates it to the
    /// coroutine's return value, a `match` may handle it and carry on. A coroutine that has
    /// not started receives it as its `#[resume]` parameter: a body that begins with
    /// `first?` behaves as Python does, where the exception is raised before the first line
    /// runs. Throwing into a finished coroutine panics, like any resumption of one (Python
    /// raises the thrown exception again).
    ///
    /// ```
    /// use coro::prelude::*;
    /// use coro::{Exit, Resume};
    ///
    /// #[coro::coroutine(yield = &'static str)]
    /// fn retry(#[resume] _first: Resume<(), u32>) -> Result<(), Exit<u32>> {
    ///     loop {
    ///         match yield_!("ready") {
    ///             Resume::Throw(code) if code < 500 => yield_!("retrying")?,
    ///             other => other?,
    ///         }
    ///     }
    /// }
    ///
    /// let mut r = retry();
    /// assert_eq!(r.send(().into()), CoroutineState::Yielded("ready"));
    /// assert_eq!(r.throw(404), CoroutineState::Yielded("retrying"));
    /// assert_eq!(r.send(().into()), CoroutineState::Yielded("ready"));
    /// assert_eq!(r.throw(503), CoroutineState::Complete(Err(Exit::Thrown(503))));
    /// ```
    fn throw(&mut self, error: E) -> CoroutineState<Self::Yield, Self::Return>
    where
        Self: Unpin,
    {
        Pin::new(self).resume(Resume::Throw(error))
    }

    /// Finishes the coroutine: Python's `generator.close()`, with Python 3.13's return value.
    ///
    /// - Not started, or already finished (complete or poisoned): nothing runs and `close`
    ///   returns `None`, as Python's `close` returns `None` there.
    /// - Suspended: the coroutine is resumed with [`Resume::Close`]. If it completes, `close`
    ///   returns `Some` of its return value: the value of a `return` that handles the close
    ///   (Python 3.13 returns it too), or the `Err(Exit::Closed)` that `?` propagated (Python
    ///   swallows that `GeneratorExit` and returns `None`).
    /// - If it yields instead, `close` panics with `coroutine ignored close`: Python raises
    ///   `RuntimeError("generator ignored GeneratorExit")`.
    ///
    /// `close` consumes the coroutine, and dropping it drops what it kept (Python's `close`
    /// clears the frame). To keep the finished coroutine, close it through a reference:
    /// `(&mut coroutine).close()`. A coroutine whose [`status`](Coroutine::status) is
    /// unknown (`None`: a hand-written one that does not report it) is taken to be suspended.
    ///
    /// ```
    /// use coro::prelude::*;
    /// use coro::{Exit, Resume};
    ///
    /// #[coro::coroutine(yield = ())]
    /// fn lines(#[resume] first: Resume<&'static str, ()>) -> Result<usize, Exit<()>> {
    ///     let mut count = 0;
    ///     let mut next = first;
    ///     loop {
    ///         match next {
    ///             Resume::Close => return Ok(count),
    ///             other => {
    ///                 other?;
    ///                 count += 1;
    ///             }
    ///         }
    ///         next = yield_!();
    ///     }
    /// }
    ///
    /// assert_eq!(lines().close(), None); // never started: nothing runs
    ///
    /// let mut l = lines();
    /// l.send("a".into());
    /// l.send("b".into());
    /// assert_eq!(l.close(), Some(Ok(2)));
    /// ```
    fn close(mut self) -> Option<Self::Return>
    where
        Self: Sized + Unpin,
    {
        match self.status() {
            Some(Status::NotStarted | Status::Complete | Status::Poisoned) => None,
            Some(Status::Suspended) | None => match Pin::new(&mut self).resume(Resume::Close) {
                CoroutineState::Complete(t) => Some(t),
                CoroutineState::Yielded(_) => ignored_close(),
            },
        }
    }
}

impl<G: ?Sized + Coroutine<Resume<R, E>>, R, E> ThrowExt<R, E> for G {}

/// The panic of a coroutine that yielded when it was closed.
#[cold]
#[inline(never)]
#[track_caller]
fn ignored_close() -> ! {
    panic!("coroutine ignored close: it yielded instead of completing")
}
