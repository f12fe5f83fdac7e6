//! Lowering of statements: `let` (with patterns, `else`, no initialiser), expression
//! statements, items (hoisted to the function body), and the statements that end a block.

use proc_macro2::TokenStream;
use quote::quote;

use super::Lowerer;
use crate::ir::{BindingId, BlockKind, Operand, Set, Stmt, Term};
use crate::names::{Resolver, pattern_bindings};
use crate::rewrite;

impl Lowerer<'_> {
    /// Lowers statements in the current scope; with `tail`, the last expression without a
    /// semicolon is the value.
    pub(super) fn lower_stmts(&mut self, stmts: &[syn::Stmt], tail: bool) -> Option<Operand> {
        for (i, stmt) in stmts.iter().enumerate() {
            if self.cur.is_none() {
                // Unreachable code: items still count.
                for s in &stmts[i..] {
                    if let syn::Stmt::Item(item) = s {
                        self.items.push(quote!(#item));
                    }
                }
                return None;
            }
            let last = i + 1 == stmts.len();
            match stmt {
                syn::Stmt::Expr(e, None) if last && tail => return self.lower_expr(e),
                _ => self.lower_stmt(stmt),
            }
            if diverges(stmt) {
                // `return ..;`, `panic!(..);`: what follows is unreachable, and the block has
                // no value of its own.
                self.cur = None;
            }
        }
        self.cur?;
        Some(Operand {
            tokens: quote!(()),
            uses: Set::new(),
            stable: true,
        })
    }

    /// A `#[cfg]` on a `let` cannot be honoured: which bindings exist must be known before
    /// configuration is.
    pub(super) fn refuse_cfg(&mut self, attrs: &[syn::Attribute]) -> bool {
        let Some(cfg) = attrs.iter().find(|a| a.path().is_ident("cfg")) else {
            return false;
        };
        self.errors.push(syn::Error::new_spanned(
            cfg,
            "a `#[cfg]` on this statement is not supported in a coroutine body; write \
             `let x = if cfg!(..) { .. } else { .. };` instead",
        ));
        true
    }

    pub(super) fn lower_stmt(&mut self, stmt: &syn::Stmt) {
        let attrs = match stmt {
            syn::Stmt::Expr(e, _) => expr_attrs(e),
            syn::Stmt::Macro(m) => &m.attrs,
            _ => &[],
        };
        let lowered = match stmt {
            syn::Stmt::Expr(e, _) => self.needs_lower(e),
            syn::Stmt::Macro(m) => crate::check::suspend_macro(&m.mac).is_some(),
            _ => false,
        };
        if lowered && let Some(cfg) = attrs.iter().find(|a| a.path().is_ident("cfg")) {
            // `#[cfg(p)] yield_!(..);` runs as `if cfg!(p) { yield_!(..); }`: the graph is
            // built before configuration is known, and the constant branch folds away.
            if let syn::Meta::List(list) = &cfg.meta {
                let pred = &list.tokens;
                let mut inner = stmt.clone();
                strip_cfg(&mut inner);
                let wrapped: syn::Expr = syn::parse_quote_spanned!(cfg.pound_token.span=> if ::core::cfg!(#pred) { #inner });
                self.lower_discard(&wrapped);
                return;
            }
            self.refuse_cfg(attrs);
            return;
        }
        match stmt {
            syn::Stmt::Local(local) => self.lower_local(local),
            syn::Stmt::Item(item) => self.items.push(quote!(#item)),
            syn::Stmt::Expr(e, _) => {
                if self.needs_lower(e) {
                    self.lower_discard(e);
                } else {
                    self.push_verbatim_stmt(stmt);
                }
            }
            syn::Stmt::Macro(m) => {
                let as_expr = syn::Expr::Macro(syn::ExprMacro {
                    attrs: m.attrs.clone(),
                    mac: m.mac.clone(),
                });
                if self.needs_lower(&as_expr) {
                    self.lower_discard(&as_expr);
                } else {
                    self.push_verbatim_stmt(stmt);
                }
            }
        }
    }

    pub(super) fn push_verbatim_stmt(&mut self, stmt: &syn::Stmt) {
        let lookup = |n: &str| self.lookup(n);
        let (uses, defs, assigns) = match stmt {
            syn::Stmt::Expr(e, _) => {
                let m = Resolver::expr(&lookup, e);
                (m.uses, m.defs, m.assigns)
            }
            syn::Stmt::Macro(m) => (
                Resolver::tokens(&lookup, m.mac.tokens.clone()),
                Set::new(),
                Set::new(),
            ),
            _ => (Set::new(), Set::new(), Set::new()),
        };
        let r = {
            let lookup = |n: &str| self.lookup(n);
            rewrite::rewrite_stmt(self.ctx, &lookup, stmt)
        };
        self.moves.extend(r.moves);
        self.opaque.extend(r.opaque);
        let tokens = r.tokens;
        self.push_stmt(Stmt::Code {
            tokens,
            uses,
            defs,
            assigns,
        });
    }

    pub(super) fn lower_local(&mut self, local: &syn::Local) {
        let pat = &local.pat;
        let suspends = local.init.as_ref().is_some_and(|i| {
            self.needs_lower(&i.expr) || i.diverge.as_ref().is_some_and(|d| self.needs_lower(&d.1))
        });
        if self.refuse_cfg(&local.attrs) {
            return;
        }
        if matches!(pat, syn::Pat::Wild(_))
            && suspends
            && local.init.as_ref().is_some_and(|i| i.diverge.is_none())
        {
            // `let _ = yield_!(..);` drops the value at once, as in plain Rust.
            if let Some(init) = &local.init
                && let Some(op) = self.lower_expr(&init.expr)
            {
                let t = op.tokens;
                self.push_stmt(Stmt::Code {
                    tokens: quote!(::core::mem::drop(#t);),
                    uses: op.uses,
                    defs: Set::new(),
                    assigns: Set::new(),
                });
            }
            return;
        }
        let mut assigns = Set::new();
        let mut defs = Set::new();
        let init = match &local.init {
            None => None,
            Some(init) => {
                let op = if self.needs_lower(&init.expr) {
                    match self.lower_expr(&init.expr) {
                        Some(op) => op,
                        None => return,
                    }
                } else {
                    let (op, assigned) = self.verbatim_assigning(&init.expr);
                    assigns = assigned.some;
                    defs = assigned.every;
                    op
                };
                Some(op)
            }
        };
        let else_branch = match local.init.as_ref().and_then(|i| i.diverge.as_ref()) {
            None => None,
            Some((_, diverge)) => {
                if self.needs_lower(diverge) {
                    let b = self.new_block(BlockKind::Inner);
                    self.cfg.blocks[b].preds = 1;
                    let saved = self.cur.take();
                    self.switch_to(b);
                    let _ = self.lower_expr(diverge);
                    self.terminate(Term::Unreachable);
                    self.cur = saved;
                    Some(crate::ir::Else::Lowered(b))
                } else {
                    let uses = {
                        let lookup = |n: &str| self.lookup(n);
                        Resolver::expr(&lookup, diverge).uses
                    };
                    Some(crate::ir::Else::Verbatim {
                        tokens: self.rewrite_expr(diverge),
                        uses,
                    })
                }
            }
        };
        if self.cur.is_none() {
            return;
        }
        // Resolved before the pattern's names shadow anything.
        let borrowed = local
            .init
            .as_ref()
            .and_then(|i| crate::analysis::borrows::borrowed_local(&i.expr))
            .and_then(|name| self.lookup(&name.to_string()))
            .filter(|&v| self.cfg.bindings[v].owned);
        let declares: Vec<BindingId> = pattern_bindings(pat)
            .into_iter()
            .map(|(i, m)| self.declare(&i, m))
            .collect();
        if let Some(init) = &local.init
            && crate::analysis::borrows::value_init(&init.expr)
        {
            for &d in &declares {
                self.cfg.bindings[d].value = true;
            }
        }
        if let ([d], Some(init)) = (declares.as_slice(), &local.init) {
            let b = &mut self.cfg.bindings[*d];
            b.owned = crate::analysis::borrows::owned_init(&init.expr);
            b.borrows = borrowed;
        }
        let copies = crate::names::copy_bindings(pat, local.init.as_ref().map(|i| &*i.expr));
        for (&d, copy) in declares.iter().zip(copies) {
            self.cfg.bindings[d].copy = copy;
        }
        let arrays = crate::names::array_bindings(pat, local.init.as_ref().map(|i| &*i.expr));
        for (&d, array) in declares.iter().zip(arrays) {
            self.cfg.bindings[d].array = array;
        }
        let pat = strip_ty_pat(pat);
        if init.is_none() {
            // `let x;`: declared where it is first assigned, which may be after a suspension.
            let ty = if declares.len() == 1 { pat.1 } else { None };
            for &d in &declares {
                self.cfg.bindings[d].deferred = Some(crate::ir::Deferred { ty: ty.clone() });
            }
            return;
        }
        self.push_stmt(Stmt::Let {
            attrs: {
                let attrs = &local.attrs;
                quote!(#(#attrs)*)
            },
            pat: pat.0,
            ty: pat.1,
            init,
            else_branch,
            declares,
            defs,
            assigns,
        });
    }

    /// Lowers an expression whose value is not needed.
    pub(super) fn lower_discard(&mut self, e: &syn::Expr) {
        if let syn::Expr::Macro(m) = e
            && crate::check::suspend_macro(&m.mac) == Some(crate::check::Suspend::Yield)
        {
            if let Some(v) = self.lower_suspend(&m.mac) {
                // The resume value of a statement `yield_!` is dropped here.
                let t = v.tokens;
                self.push_stmt(Stmt::Code {
                    tokens: quote!(::core::mem::drop(#t);),
                    uses: v.uses,
                    defs: Set::new(),
                    assigns: Set::new(),
                });
            }
            return;
        }
        match e {
            syn::Expr::If(i) => {
                let _ = self.lower_if(i, false);
            }
            syn::Expr::Match(m) => {
                let _ = self.lower_match(m, false);
            }
            syn::Expr::Block(b) if b.label.is_none() => {
                let _ = self.lower_block_expr(&b.block, false);
            }
            _ => {
                if let Some(op) = self.lower_expr(e)
                    && !op.stable
                {
                    let t = op.tokens;
                    self.push_stmt(Stmt::Code {
                        tokens: quote!(#t;),
                        uses: op.uses,
                        defs: Set::new(),
                        assigns: Set::new(),
                    });
                }
            }
        }
    }
}

/// Removes `#[cfg]` attributes from an expression statement.
fn strip_cfg(stmt: &mut syn::Stmt) {
    let attrs = match stmt {
        syn::Stmt::Macro(m) => &mut m.attrs,
        syn::Stmt::Expr(syn::Expr::Macro(m), _) => &mut m.attrs,
        syn::Stmt::Expr(syn::Expr::Call(c), _) => &mut c.attrs,
        syn::Stmt::Expr(syn::Expr::MethodCall(c), _) => &mut c.attrs,
        syn::Stmt::Expr(syn::Expr::Assign(c), _) => &mut c.attrs,
        syn::Stmt::Expr(syn::Expr::Binary(c), _) => &mut c.attrs,
        syn::Stmt::Expr(syn::Expr::Block(c), _) => &mut c.attrs,
        syn::Stmt::Expr(syn::Expr::If(c), _) => &mut c.attrs,
        syn::Stmt::Expr(syn::Expr::Match(c), _) => &mut c.attrs,
        syn::Stmt::Expr(syn::Expr::Loop(c), _) => &mut c.attrs,
        syn::Stmt::Expr(syn::Expr::While(c), _) => &mut c.attrs,
        syn::Stmt::Expr(syn::Expr::ForLoop(c), _) => &mut c.attrs,
        _ => return,
    };
    attrs.retain(|a| !a.path().is_ident("cfg"));
}

/// The outer attributes of an expression statement.
fn expr_attrs(e: &syn::Expr) -> &[syn::Attribute] {
    match e {
        syn::Expr::Macro(m) => &m.attrs,
        syn::Expr::Call(c) => &c.attrs,
        syn::Expr::MethodCall(m) => &m.attrs,
        syn::Expr::Assign(a) => &a.attrs,
        syn::Expr::Binary(b) => &b.attrs,
        syn::Expr::Block(b) => &b.attrs,
        syn::Expr::If(i) => &i.attrs,
        syn::Expr::Match(m) => &m.attrs,
        syn::Expr::Loop(l) => &l.attrs,
        syn::Expr::While(w) => &w.attrs,
        syn::Expr::ForLoop(f) => &f.attrs,
        _ => &[],
    }
}

/// Whether a statement certainly does not complete: `return`, `break`, `continue` or a
/// panicking macro at its top.
/// Whether a statement certainly diverges, by its syntax: `return`, `break`, `continue`,
/// `panic!` and the like.
fn diverges(stmt: &syn::Stmt) -> bool {
    fn macro_diverges(m: &syn::Macro) -> bool {
        m.path.segments.last().is_some_and(|s| {
            matches!(
                s.ident.to_string().as_str(),
                "panic" | "unreachable" | "todo" | "unimplemented"
            )
        })
    }
    match stmt {
        syn::Stmt::Expr(e, _) => match e {
            syn::Expr::Return(_) | syn::Expr::Break(_) | syn::Expr::Continue(_) => true,
            syn::Expr::Macro(m) => macro_diverges(&m.mac),
            _ => false,
        },
        syn::Stmt::Macro(m) => macro_diverges(&m.mac),
        _ => false,
    }
}

/// Splits `pat: Ty` into the pattern and the type.
fn strip_ty_pat(pat: &syn::Pat) -> (TokenStream, Option<TokenStream>) {
    match pat {
        syn::Pat::Type(pt) => {
            let inner = &pt.pat;
            let ty = &pt.ty;
            (quote!(#inner), Some(quote!(#ty)))
        }
        _ => (quote!(#pat), None),
    }
}
