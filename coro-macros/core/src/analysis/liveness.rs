//! Which locals a suspension point keeps (SPEC "State and drops").
//!
//! A binding is carried into a block when it is in scope there and either
//! - **live**: some path from the block's start mentions it before assigning it as a whole, and
//!   it is definitely initialised; or
//! - **clean**: on every path to the block it was initialised and not mentioned since (apart
//!   from whole assignments), so nothing can have moved it: an RAII guard stays held until its
//!   scope ends, as in plain Rust.
//!
//! Everything else still initialised is dropped where control leaves the block's predecessor: at
//! a suspension point, that is the one documented difference from rustc, which would drop it at
//! the end of its scope.
//!
//! Liveness is the usual backward dataflow; "definitely initialised" and "clean" are forward
//! must-analyses (intersection at joins), both cut to the bindings in scope.

use std::collections::BTreeSet;

use crate::ir::{BlockId, Cfg, Else, Set, Stmt, Term};

/// The result: per block, the bindings carried in besides its parameters.
pub(crate) struct Analysis {
    pub(crate) carried: Vec<Set>,
    pub(crate) live_in: Vec<Set>,
    init_in: Vec<Set>,
    clean_in: Vec<Set>,
}

impl Analysis {
    /// The bindings still needed after statement `i` of block `b`: live (and initialised) or
    /// clean there.
    pub(crate) fn needed_after(&self, cfg: &Cfg, b: BlockId, i: usize) -> Set {
        let mut live = Set::new();
        for s in term_successors(cfg, b) {
            let params: Set = cfg.blocks[s].params.iter().copied().collect();
            live.extend(self.live_in[s].difference(&params).copied());
        }
        live.extend(term_uses(cfg, b));
        let stmts = &cfg.blocks[b].stmts;
        for stmt in stmts[i + 1..].iter().rev() {
            live_before(cfg, stmt, &mut live, &self.live_in);
        }
        let mut init = self.init_in[b].clone();
        let mut clean = self.clean_in[b].clone();
        for stmt in &stmts[..=i] {
            let (uses, defs) = stmt_uses(stmt);
            for u in &uses {
                clean.remove(u);
            }
            init.extend(defs.iter().copied());
            clean.extend(defs);
        }
        let mut out: Set = live.intersection(&init).copied().collect();
        out.extend(clean);
        out
    }

    /// The bindings a branch into block `b` needs.
    pub(crate) fn needed_in(&self, b: BlockId) -> Set {
        let mut out: Set = self.live_in[b]
            .intersection(&self.init_in[b])
            .copied()
            .collect();
        out.extend(self.clean_in[b].iter().copied());
        out
    }
}

fn term_uses(cfg: &Cfg, b: BlockId) -> Set {
    let mut uses = Set::new();
    match &cfg.blocks[b].term {
        Term::Open | Term::Unreachable => {}
        Term::Goto(e) => {
            for a in &e.args {
                uses.extend(a.uses.iter().copied());
            }
        }
        Term::If { cond, .. } => uses.extend(cond.uses.iter().copied()),
        Term::Match { scrutinee, arms } => {
            uses.extend(scrutinee.uses.iter().copied());
            for arm in arms {
                if let Some(g) = &arm.guard {
                    uses.extend(g.uses.iter().copied());
                }
            }
        }
        Term::Yield { value, .. } => uses.extend(value.uses.iter().copied()),
        Term::Return(v) => uses.extend(v.uses.iter().copied()),
    }
    uses
}

/// The successors through the block's terminator; a `let .. else` leaves for its `else` block
/// at the statement, before its pattern's bindings exist, and is handled there.
fn term_successors(cfg: &Cfg, b: BlockId) -> Vec<BlockId> {
    let elses: Vec<BlockId> = else_targets(cfg, b).collect();
    cfg.successors(b)
        .into_iter()
        .filter(|s| !elses.contains(s))
        .collect()
}

