//! A long computation that saves itself and resumes in a later run of the program.
//!
//! ```sh
//! # Run 300000 steps, save the suspended search to search.json and exit:
//! cargo run -p coro --features serde --example checkpoint -- start search.json 300000
//! # Read search.json, run the search to its end and print the result:
//! cargo run -p coro --features serde --example checkpoint -- resume search.json
//! # The same search without a pause:
//! cargo run -p coro --features serde --example checkpoint
//! ```
//!
//! The search is a `serde` coroutine: it yields after each number it examines, and at any of
//! those points it can be serialized (here to JSON) with everything it keeps, and restored from
//! the file by `longest_collatz_restore()`, which checks that the file was saved by the same
//! source before it resumes.

use std::error::Error;
use std::pin::Pin;

use coro::{Coroutine, CoroutineState};

/// Numbers below this are searched.
const LIMIT: u64 = 1_000_000;

/// The start below `limit` whose Collatz sequence (`n / 2` if even, `3n + 1` if odd, until 1)
/// is the longest, with its length. Yields the number of steps taken so far after each start it
/// examines, so that a caller can stop it anywhere.
#[coro::coroutine(yield = u64, serde)]
fn longest_collatz(limit: u64) -> (u64, u32) {
    let (mut best, mut best_len) = (1, 1);
    let mut start = 1;
    let mut steps = 0;
    while start < limit {
        let (mut n, mut len) = (start, 1);
        while n != 1 {
            n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
            len += 1;
        }
        if len > best_len {
            (best, best_len) = (start, len);
        }
        start += 1;
        steps += 1;
        yield_!(steps);
    }
    (best, best_len)
}

/// The search as its own type says it: `Yielded(steps)` until `Complete(result)`.
type Search = dyn Coroutine<Yield = u64, Return = (u64, u32)> + Unpin;

/// Resumes the search `steps` times at most; its result if it finished.
fn advance(search: &mut Search, steps: u64) -> Option<(u64, u32)> {
    for _ in 0..steps {
        if let CoroutineState::Complete(result) = Pin::new(&mut *search).resume(()) {
            return Some(result);
        }
    }
    None
}

/// Runs the search to its end.
fn finish(search: &mut Search) -> (u64, u32) {
    loop {
        if let Some(result) = advance(search, u64::MAX) {
            return result;
        }
    }
}

/// Runs `steps` steps of a new search below `limit` and saves it to `path`; the result if it
/// finished first.
fn start(path: &str, limit: u64, steps: u64) -> Result<Option<(u64, u32)>, Box<dyn Error>> {
    let mut search = longest_collatz(limit);
    if let Some(result) = advance(&mut search, steps) {
        return Ok(Some(result));
    }
    std::fs::write(path, serde_json::to_string(&search)?)?;
    Ok(None)
}

/// Restores the search saved in `path` and runs it to its end.
fn resume(path: &str) -> Result<(u64, u32), Box<dyn Error>> {
    let json = std::fs::read_to_string(path)?;
    let mut search =
        longest_collatz_restore().deserialize(&mut serde_json::Deserializer::from_str(&json))?;
    Ok(finish(&mut search))
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (best, len) = match args[..] {
        ["start", path, steps] => match start(path, LIMIT, steps.parse()?)? {
            Some(result) => result,
            None => {
                println!("saved after {steps} steps to {path}; `resume {path}` continues");
                return Ok(());
            }
        },
        ["resume", path] => resume(path)?,
        [] => finish(&mut longest_collatz(LIMIT)),
        _ => return Err("usage: checkpoint [start PATH STEPS | resume PATH]".into()),
    };
    println!("below {LIMIT}, {best} has the longest Collatz sequence: {len} numbers");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two runs of the program, with a file between them, find what one run finds.
    #[test]
    fn the_resumed_search_finds_what_an_uninterrupted_one_finds() {
        let path =
            std::env::temp_dir().join(format!("coro-checkpoint-{}.json", std::process::id()));
        let path = path.to_str().unwrap();
        let limit = 10_000;
        let uninterrupted = finish(&mut longest_collatz(limit));
        assert_eq!(uninterrupted, (6171, 262));
        for steps in [1, 1234, 6171, limit - 2] {
            assert_eq!(start(path, limit, steps).unwrap(), None);
            assert_eq!(
                resume(path).unwrap(),
                uninterrupted,
                "saved after {steps} steps"
            );
        }
        assert_eq!(start(path, limit, limit).unwrap(), Some(uninterrupted));
        std::fs::remove_file(path).unwrap();
    }
}
