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
//!
//! In an `async fn` the state sits behind the pinned pointer of whoever polls it, so the moves
//! out and back are stores that stay, whatever the size of the kept locals: there every `yield_!`
//! whose resumption loops back is a candidate. Its region then runs through the `.await`s on the
//! way: each gets a slot in the suspension point's own variant, where its future is stored and
//! polled in place; a ready future lets the code carry on in place, a pending one suspends with
//! the future in that slot, and the next poll polls it there and resumes after the `.await`.

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::liveness::Analysis;
use crate::ir::{BlockId, BlockKind, Cfg, Set, Stmt, Term};

/// The code a suspension point resumes into, up to the next suspension points.
pub(crate) struct Region {
    /// The block the suspension point resumes in.
    pub(crate) resume: BlockId,
    /// The kept locals, used in place.
    pub(crate) kept: Set,
    /// Every block reachable from `resume` without passing a suspension point (other than an
    /// `.await` that is passed in place).
    pub(crate) blocks: BTreeSet<BlockId>,
    /// The `.await`s passed in place, by the block they resume in: the index of their own
    /// suspension point, which names their slot in this point's variant.
    pub(crate) awaits: BTreeMap<BlockId, usize>,
}

/// The suspension points that resume in place, by index.
pub(crate) fn find_in_place(
    cfg: &Cfg,
    an: &Analysis,
    moves: &Set,
    opaque: &Set,
    is_async: bool,
) -> BTreeMap<usize, Region> {
    let mut out = BTreeMap::new();
    // The resume blocks of `.await`s.
    let awaited: BTreeSet<BlockId> = cfg
        .blocks
        .iter()
        .filter_map(|b| match b.term {
            Term::Yield {
                resume,
                awaits: true,
                ..
            } => Some(resume),
            _ => None,
        })
        .collect();
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
        // a kept array is worth it. A pinned state is behind a pointer: the moves stay.
        if !is_async && !kept.iter().any(|&id| cfg.bindings[id].array) {
            continue;
        }
        // The `.await`s are passed, not resumed from.
        if awaited.contains(&resume) {
            continue;
        }
        let blocks = region(cfg, resume, &awaited);
        // Each `.await` on the way resumes in place when the code after it needs no local
        // besides the kept ones, and the kept ones it does not need can stay in the state.
        let mut awaits = BTreeMap::new();
        let mut all_in_place = true;
        for &b in blocks.intersection(&awaited) {
            let BlockKind::Resume(j) = cfg.blocks[b].kind else {
                continue;
            };
            let carried = &an.carried[b];
            if carried.is_subset(&kept) && kept.difference(carried).all(|&id| cfg.bindings[id].copy)
            {
                awaits.insert(b, j);
            } else {
                all_in_place = false;
            }
        }
        if !all_in_place {
            continue;
        }
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
                    awaits,
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

/// The blocks reachable from `start` without passing a suspension point other than an
/// `.await` (whose resume block is in `awaited`).
fn region(cfg: &Cfg, start: BlockId, awaited: &BTreeSet<BlockId>) -> BTreeSet<BlockId> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![start];
    while let Some(b) = stack.pop() {
        if !seen.insert(b) {
            continue;
        }
        if matches!(cfg.blocks[b].term, Term::Yield { .. }) {
            // Its statements run in the region; the resumption does not.
            stack.extend(cfg.successors(b).into_iter().filter(|&s| {
                awaited.contains(&s) || !matches!(cfg.blocks[s].kind, BlockKind::Resume(_))
            }));
            continue;
        }
        stack.extend(cfg.successors(b));
    }
    seen
}
