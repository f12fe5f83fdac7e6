//! Composition of `send`-driven coroutines: `feed` (an iterator pushed into a coroutine),
//! `pipe` (the yields of one stage sent into the next) and `map_resume`.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};

use coro::prelude::*;
use coro::{Exit, PipeEnd, Resume, Status};

use common::{log, logged, panic_message, take_log};

/// Yields the running total of what it receives; returns the count at a negative value.
#[coro::coroutine(yield = i64)]
fn running_total(#[resume] first: i64) -> usize {
    let (mut total, mut count, mut x) = (0, 0, first);
    while x >= 0 {
        total += x;
        count += 1;
        x = yield_!(total);
    }
    count
}

#[test]
fn feed_resumes_once_per_item_the_first_binding_the_resume_parameter() {
    let mut fed = running_total().feed([5, 1, 10]);
    assert_eq!(fed.next(), Some(5));
    assert_eq!(fed.next(), Some(6));
    assert_eq!(fed.next(), Some(16));
    assert_eq!(fed.next(), None);
    // The input ran out first: the coroutine never returned.
    assert_eq!(fed.into_return(), None);
}

#[test]
fn feed_stops_taking_input_when_the_coroutine_completes() {
    let input = [1, 2, -1, 7, 8].into_iter().map(|x| logged("pulled", x));
    let mut fed = running_total().feed(input);
    assert_eq!(fed.by_ref().collect::<Vec<_>>(), [1, 3]);
    assert_eq!(take_log(), ["pulled", "pulled", "pulled"], "7 and 8 stay");
    // Fused: no more input is taken after the end.
    assert_eq!(fed.next(), None);
    assert!(take_log().is_empty());
    assert_eq!(fed.size_hint(), (0, Some(0)));
    assert_eq!(fed.into_return(), Some(2));
}

#[test]
fn feed_through_a_reference_leaves_the_coroutine_to_go_on_with() {
    let mut total = running_total();
    assert_eq!((&mut total).feed([1, 2]).collect::<Vec<_>>(), [1, 3]);
    assert_eq!(total.status(), Some(Status::Suspended));
    assert_eq!((&mut total).feed([4]).last(), Some(7));
    assert_eq!(total.send(-1), CoroutineState::Complete(3));
}

#[test]
fn feed_an_empty_input_runs_nothing() {
    #[coro::coroutine(yield = ())]
    fn noisy(#[resume] _first: u8) {
        log("started");
        yield_!(());
    }
    let mut g = noisy();
    assert_eq!((&mut g).feed([]).count(), 0);
    assert!(take_log().is_empty());
    assert_eq!(g.status(), Some(Status::NotStarted));
}

#[test]
fn feed_then_close_at_the_end_of_the_input() {
    // The end of the input as Python's `close()`: the coroutine returns its result then.
    #[coro::coroutine(yield = usize)]
    fn word_count(#[resume] first: Resume<&'static str, ()>) -> Result<usize, Exit<()>> {
        let mut words = 0;
        let mut next = first;
        loop {
            match next {
                Resume::Close => return Ok(words),
                other => words += other?.split_whitespace().count(),
            }
            next = yield_!(words);
        }
    }
    let mut counter = word_count();
    let text = ["one two", "three", "", "four five six"];
    let seen: Vec<usize> = (&mut counter).feed(text.map(Resume::Send)).collect();
    assert_eq!(seen, [2, 3, 3, 6]);
    assert_eq!(counter.close(), Some(Ok(6)));
}

/// Passes on the even values, returns at 0.
#[coro::coroutine(yield = Option<u32>)]
fn evens(#[resume] first: u32) -> &'static str {
    let mut x = first;
    while x != 0 {
        x = yield_!((x % 2 == 0).then_some(x));
    }
    "upstream done"
}

/// Passes on ten times what it receives.
#[coro::coroutine(yield = Option<u32>)]
fn times_ten(#[resume] first: u32) {
    let mut x = first;
    loop {
        x = yield_!(Some(x * 10));
    }
}

/// Receives values and logs them; returns their sum at the third one.
#[coro::coroutine(yield = ())]
fn sink(#[resume] first: u32) -> u32 {
    log(format!("sink {first}"));
    let second = yield_!(());
    log(format!("sink {second}"));
    let third = yield_!(());
    log(format!("sink {third}"));
    first + second + third
}

#[test]
fn pipe_sends_what_the_first_stage_passes_on_into_the_second() {
    let mut p = evens().pipe(times_ten());
    assert_eq!(
        p.send(1),
        CoroutineState::Yielded(None),
        "1 is filtered out"
    );
    assert_eq!(p.send(2), CoroutineState::Yielded(Some(20)));
    assert_eq!(p.send(3), CoroutineState::Yielded(None));
    assert_eq!(p.send(4), CoroutineState::Yielded(Some(40)));
    assert_eq!(p.status(), Some(Status::Suspended));
    assert_eq!(
        p.send(0),
        CoroutineState::Complete(PipeEnd::Upstream("upstream done"))
    );
    assert_eq!(p.status(), Some(Status::Complete));
}

