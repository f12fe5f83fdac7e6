//! Which suspension points resume in place (DESIGN.md §2.6).
//!
//! Only points that keep an array are candidates: for a few words, moving the kept locals out
//! and back is free after optimisation, and measured faster than in place through delegation
//! chains (the poison guard's unwind path blocks the flattening).
//!
//! Normally a resume moves the kept locals out of the state and a suspension moves them back:
//! free for a few words, a memcpy of the whole state for a large buffer. A suspension point `k`
//! instead resumes *in place* when its resumption is a loop that comes back to `k`: the kept
//! locals stay in the state's fields and the code reads and writes them through references, as
//! rustc's own coroutines do.
//!
//! That is only sound for a kept local that the code can never move out of the state: its type
//! is certainly plain `Copy` data (a literal, an array of them, a primitive parameter), or every
//! mention of it borrows, indexes, assigns or compares it. A local mentioned inside a macro's
//! arguments (which are not rewritten) or declared again inside the loop disqualifies the point.
//! Code that leaves the loop (returning, or suspending elsewhere) takes the locals out of the
//! state first and carries on as usual. A panic in between still poisons the coroutine, through
//! a guard.

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::liveness::Analysis;
use crate::ir::{BlockId, BlockKind, Cfg, Set, Stmt, Term};

/// The code a suspension point resumes into, up to the next suspension points.
pub(crate) struct Region {
    /// The block the suspension point resumes in.
    pub(crate) resume: BlockId,
    /// The kept locals, used in place.
    pub(crate) kept: Set,
    /// Every block reachable from `resume` without passing a suspension point.
    pub(crate) blocks: BTreeSet<BlockId>,
}

/// The suspension points that resume in place, by index.
pub(crate) fn find_in_place(
    cfg: &Cfg,
    an: &Analysis,
    moves: &Set,
    opaque: &Set,
) -> BTreeMap<usize, Region> {
    let mut out = BTreeMap::new();
    for (resume, block) in cfg.blocks.iter().enumerate() {
        let BlockKind::Resume(k) = block.kind else {
            continue;
        };
        if block.preds == 0 {
            continue;
        }
        let kept = an.carried[resume].clone();
        // Moving a few words out and back costs nothing after optimisation, while the poison
        // guard of an in-place arm keeps the optimiser from flattening delegation chains: only
        // a kept array is worth it.
        if !kept.iter().any(|&id| cfg.bindings[id].array) {
            continue;
        }
        let blocks = region(cfg, resume);
        let loops_back = blocks
            .iter()
            .any(|&b| matches!(cfg.blocks[b].term, Term::Yield { resume: r, .. } if r == resume));
        if !loops_back {
            continue;
        }
        let redeclared = blocks.iter().any(|&b| {
            let bb = &cfg.blocks[b];
            bb.params.iter().any(|p| kept.contains(p))
                || bb.stmts.iter().any(|s| match s {
                    Stmt::Let { declares, .. } => declares.iter().any(|d| kept.contains(d)),
                    _ => false,
                })
        });
        let usable = kept.iter().all(|&id| {
            let b = &cfg.bindings[id];
            (b.copy || !moves.contains(&id)) && !opaque.contains(&id) && b.deferred.is_none()
        });
        // A join on the way back to the suspension point that needs values besides the kept
        // ones would leave the state on every iteration: no gain.
        let looping = loop_blocks(cfg, &blocks, resume);
        let joins_stay = looping.iter().all(|&b| {
            let bb = &cfg.blocks[b];
            b == resume || bb.preds < 2 || (bb.params.is_empty() && an.carried[b].is_subset(&kept))
        });
        if usable && !redeclared && joins_stay {
            out.insert(
                k,
                Region {
                    resume,
                    kept,
                    blocks,
                },
            );
        }
    }
    out
}

/// The blocks of `region` from which control can come back to `resume`'s suspension point.
fn loop_blocks(cfg: &Cfg, region: &BTreeSet<BlockId>, resume: BlockId) -> BTreeSet<BlockId> {
    let mut out: BTreeSet<BlockId> = region
        .iter()
        .copied()
        .filter(|&b| matches!(cfg.blocks[b].term, Term::Yield { resume: r, .. } if r == resume))
        .collect();
    let mut changed = true;
    while changed {
        changed = false;
        for &b in region {
            if !out.contains(&b) && cfg.successors(b).iter().any(|s| out.contains(s)) {
                out.insert(b);
                changed = true;
            }
        }
    }
    out
}

/// The blocks reachable from `start` without passing a suspension point.
fn region(cfg: &Cfg, start: BlockId) -> BTreeSet<BlockId> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![start];
    while let Some(b) = stack.pop() {
        if !seen.insert(b) {
            continue;
        }
        if matches!(cfg.blocks[b].term, Term::Yield { .. }) {
            // Its statements run in the region; the resumption does not.
            stack.extend(
                cfg.successors(b)
                    .into_iter()
                    .filter(|&s| !matches!(cfg.blocks[s].kind, BlockKind::Resume(_))),
            );
            continue;
        }
        stack.extend(cfg.successors(b));
    }
    seen
}
