//! Run-pass behaviour suite of coro: the tests live in `tests/`.