#[test]
fn pipe_into_a_sink_yields_its_default_and_ends_when_the_sink_returns() {
    let mut p = evens().pipe(times_ten()).pipe(sink());
    let out: Vec<()> = (&mut p).feed([1, 2, 3, 4, 5]).collect();
    assert_eq!(out.len(), 5, "one yield per input, filtered or not");
    assert_eq!(take_log(), ["sink 20", "sink 40"]);
    assert_eq!(
        p.send(6),
        CoroutineState::Complete(PipeEnd::Downstream(120))
    );
    assert_eq!(take_log(), ["sink 60"]);
    // Resuming a finished pipe panics before any stage runs.
    let message = match catch_unwind(AssertUnwindSafe(|| p.send(8))) {
        Ok(_) => panic!("expected a panic"),
        Err(payload) => panic_message(&*payload),
    };
    assert_eq!(message, "coroutine resumed after completion");
    assert!(take_log().is_empty());
}

#[test]
fn pipes_chain_either_way_round() {
    let left: Vec<Option<u32>> = evens()
        .pipe(times_ten())
        .pipe(times_ten())
        .feed([2, 3, 6, 0])
        .collect();
    let right: Vec<Option<u32>> = evens()
        .pipe(times_ten().pipe(times_ten()))
        .feed([2, 3, 6, 0])
        .collect();
    assert_eq!(left, [Some(200), None, Some(600)]);
    assert_eq!(left, right);
}

#[test]
fn piping_references_keeps_the_stages() {
    let mut filter = evens();
    let mut last = sink();
    {
        let mut p = (&mut filter).pipe(&mut last);
        p.send(2);
        p.send(4);
        assert_eq!(
            p.send(0),
            CoroutineState::Complete(PipeEnd::Upstream("upstream done"))
        );
    }
    // The sink is still suspended, waiting for its third value: finish it by hand.
    assert_eq!(filter.status(), Some(Status::Complete));
    assert_eq!(last.status(), Some(Status::Suspended));
    assert_eq!(last.send(6), CoroutineState::Complete(12));
    assert_eq!(take_log(), ["sink 2", "sink 4", "sink 6"]);

    let (filter, last) = evens().pipe(sink()).into_inner();
    assert_eq!(filter.status(), Some(Status::NotStarted));
    assert_eq!(last.status(), Some(Status::NotStarted));
}

#[test]
fn closing_a_pipe_closes_its_first_stage() {
    // A pipe whose first stage takes `Resume` values can be thrown into and closed.
    #[coro::coroutine(yield = Option<u32>)]
    fn source(#[resume] first: Resume<u32, ()>) -> Result<&'static str, Exit<()>> {
        let mut x = first?;
        loop {
            match yield_!(Some(x)) {
                Resume::Close => return Ok("closed"),
                other => x = other?,
            }
        }
    }
    let mut p = source().pipe(times_ten());
    assert_eq!(p.send(Resume::Send(1)), CoroutineState::Yielded(Some(10)));
    assert_eq!(p.close(), Some(PipeEnd::Upstream(Ok("closed"))));

    let mut p = source().pipe(times_ten());
    p.send(Resume::Send(1));
    assert_eq!(
        p.throw(()),
        CoroutineState::Complete(PipeEnd::Upstream(Err(Exit::Thrown(()))))
    );
    assert_eq!(source().pipe(times_ten()).close(), None, "never started");
}

#[test]
fn map_resume_adapts_what_a_coroutine_takes() {
    let mut g = running_total().map_resume(|s: &str| s.len().try_into().unwrap_or(-1));
    assert_eq!(g.status(), Some(Status::NotStarted));
    assert_eq!(g.send("abc"), CoroutineState::Yielded(3));
    assert_eq!(g.send("de"), CoroutineState::Yielded(5));
    assert_eq!(g.status(), Some(Status::Suspended));

    // Plain values into a stage that takes `Resume` values, as the last stage of a pipe.
    #[coro::coroutine(yield = ())]
    fn collect(#[resume] first: Resume<u32, ()>) -> Result<Vec<u32>, Exit<()>> {
        let mut all = vec![];
        let mut next = first;
        loop {
            match next {
                Resume::Close => return Ok(all),
                other => all.push(other?),
            }
            next = yield_!(());
        }
    }
    let mut last = collect();
    let mut p = evens().pipe((&mut last).map_resume(Resume::Send));
    p.send(2);
    p.send(3);
    p.send(8);
    drop(p);
    assert_eq!(last.close(), Some(Ok(vec![2, 8])));
}