fn else_targets(cfg: &Cfg, b: BlockId) -> impl Iterator<Item = BlockId> + '_ {
    cfg.blocks[b].stmts.iter().filter_map(|s| match s {
        Stmt::Let {
            else_branch: Some(Else::Lowered(eb)),
            ..
        } => Some(*eb),
        _ => None,
    })
}

/// Steps liveness backward over one statement: what is live before it.
fn live_before(cfg: &Cfg, stmt: &Stmt, live: &mut Set, live_in: &[Set]) {
    let (uses, defs) = stmt_uses(stmt);
    for d in &defs {
        live.remove(d);
    }
    live.extend(uses);
    if let Stmt::Let {
        else_branch: Some(Else::Lowered(eb)),
        ..
    } = stmt
    {
        let params = &cfg.blocks[*eb].params;
        live.extend(live_in[*eb].iter().filter(|v| !params.contains(v)).copied());
    }
}

fn stmt_uses(stmt: &Stmt) -> (Set, Set) {
    match stmt {
        Stmt::Code { uses, defs, .. } => (uses.clone(), defs.clone()),
        Stmt::Let {
            init,
            else_branch,
            declares,
            defs: assigned,
            ..
        } => {
            let mut uses = init.as_ref().map(|i| i.uses.clone()).unwrap_or_default();
            if let Some(Else::Verbatim { uses: u, .. }) = else_branch {
                uses.extend(u.iter().copied());
            }
            // What the initialiser assigns on every path counts as assigned: the first assignment
            // of a `let x;` inside a value (`{ yield_!(); x = 1 }`).
            let mut defs: Set = assigned.clone();
            if init.is_some() {
                defs.extend(declares.iter().copied());
            }
            (uses, defs)
        }
        Stmt::ScopeStart(_) => (Set::new(), Set::new()),
    }
}

