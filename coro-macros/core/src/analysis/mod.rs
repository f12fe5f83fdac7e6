//! Analysis of the graph: which bindings each block needs on entry, and so which locals each
//! suspension point keeps.

pub(crate) mod borrows;
pub(crate) mod in_place;
pub(crate) mod liveness;
