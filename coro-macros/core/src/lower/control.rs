//! Lowering of blocks, conditionals, `match`, loops and jumps that contain suspension points.

use quote::quote;
use syn::Expr;

use super::expr::unit;
use super::{LoopCtx, Lowerer};
use crate::ir::{Arm, BlockId, BlockKind, Operand, ScopeKind, Set, Term};
use crate::names::{Resolver, pattern_bindings};
use crate::rewrite;

impl Lowerer<'_> {
    /// Lowers `{ stmts }` in a new scope and jumps to `target` (with the value when `want`),
    /// leaving every scope above `depth`.
    fn lower_block_to(&mut self, block: &syn::Block, target: BlockId, want: bool, depth: usize) {
        self.push_scope(ScopeKind::Brace);
        let value = self.lower_stmts(&block.stmts, true);
        if let Some(value) = value {
            self.goto_with(value, target, want, depth);
        }
        self.pop_scope();
    }

    /// Jumps to `target` with `value` as its parameter when `want`, dropping it otherwise.
    fn goto_with(&mut self, value: Operand, target: BlockId, want: bool, depth: usize) {
        let args = if want {
            vec![value]
        } else {
            self.discard(value);
            vec![]
        };
        self.goto(target, args, depth);
    }

    /// Evaluates an operand for its effects and drops the value.
    fn discard(&mut self, op: Operand) {
        if !op.stable {
            let t = op.tokens;
            self.push_stmt(crate::ir::Stmt::Code {
                tokens: quote!(#t;),
                uses: op.uses,
                defs: Set::new(),
                assigns: Set::new(),
            });
        }
    }

    /// A join block after a construct, with a value parameter when `want`.
    fn join_block(&mut self, want: bool) -> (BlockId, Option<usize>) {
        let join = self.new_block(BlockKind::Inner);
        let v = want.then(|| self.new_temp());
        if let Some(v) = v {
            self.cfg.blocks[join].params = vec![v];
        }
        (join, v)
    }

    fn finish_join(&mut self, join: BlockId, v: Option<usize>) -> Option<Operand> {
        self.switch_to(join);
        self.cur?;
        Some(v.map_or_else(unit, |v| self.temp_operand(v)))
    }

    pub(super) fn lower_block_expr(&mut self, block: &syn::Block, want: bool) -> Option<Operand> {
        let depth = self.depth();
        let (join, v) = self.join_block(want);
        self.lower_block_to(block, join, want, depth);
        self.finish_join(join, v)
    }

    pub(super) fn lower_labeled_block(&mut self, b: &syn::ExprBlock) -> Option<Operand> {
        let depth = self.depth();
        let (join, v) = self.join_block(true);
        self.loops.push(LoopCtx {
            label: b.label.as_ref().map(|l| l.name.ident.to_string()),
            is_loop: false,
            brk: join,
            cont: None,
            depth,
            takes_value: true,
        });
        self.lower_block_to(&b.block, join, true, depth);
        self.loops.pop();
        self.finish_join(join, v)
    }

    pub(super) fn lower_if(&mut self, e: &syn::ExprIf, want: bool) -> Option<Operand> {
        self.cur?;
        let depth = self.depth();
        let (join, v) = self.join_block(want);
        let otherwise = self.new_block(BlockKind::Inner);
        let pushed = self.lower_cond(&e.cond, otherwise)?;
        self.lower_block_to(&e.then_branch, join, want, depth);
        for _ in 0..pushed {
            self.pop_scope();
        }
        self.switch_to(otherwise);
        match &e.else_branch {
            Some((_, else_expr)) => match &**else_expr {
                Expr::Block(b) if b.label.is_none() => {
                    self.lower_block_to(&b.block, join, want, depth);
                }
                other => {
                    if let Some(value) = self.lower_expr(other) {
                        self.goto_with(value, join, want, depth);
                    }
                }
            },
            None => {
                let args = if want { vec![unit()] } else { vec![] };
                self.goto(join, args, depth);
            }
        }
        self.finish_join(join, v)
    }

    /// Lowers a condition (with `let` chains) and continues in the then-block; the else edges
    /// go to `otherwise`. Returns how many pattern scopes it pushed, for the caller to pop after
    /// the then-branch.
    fn lower_cond(&mut self, cond: &Expr, otherwise: BlockId) -> Option<usize> {
        let depth = self.depth();
        let mut conjuncts = Vec::new();
        split_and(cond, &mut conjuncts);
        let mut pushed = 0;
        let mut i = 0;
        while i < conjuncts.len() {
            // One run: an optional suspending conjunct first, then verbatim ones.
            let mut parts = Vec::new();
            let mut uses = Set::new();
            let mut binds = Vec::new();
            let mut shadow: Vec<String> = Vec::new();
            let first = conjuncts[i];
            if self.needs_lower(first) {
                match first {
                    Expr::Let(l) => {
                        let op = self.lower_expr(&l.expr)?;
                        let pat = &l.pat;
                        let t = &op.tokens;
                        parts.push(quote!(let #pat = #t));
                        uses.extend(op.uses.iter().copied());
                        for (ident, m) in pattern_bindings(pat) {
                            shadow.push(ident.to_string());
                            binds.push((ident, m));
                        }
                    }
                    other => {
                        let op = self.lower_expr(other)?;
                        let t = &op.tokens;
                        parts.push(quote!(#t));
                        uses.extend(op.uses.iter().copied());
                    }
                }
                i += 1;
            }
            while i < conjuncts.len() && !self.needs_lower(conjuncts[i]) {
                let c = conjuncts[i];
                let lookup = |n: &str| {
                    if shadow.iter().any(|s| s == n) {
                        None
                    } else {
                        self.lookup(n)
                    }
                };
                uses.extend(Resolver::expr(&lookup, c).uses);
                let r = rewrite::rewrite_expr(self.ctx, &lookup, c);
                self.moves.extend(r.moves);
                self.opaque.extend(r.opaque);
                parts.push(r.tokens);
                if let Expr::Let(l) = c {
                    for (ident, m) in pattern_bindings(&l.pat) {
                        shadow.push(ident.to_string());
                        binds.push((ident, m));
                    }
                }
                i += 1;
            }
            let then = self.new_block(BlockKind::Inner);
            let then_edge = self.edge(then, vec![], self.depth());
            let else_edge = self.edge(otherwise, vec![], depth);
            self.terminate(Term::If {
                cond: Operand {
                    tokens: quote!(#(#parts)&&*),
                    uses,
                    stable: false,
                },
                then: then_edge,
                otherwise: else_edge,
            });
            self.push_scope(ScopeKind::Pattern);
            pushed += 1;
            let params = binds.iter().map(|(i, m)| self.declare(i, *m)).collect();
            self.cfg.blocks[then].params = params;
            self.switch_to(then);
        }
        Some(pushed)
    }

    pub(super) fn lower_match(&mut self, m: &syn::ExprMatch, want: bool) -> Option<Operand> {
        let scrutinee = self.lower_expr(&m.expr)?;
        let depth = self.depth();
        let (join, v) = self.join_block(want);
        let targets: Vec<BlockId> = m
            .arms
            .iter()
            .map(|_| self.new_block(BlockKind::Inner))
            .collect();
        let mut arms = Vec::new();
        for (arm, &target) in m.arms.iter().zip(&targets) {
            let guard = arm.guard.as_ref().map(|(_, g)| {
                let names: Vec<String> = pattern_bindings(&arm.pat)
                    .iter()
                    .map(|(i, _)| i.to_string())
                    .collect();
                let lookup = |n: &str| {
                    if names.iter().any(|s| s == n) {
                        None
                    } else {
                        self.lookup(n)
                    }
                };
                let r = rewrite::rewrite_expr(self.ctx, &lookup, g);
                let uses = Resolver::expr(&lookup, g).uses;
                (r, uses)
            });
            let guard = guard.map(|(r, uses)| {
                self.moves.extend(r.moves);
                self.opaque.extend(r.opaque);
                Operand {
                    tokens: r.tokens,
                    uses,
                    stable: false,
                }
            });
            let pat = &arm.pat;
            arms.push(Arm {
                pat: quote!(#pat),
                guard,
                edge: self.edge(target, vec![], depth),
            });
        }
        self.terminate(Term::Match { scrutinee, arms });
        for (arm, &target) in m.arms.iter().zip(&targets) {
            self.push_scope(ScopeKind::Pattern);
            let params = pattern_bindings(&arm.pat)
                .iter()
                .map(|(i, m)| self.declare(i, *m))
                .collect();
            self.cfg.blocks[target].params = params;
            self.switch_to(target);
            match &*arm.body {
                Expr::Block(b) if b.label.is_none() && b.attrs.is_empty() => {
                    self.lower_block_to(&b.block, join, want, depth);
                }
                body => {
                    if let Some(value) = self.lower_expr(body) {
                        self.goto_with(value, join, want, depth);
                    }
                }
            }
            self.pop_scope();
        }
        self.finish_join(join, v)
    }

    pub(super) fn lower_loop(&mut self, l: &syn::ExprLoop) -> Option<Operand> {
        let depth = self.depth();
        let (after, v) = self.join_block(true);
        let head = self.new_block(BlockKind::Inner);
        self.goto(head, vec![], depth);
        self.switch_to(head);
        self.loops.push(LoopCtx {
            label: l.label.as_ref().map(|l| l.name.ident.to_string()),
            is_loop: true,
            brk: after,
            cont: Some(head),
            depth,
            takes_value: true,
        });
        self.lower_block_to(&l.body, head, false, depth);
        self.loops.pop();
        self.finish_join(after, v)
    }

    pub(super) fn lower_while(&mut self, w: &syn::ExprWhile) -> Option<Operand> {
        let depth = self.depth();
        let (after, _) = self.join_block(false);
        let head = self.new_block(BlockKind::Inner);
        self.goto(head, vec![], depth);
        self.switch_to(head);
        let pushed = self.lower_cond(&w.cond, after)?;
        self.loops.push(LoopCtx {
            label: w.label.as_ref().map(|l| l.name.ident.to_string()),
            is_loop: true,
            brk: after,
            cont: Some(head),
            depth,
            takes_value: false,
        });
        self.lower_block_to(&w.body, head, false, depth);
        self.loops.pop();
        for _ in 0..pushed {
            self.pop_scope();
        }
        self.finish_join(after, None)
    }

    pub(super) fn lower_for(&mut self, f: &syn::ExprForLoop) -> Option<Operand> {
        let borrowed = crate::analysis::borrows::borrowed_local(&f.expr)
            .and_then(|name| self.lookup(&name.to_string()))
            .filter(|&v| self.cfg.bindings[v].owned);
        let iterable = self.lower_expr(&f.expr)?;
        let t = &iterable.tokens;
        let iter = self.materialize(Operand {
            tokens: quote!(::core::iter::IntoIterator::into_iter(#t)),
            uses: iterable.uses.clone(),
            stable: false,
        });
        if let Some(&it) = iter.uses.iter().next() {
            let span = syn::spanned::Spanned::span(&f.expr);
            let b = &mut self.cfg.bindings[it];
            b.borrows = borrowed;
            b.span = span;
        }
        let depth = self.depth();
        let (after, _) = self.join_block(false);
        let head = self.new_block(BlockKind::Inner);
        self.goto(head, vec![], depth);
        self.switch_to(head);
        let body = self.new_block(BlockKind::Inner);
        let it = &iter.tokens;
        let pat = &f.pat;
        let arms = vec![
            Arm {
                pat: quote!(::core::option::Option::Some(#pat)),
                guard: None,
                edge: self.edge(body, vec![], depth),
            },
            Arm {
                pat: quote!(::core::option::Option::None),
                guard: None,
                edge: self.edge(after, vec![], depth),
            },
        ];
        self.terminate(Term::Match {
            scrutinee: Operand {
                tokens: quote!(::core::iter::Iterator::next(&mut #it)),
                uses: iter.uses.clone(),
                stable: false,
            },
            arms,
        });
        self.push_scope(ScopeKind::Pattern);
        let params = pattern_bindings(pat)
            .iter()
            .map(|(i, m)| self.declare(i, *m))
            .collect();
        self.cfg.blocks[body].params = params;
        self.switch_to(body);
        self.loops.push(LoopCtx {
            label: f.label.as_ref().map(|l| l.name.ident.to_string()),
            is_loop: true,
            brk: after,
            cont: Some(head),
            depth,
            takes_value: false,
        });
        self.lower_block_to(&f.body, head, false, depth);
        self.loops.pop();
        self.pop_scope();
        self.finish_join(after, None)
    }

    fn find_loop(
        &mut self,
        label: Option<&syn::Lifetime>,
        span: proc_macro2::Span,
    ) -> Option<usize> {
        let found = match label {
            Some(l) => {
                let name = l.ident.to_string();
                self.loops
                    .iter()
                    .rposition(|c| c.label.as_deref() == Some(name.as_str()))
            }
            None => self.loops.iter().rposition(|c| c.is_loop),
        };
        if found.is_none() {
            self.error(
                span,
                "this `break`/`continue` has no loop around it in the coroutine",
            );
        }
        found
    }

    pub(super) fn lower_break(&mut self, b: &syn::ExprBreak) {
        let value = match &b.expr {
            Some(e) => match self.lower_expr(e) {
                Some(v) => Some(v),
                None => return,
            },
            None => None,
        };
        let Some(i) = self.find_loop(b.label.as_ref(), b.break_token.span) else {
            return;
        };
        let (brk, depth, takes) = {
            let c = &self.loops[i];
            (c.brk, c.depth, c.takes_value)
        };
        let args = if takes {
            vec![value.unwrap_or_else(unit)]
        } else {
            if let Some(v) = value {
                self.discard(v);
            }
            vec![]
        };
        self.goto(brk, args, depth);
    }

    pub(super) fn lower_continue(&mut self, c: &syn::ExprContinue) {
        let Some(i) = self.find_loop(c.label.as_ref(), c.continue_token.span) else {
            return;
        };
        let (cont, depth) = (self.loops[i].cont, self.loops[i].depth);
        match cont {
            Some(head) => self.goto(head, vec![], depth),
            None => self.error(
                c.continue_token.span,
                "`continue` cannot target a labelled block",
            ),
        }
    }
}

/// The conjuncts of a `&&` chain.
fn split_and<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match e {
        Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) => {
            split_and(&b.left, out);
            split_and(&b.right, out);
        }
        other => out.push(other),
    }
}