/// Runs the analysis.
pub(crate) fn analyze(cfg: &Cfg) -> Analysis {
    let n = cfg.blocks.len();
    let succs: Vec<Vec<BlockId>> = (0..n).map(|b| cfg.successors(b)).collect();
    let mut preds: Vec<Vec<BlockId>> = vec![Vec::new(); n];
    for (b, ss) in succs.iter().enumerate() {
        for &s in ss {
            preds[s].push(b);
        }
    }
    let params: Vec<Set> = cfg
        .blocks
        .iter()
        .map(|b| b.params.iter().copied().collect())
        .collect();

    // Blocks in source order: one forward sweep follows most edges, one backward sweep most
    // back edges.
    let mut order: Vec<BlockId> = (0..n).filter(|&b| cfg.blocks[b].preds > 0).collect();
    order.sort_by_key(|&b| cfg.blocks[b].order);

    // Backward liveness.
    let term_succs: Vec<Vec<BlockId>> = (0..n).map(|b| term_successors(cfg, b)).collect();
    let mut live_in: Vec<Set> = vec![Set::new(); n];
    let mut changed = true;
    while changed {
        changed = false;
        for &b in order.iter().rev() {
            let mut live = Set::new();
            for &s in &term_succs[b] {
                live.extend(live_in[s].difference(&params[s]).copied());
            }
            live.extend(term_uses(cfg, b));
            for stmt in cfg.blocks[b].stmts.iter().rev() {
                live_before(cfg, stmt, &mut live, &live_in);
            }
            if live != live_in[b] {
                live_in[b] = live;
                changed = true;
            }
        }
    }

    // Forward must-analyses: definitely initialised, and clean (unmentioned since init).
    let chains: Vec<BTreeSet<usize>> = cfg
        .blocks
        .iter()
        .map(|b| cfg.scope_chain(b.scope).into_iter().collect())
        .collect();
    let in_scope = |b: BlockId, id: usize| chains[b].contains(&cfg.bindings[id].scope);
    let mut init_in: Vec<Option<Set>> = vec![None; n];
    let mut clean_in: Vec<Option<Set>> = vec![None; n];
    init_in[cfg.entry] = Some(params[cfg.entry].clone());
    clean_in[cfg.entry] = Some(params[cfg.entry].clone());
    let mut init_out: Vec<Option<Set>> = vec![None; n];
    let mut clean_out: Vec<Option<Set>> = vec![None; n];
    // What flows into each `let .. else` block, from its statement.
    let mut else_in: Vec<Option<(Set, Set)>> = vec![None; n];
    let mut is_else = vec![false; n];
    for b in 0..n {
        for eb in else_targets(cfg, b) {
            is_else[eb] = true;
        }
    }
    let mut changed = true;
    while changed {
        changed = false;
        for &b in &order {
            if b != cfg.entry {
                let mut init: Option<Set> = None;
                let mut clean: Option<Set> = None;
                if let Some((i, c)) = &else_in[b] {
                    init = Some(i.clone());
                    clean = Some(c.clone());
                }
                // An `else` block's one edge is its statement's, above.
                let joined = if is_else[b] { &[][..] } else { &preds[b][..] };
                for &p in joined {
                    if let (Some(i), Some(c)) = (&init_out[p], &clean_out[p]) {
                        init = Some(match init {
                            None => i.clone(),
                            Some(acc) => acc.intersection(i).copied().collect(),
                        });
                        clean = Some(match clean {
                            None => c.clone(),
                            Some(acc) => acc.intersection(c).copied().collect(),
                        });
                    }
                }
                let (Some(mut init), Some(mut clean)) = (init, clean) else {
                    continue;
                };
                init.retain(|&id| in_scope(b, id));
                clean.retain(|&id| in_scope(b, id));
                init.extend(params[b].iter().copied());
                clean.extend(params[b].iter().copied());
                if init_in[b].as_ref() != Some(&init) || clean_in[b].as_ref() != Some(&clean) {
                    init_in[b] = Some(init);
                    clean_in[b] = Some(clean);
                    changed = true;
                }
            }
            let (Some(mut init), Some(mut clean)) = (init_in[b].clone(), clean_in[b].clone())
            else {
                continue;
            };
            for stmt in &cfg.blocks[b].stmts {
                let (uses, defs) = stmt_uses(stmt);
                for u in &uses {
                    clean.remove(u);
                }
                if let Stmt::Let {
                    else_branch: Some(Else::Lowered(eb)),
                    defs: assigned,
                    ..
                } = stmt
                {
                    // The pattern failed: what the initialiser assigned is assigned, the
                    // pattern's bindings are not.
                    let mut i = init.clone();
                    i.extend(assigned.iter().copied());
                    let mut c = clean.clone();
                    c.extend(assigned.iter().copied());
                    let edge = Some((i, c));
                    if else_in[*eb] != edge {
                        else_in[*eb] = edge;
                        changed = true;
                    }
                }
                init.extend(defs.iter().copied());
                clean.extend(defs);
            }
            for u in term_uses(cfg, b) {
                clean.remove(&u);
            }
            if init_out[b].as_ref() != Some(&init) || clean_out[b].as_ref() != Some(&clean) {
                init_out[b] = Some(init);
                clean_out[b] = Some(clean);
                changed = true;
            }
        }
    }

    let carried = (0..n)
        .map(|b| {
            let init = init_in[b].clone().unwrap_or_default();
            let clean = clean_in[b].clone().unwrap_or_default();
            let mut keep: BTreeSet<usize> = live_in[b].intersection(&init).copied().collect();
            keep.extend(clean);
            keep.retain(|&id| in_scope(b, id) && !params[b].contains(&id));
            keep
        })
        .collect();
    Analysis {
        carried,
        live_in,
        init_in: init_in.into_iter().map(Option::unwrap_or_default).collect(),
        clean_in: clean_in
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect(),
    }
}
