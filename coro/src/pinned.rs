//! The only `unsafe` of coro: pin projection for async coroutines, whose state holds the futures
//! they await. Synchronous coroutines never come here.
//!
//! The invariant the generated code keeps: a future stored in the state (an `Option<F>` field
//! of an await variant) is polled only through [`poll_slot`], which sets the slot to `None`
//! (dropping the future in place) when it is ready, and the state is moved ([`take_state`]) only
//! while no slot holds a future. So a future is never moved after it was first polled.
//!
//! A state resumed in place ([`guard_pinned`]) has, besides the kept locals, an await slot for
//! every `.await` of the code it resumes into. The generated code reads and writes the kept
//! locals through the guard, stores a future only through [`poll_in_slot`] (which pins it where
//! it lies and empties the slot when the future is ready) and polls a pending one again only
//! through [`poll_slot`]; it takes the state out of the guard only while every slot is empty.
#![allow(unsafe_code)]

use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use crate::__private::{CoroState, Location, PoisonGuard};
use crate::CoroutineState;
use crate::asynchronous::AsyncCoroutine;

/// An async coroutine made of a state enum and the resume function the macro generated.
pub struct AsyncFromFn<S, F> {
    state: S,
    resume: F,
}

/// Builds the async coroutine from its initial state and its resume function.
#[inline]
pub fn async_from_fn<S, F, R, Y, T>(state: S, resume: F) -> AsyncFromFn<S, F>
where
    F: FnMut(Pin<&mut S>, &mut Context<'_>, &mut Option<R>) -> Poll<CoroutineState<Y, T>>,
{
    AsyncFromFn { state, resume }
}

impl<S, F> AsyncFromFn<S, F> {
    fn project(self: Pin<&mut Self>) -> (Pin<&mut S>, &mut F) {
        // SAFETY: `state` is structurally pinned (never moved out of a pinned `AsyncFromFn`:
        // there is no `Drop` impl, no `Unpin` impl beyond the auto trait, and no method hands it
        // out unpinned); `resume` is not pinned and only called through `&mut`.
        unsafe {
            let this = self.get_unchecked_mut();
            (Pin::new_unchecked(&mut this.state), &mut this.resume)
        }
    }
}

impl<S, F, R, Y, T> AsyncCoroutine<R> for AsyncFromFn<S, F>
where
    S: CoroState,
    F: FnMut(Pin<&mut S>, &mut Context<'_>, &mut Option<R>) -> Poll<CoroutineState<Y, T>>,
{
    type Yield = Y;
    type Return = T;

    #[inline]
    fn poll_resume(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        arg: &mut Option<R>,
    ) -> Poll<CoroutineState<Y, T>> {
        let (mut state, resume) = self.project();
        match resume(state.as_mut(), cx, arg) {
            // The resume function found the state `Done`.
            Poll::Pending if state.location() == Location::Complete => {
                crate::__private::resumed_after_completion()
            }
            polled => polled,
        }
    }
}

#[cfg(feature = "futures")]
impl<S, F, Y> futures_core::Stream for AsyncFromFn<S, F>
where
    S: CoroState,
    F: FnMut(Pin<&mut S>, &mut Context<'_>, &mut Option<()>) -> Poll<CoroutineState<Y, ()>>,
{
    type Item = Y;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Y>> {
        let (mut state, resume) = self.project();
        match resume(state.as_mut(), cx, &mut Some(())) {
            // Fused: the resume function found the state `Done`.
            Poll::Pending if state.location() == Location::Complete => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
            Poll::Ready(CoroutineState::Yielded(y)) => Poll::Ready(Some(y)),
            Poll::Ready(CoroutineState::Complete(())) => Poll::Ready(None),
        }
    }
}

#[cfg(feature = "futures")]
impl<S, F, Y> futures_core::FusedStream for AsyncFromFn<S, F>
where
    S: CoroState,
    F: FnMut(Pin<&mut S>, &mut Context<'_>, &mut Option<()>) -> Poll<CoroutineState<Y, ()>>,
{
    fn is_terminated(&self) -> bool {
        self.state.location() == Location::Complete
    }
}

impl<S: CoroState, F> fmt::Debug for AsyncFromFn<S, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::__private::describe(&self.state, f)
    }
}

#[cfg(feature = "futures")]
impl<S> crate::FromStream<S> {
    /// The pinned stream and the unpinned flag.
    pub(crate) fn project(self: Pin<&mut Self>) -> (Pin<&mut S>, &mut bool) {
        // SAFETY: `stream` is structurally pinned (never moved out of a pinned `FromStream`,
        // which has no `Drop` impl and no `Unpin` impl beyond the auto trait); `done` is not.
        unsafe {
            let this = self.get_unchecked_mut();
            (Pin::new_unchecked(&mut this.stream), &mut this.done)
        }
    }
}

#[cfg(feature = "futures")]
impl<G> crate::TryStream<G> {
    /// The pinned coroutine and the unpinned flag.
    pub(crate) fn project(self: Pin<&mut Self>) -> (Pin<&mut G>, &mut bool) {
        // SAFETY: `inner` is structurally pinned (never moved out of a pinned `TryStream`, which
        // has no `Drop` impl and no `Unpin` impl beyond the auto trait); `done` is not pinned.
        unsafe {
            let this = self.get_unchecked_mut();
            (Pin::new_unchecked(&mut this.inner), &mut this.done)
        }
    }
}

/// Poisons the state if a panic unwinds out of a future's `poll`.
struct PoisonOnUnwind<S: CoroState> {
    state: *mut S,
    armed: bool,
}

impl<S: CoroState> Drop for PoisonOnUnwind<S> {
    fn drop(&mut self) {
        if self.armed {
            // SAFETY: `state` points to the pinned state, alive for the whole poll; the panicking
            // `poll` has returned (unwound), so nothing borrows it any more. Assigning drops the
            // old state, future included, in place, which pinning allows.
            unsafe { *self.state = S::poisoned() }
        }
    }
}

/// Polls the future in the slot `project` picks out of the state, if it picks one; when the
/// future is ready, drops it in place (the slot becomes `None`) and returns its output. A panic
/// in the future's `poll` poisons the coroutine, as a panic in its own code does.
#[inline]
pub fn poll_slot<S: CoroState, Fut: Future>(
    state: Pin<&mut S>,
    cx: &mut Context<'_>,
    project: impl FnOnce(&mut S) -> Option<&mut Option<Fut>>,
) -> Option<Poll<Fut::Output>> {
    // SAFETY: `project` (generated code) only selects a field of the current variant; the slot
    // is structurally pinned (see the module docs), so pinning it is sound, and it is emptied
    // through `Pin::set` before anything can move the state.
    unsafe {
        let state: *mut S = state.get_unchecked_mut();
        let slot = project(&mut *state)?;
        let mut slot = Pin::new_unchecked(slot);
        let future = slot.as_mut().as_pin_mut()?;
        let mut guard = PoisonOnUnwind { state, armed: true };
        let polled = future.poll(cx);
        guard.armed = false;
        Some(match polled {
            Poll::Pending => Poll::Pending,
            Poll::Ready(out) => {
                slot.set(None);
                Poll::Ready(out)
            }
        })
    }
}

/// Moves the state out, leaving `with`. Generated code calls it only while no await slot holds
/// a future, so nothing pinned moves.
#[inline]
pub fn take_state<S>(state: Pin<&mut S>, with: S) -> S {
    // SAFETY: see above: no field that was ever pinned holds a value at this point.
    unsafe { core::mem::replace(state.get_unchecked_mut(), with) }
}

/// Arms a poison guard over a pinned state that is resumed in place: the kept locals are used
/// through it, its await slots only through [`poll_in_slot`] and [`poll_slot`].
#[inline]
#[must_use]
pub fn guard_pinned<S: CoroState>(state: Pin<&mut S>) -> PoisonGuard<'_, S> {
    // SAFETY: the only structurally pinned fields of a state are its await slots. The generated
    // code that holds the guard stores a future in a slot only through `poll_in_slot`, which
    // pins it in place and drops it in place, and moves the state out of the guard
    // (`PoisonGuard::take`) only while every slot is empty; the guard's other writes
    // (`complete`, the poisoning on unwind) assign the whole state, dropping the old one,
    // futures included, in place, which pinning allows.
    PoisonGuard::new(unsafe { state.get_unchecked_mut() })
}

/// Stores `future` in the empty await slot that `project` picks out of a state resumed in place
/// and polls it there. When it is ready, drops it in place (the slot is empty again) and
/// returns its output; when it is pending, it stays in the slot, pinned, until the state's
/// resume function polls it again with [`poll_slot`]. A panic in its `poll` poisons the
/// coroutine through the guard, which is armed while user code runs.
#[inline]
pub fn poll_in_slot<S: CoroState, Fut: Future>(
    guard: &mut PoisonGuard<'_, S>,
    project: impl FnOnce(&mut S) -> Option<&mut Option<Fut>>,
    future: Fut,
    cx: &mut Context<'_>,
) -> Poll<Fut::Output> {
    let Some(slot) = project(guard.state()) else {
        unreachable!("an await slot of the state resumed in place")
    };
    // SAFETY: `project` (generated code) selects an await slot of the pinned state the guard
    // was armed over (see `guard_pinned`); such a slot is structurally pinned, empty here, and
    // only ever emptied through the pin, so the future is polled where it stays until dropped.
    let mut slot = unsafe { Pin::new_unchecked(slot) };
    slot.set(Some(future));
    let polled = match slot.as_mut().as_pin_mut() {
        Some(future) => future.poll(cx),
        None => unreachable!("the future was just stored"),
    };
    if polled.is_ready() {
        slot.set(None);
    }
    polled
}
