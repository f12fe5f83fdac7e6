//! A pipeline of `send`-driven coroutines, in the style of David Beazley's "follow | grep |
//! print" from his generator talks: a source pushes lines through a filter and a numbering
//! stage into a sink, and closing the sink at the end of the input returns what it counted.
//!
//! ```sh
//! cargo run -p coro --example pipeline                  # greps the built-in text for "python"
//! cargo run -p coro --example pipeline -- snake FILE    # greps FILE for "snake"
//! ```

use std::convert::Infallible;

use coro::prelude::*;
use coro::{Exit, Resume};

const TEXT: &str = "\
The python is a large snake.
Pythons are not venomous.
A grass snake swims well.
Most python species live in Africa and Asia.
The reticulated python is the longest snake.
";

/// The source: every line of the text (Beazley's `follow`, without the waiting for more).
#[coro::coroutine(yield = String)]
fn follow(text: &str) {
    for line in text.lines() {
        yield_!(line.to_owned());
    }
}

/// The filter: passes on the lines that contain `pattern`, and nothing for the others.
#[coro::coroutine(yield = Option<String>)]
fn grep(pattern: String, #[resume] first: String) {
    let mut line = first;
    loop {
        let matches = line.contains(pattern.as_str());
        line = yield_!(matches.then_some(line));
    }
}

/// A stage that passes on every line, numbered.
#[coro::coroutine(yield = Option<String>)]
fn number(#[resume] first: String) {
    let (mut line, mut n) = (first, 1);
    loop {
        line = yield_!(Some(format!("{n:>3}  {line}")));
        n += 1;
    }
}

/// The sink: prints what it receives. It can be closed (it takes `Resume` values), and closing
/// it returns how many lines it printed: Python's `except GeneratorExit: return printed`.
#[coro::coroutine(yield = ())]
fn printer(#[resume] first: Resume<String, Infallible>) -> Result<usize, Exit<Infallible>> {
    let mut printed = 0;
    let mut next = first;
    loop {
        match next {
            Resume::Close => return Ok(printed),
            line => {
                println!("{}", line?);
                printed += 1;
            }
        }
        next = yield_!(());
    }
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let pattern = args.next().unwrap_or_else(|| "python".to_owned());
    let text = match args.next() {
        Some(path) => std::fs::read_to_string(path)?,
        None => TEXT.to_owned(),
    };

    // The sink stays with us so that we can close it; the pipe borrows it. `map_resume` lets it
    // receive plain lines as `Resume::Send`.
    let mut sink = printer();
    let pipeline = grep(pattern)
        .pipe(number())
        .pipe((&mut sink).map_resume(Resume::Send));
    // The source pushes each line in: one resume of the pipeline per line.
    pipeline.feed(follow(&text)).for_each(drop);

    // The end of the input: close the sink and get its count. A sink that never received a
    // line never started, and closing it runs nothing.
    let printed = match sink.close() {
        Some(Ok(printed)) => printed,
        None => 0,
        Some(Err(exit)) => unreachable!("the printer returns when it is closed: {exit:?}"),
    };
    println!("{printed} matching lines");
    Ok(())
}
