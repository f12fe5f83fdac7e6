//! coro used from an edition-2021 crate: the tests live in `tests/`.
