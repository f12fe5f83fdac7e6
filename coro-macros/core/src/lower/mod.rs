//! Lowering: the body's syntax tree into the control-flow graph of [`crate::ir`].
//!
//! Only constructs that contain a suspension point (or a `break`/`continue` that leaves a
//! lowered loop) become blocks and edges; everything else stays the user's tokens. An expression
//! that suspends part-way is flattened left to right: operands evaluated before the suspension
//! point go into temporaries first, unless they are places or literals, whose evaluation can wait.
//!
//! ```text
//! let x = f(a(), yield_!(y), b);    =>   B0: let t1 = a();  yield y -> B1(t2)
//!                                        B1: let x = f(t1, t2, b);
//! ```

mod control;
mod expr;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::check::{contains_escape, contains_suspend};
use crate::ctx::Ctx;
use crate::ir::{
    Binding, BindingId, Block, BlockId, BlockKind, Cfg, Edge, Operand, Scope, ScopeId, ScopeKind,
    Set, Stmt, Term,
};
use crate::names::{Resolver, pattern_bindings};
use crate::rewrite;

/// A loop or labelled block that `break`/`continue` can target.
struct LoopCtx {
    label: Option<String>,
    /// `false` for a labelled block, which takes only labelled `break`s.
    is_loop: bool,
    brk: BlockId,
    cont: Option<BlockId>,
    /// The scope depth outside the construct: a jump to it leaves every scope above.
    depth: usize,
    /// The `break` target takes the break value as its parameter.
    takes_value: bool,
}

/// A parameter of the function as the lowering sees it.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent facts about one parameter, read by different phases"
)]
pub(crate) struct Param {
    pub(crate) pat: syn::Pat,
    /// The name the value has in `State::Start` and in the entry block's pattern.
    pub(crate) is_receiver: bool,
    /// Its type is certainly `Copy`.
    pub(crate) copy: bool,
    /// Its type is an array.
    pub(crate) array: bool,
    /// Its type certainly owns its data.
    pub(crate) owned: bool,
}

/// The lowering of one body.
pub(crate) struct Lowerer<'a> {
    ctx: &'a Ctx,
    cfg: Cfg,
    cur: Option<BlockId>,
    env: Vec<(String, BindingId)>,
    scope_stack: Vec<(ScopeId, usize)>,
    loops: Vec<LoopCtx>,
    order: usize,
    errors: Vec<syn::Error>,
    /// Items declared in lowered blocks, hoisted to the function body.
    items: Vec<TokenStream>,
    /// Bindings mentioned anywhere where they may be moved out.
    moves: Set,
    /// Bindings mentioned anywhere inside macro arguments.
    opaque: Set,
}

/// What lowering a body gives.
pub(crate) struct Lowered {
    pub(crate) cfg: Cfg,
    pub(crate) items: Vec<TokenStream>,
    /// The entry block's parameters that come from the function's parameters, in order.
    pub(crate) start_params: Vec<BindingId>,
    /// The entry block's parameter bound by the first resume value, if any.
    pub(crate) resume_param: Option<BindingId>,
    /// Bindings mentioned anywhere where they may be moved out.
    pub(crate) moves: Set,
    /// Bindings mentioned anywhere inside macro arguments.
    pub(crate) opaque: Set,
}

/// Lowers the body of a coroutine with these parameters.
pub(crate) fn lower_body(
    ctx: &Ctx,
    params: &[Param],
    resume: Option<&syn::Pat>,
    body: &syn::Block,
) -> Result<Lowered, Vec<syn::Error>> {
    let mut l = Lowerer {
        ctx,
        cfg: Cfg {
            bindings: Vec::new(),
            scopes: Vec::new(),
            blocks: Vec::new(),
            entry: 0,
            suspends: Vec::new(),
        },
        cur: None,
        env: Vec::new(),
        scope_stack: Vec::new(),
        loops: Vec::new(),
        order: 0,
        errors: Vec::new(),
        items: Vec::new(),
        moves: Set::new(),
        opaque: Set::new(),
    };
    let root = l.push_scope(ScopeKind::Params);
    let entry = l.new_block(BlockKind::Entry);
    l.cfg.entry = entry;
    l.cfg.blocks[entry].preds = 1;

    // Parameters: a plain name binds directly; a pattern goes through a temporary.
    let mut start_params = Vec::new();
    let mut destructure = Vec::new();
    for p in params {
        let id = l.bind_param(p, root, &mut destructure);
        start_params.push(id);
    }
    let resume_param = resume.map(|pat| {
        l.bind_param(
            &Param {
                pat: pat.clone(),
                is_receiver: false,
                copy: false,
                array: false,
                owned: false,
            },
            root,
            &mut destructure,
        )
    });
    let mut params_all = start_params.clone();
    params_all.extend(resume_param);
    l.cfg.blocks[entry].params = params_all;
    l.switch_to(entry);
    for (pat, temp) in destructure {
        let init = l.temp_operand(temp);
        l.emit_let_pattern(&pat, init);
    }

    let body_scope = l.push_scope(ScopeKind::Brace);
    let _ = body_scope;
    let value = l.lower_stmts(&body.stmts, true);
    if let Some(value) = value {
        l.terminate(Term::Return(value));
    }
    l.pop_scope();
    l.pop_scope();
    if l.errors.is_empty() {
        Ok(Lowered {
            cfg: l.cfg,
            items: l.items,
            start_params,
            resume_param,
            moves: l.moves,
            opaque: l.opaque,
        })
    } else {
        Err(l.errors)
    }
}

impl Lowerer<'_> {
    // ----- graph building -------------------------------------------------------------------

    fn new_block(&mut self, kind: BlockKind) -> BlockId {
        self.cfg.blocks.push(Block {
            kind,
            params: Vec::new(),
            stmts: Vec::new(),
            term: Term::Open,
            scope: 0,
            visible: Vec::new(),
            order: usize::MAX,
            preds: 0,
        });
        self.cfg.blocks.len() - 1
    }

    /// Continues lowering in `block`, which starts in the current scope.
    fn switch_to(&mut self, block: BlockId) {
        let scope = self.current_scope();
        let mut visible: Vec<(String, BindingId)> = Vec::new();
        for (name, id) in self.env.iter().rev() {
            if !visible.iter().any(|(n, _)| n == name) {
                visible.push((name.clone(), *id));
            }
        }
        let b = &mut self.cfg.blocks[block];
        b.scope = scope;
        b.visible = visible;
        b.order = self.order;
        self.order += 1;
        self.cur = if b.preds > 0 { Some(block) } else { None };
    }

    fn push_stmt(&mut self, stmt: Stmt) {
        if let Some(b) = self.cur {
            self.cfg.blocks[b].stmts.push(stmt);
        }
    }

    fn terminate(&mut self, term: Term) {
        if let Some(b) = self.cur.take() {
            self.cfg.blocks[b].term = term;
        }
    }

    fn current_scope(&self) -> ScopeId {
        self.scope_stack.last().map_or(0, |s| s.0)
    }

    fn depth(&self) -> usize {
        self.scope_stack.len()
    }

    fn push_scope(&mut self, kind: ScopeKind) -> ScopeId {
        let parent = self.scope_stack.last().map(|s| s.0);
        self.cfg.scopes.push(Scope { parent, kind });
        let id = self.cfg.scopes.len() - 1;
        self.scope_stack.push((id, self.env.len()));
        if kind == ScopeKind::Brace {
            self.push_stmt(Stmt::ScopeStart(id));
        }
        id
    }

    fn pop_scope(&mut self) {
        if let Some((_, len)) = self.scope_stack.pop() {
            self.env.truncate(len);
        }
    }

    /// An edge from the current block to `target`, leaving the scopes above `depth`.
    fn edge(&mut self, target: BlockId, args: Vec<Operand>, depth: usize) -> Edge {
        self.cfg.blocks[target].preds += 1;
        let exits = self.scope_stack[depth.min(self.scope_stack.len())..]
            .iter()
            .rev()
            .map(|s| s.0)
            .collect();
        Edge {
            target,
            args,
            exits,
        }
    }

    fn goto(&mut self, target: BlockId, args: Vec<Operand>, depth: usize) {
        if self.cur.is_some() {
            let e = self.edge(target, args, depth);
            self.terminate(Term::Goto(e));
        }
    }

    // ----- bindings ------------------------------------------------------------------------

    fn new_binding(&mut self, name: Option<Ident>, mutable: bool) -> BindingId {
        let scope = self.current_scope();
        let span = name.as_ref().map_or_else(Span::call_site, Ident::span);
        self.cfg.bindings.push(Binding {
            name,
            mutable,
            scope,
            span,
            deferred: None,
            copy: false,
            resume_typed: false,
            array: false,
            owned: false,
            borrows: None,
        });
        self.cfg.bindings.len() - 1
    }

    /// Declares a user binding in the current scope and makes its name visible.
    fn declare(&mut self, ident: &Ident, mutable: bool) -> BindingId {
        let id = self.new_binding(Some(ident.clone()), mutable);
        self.env.push((ident.to_string(), id));
        id
    }

    fn new_temp(&mut self) -> BindingId {
        self.new_binding(None, true)
    }

    /// A temporary standing for the value of the code at `span`.
    fn new_temp_at(&mut self, span: Span) -> BindingId {
        let id = self.new_binding(None, true);
        self.cfg.bindings[id].span = span;
        id
    }

    /// A use of a temporary by value.
    fn temp_operand(&mut self, id: BindingId) -> Operand {
        self.moves.insert(id);
        let ident = crate::rewrite::marker(id, self.cfg.bindings[id].span);
        Operand {
            tokens: quote!(#ident),
            uses: std::iter::once(id).collect(),
            stable: true,
        }
    }

    fn lookup(&self, name: &str) -> Option<BindingId> {
        self.env.iter().rev().find(|(n, _)| n == name).map(|e| e.1)
    }

    fn bind_param(
        &mut self,
        p: &Param,
        _root: ScopeId,
        destructure: &mut Vec<(syn::Pat, BindingId)>,
    ) -> BindingId {
        if p.is_receiver {
            let id = self.new_binding(Some(self.ctx.self_ident.clone()), true);
            self.cfg.bindings[id].copy = p.copy;
            self.env.push(("self".to_owned(), id));
            return id;
        }
        match &p.pat {
            syn::Pat::Ident(pi) if pi.by_ref.is_none() && pi.subpat.is_none() => {
                let id = self.declare(&pi.ident, pi.mutability.is_some());
                self.cfg.bindings[id].copy = p.copy;
                self.cfg.bindings[id].array = p.array;
                self.cfg.bindings[id].owned = p.owned;
                id
            }
            pat => {
                let temp = self.new_temp();
                destructure.push((pat.clone(), temp));
                temp
            }
        }
    }

    /// `let pat = init;` with the pattern's bindings declared after `init`.
    fn emit_let_pattern(&mut self, pat: &syn::Pat, init: Operand) {
        let declares = pattern_bindings(pat)
            .into_iter()
            .map(|(i, m)| self.declare(&i, m))
            .collect();
        self.push_stmt(Stmt::Let {
            attrs: TokenStream::new(),
            pat: quote!(#pat),
            ty: None,
            init: Some(init),
            else_branch: None,
            declares,
            assigns: Set::new(),
        });
    }

    // ----- verbatim code -------------------------------------------------------------------

    fn needs_lower(&self, e: &syn::Expr) -> bool {
        contains_suspend(e) || (!self.loops.is_empty() && contains_escape(e))
    }

    /// The bindings verbatim code assigns as a whole on some path.
    fn assigns_of(&self, e: &syn::Expr) -> Set {
        let lookup = |n: &str| self.lookup(n);
        Resolver::expr(&lookup, e).assigns
    }

    fn verbatim(&mut self, e: &syn::Expr) -> Operand {
        let uses = {
            let lookup = |n: &str| self.lookup(n);
            Resolver::expr(&lookup, e).uses
        };
        Operand {
            tokens: self.rewrite_expr(e),
            uses,
            stable: is_stable(e),
        }
    }

    /// The rewritten tokens of user code, noting what it may move.
    fn rewrite_expr(&mut self, e: &syn::Expr) -> TokenStream {
        let r = {
            let lookup = |n: &str| self.lookup(n);
            rewrite::rewrite_expr(self.ctx, &lookup, e)
        };
        self.moves.extend(r.moves);
        self.opaque.extend(r.opaque);
        r.tokens
    }

    fn error(&mut self, span: Span, msg: impl std::fmt::Display) {
        self.errors.push(syn::Error::new(span, msg));
    }

    // ----- statements ----------------------------------------------------------------------

    /// Lowers statements in the current scope; with `tail`, the last expression without a
    /// semicolon is the value.
    fn lower_stmts(&mut self, stmts: &[syn::Stmt], tail: bool) -> Option<Operand> {
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
    fn refuse_cfg(&mut self, attrs: &[syn::Attribute]) -> bool {
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

    fn lower_stmt(&mut self, stmt: &syn::Stmt) {
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

    fn push_verbatim_stmt(&mut self, stmt: &syn::Stmt) {
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

    fn lower_local(&mut self, local: &syn::Local) {
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
        let init = match &local.init {
            None => None,
            Some(init) => {
                let op = if self.needs_lower(&init.expr) {
                    match self.lower_expr(&init.expr) {
                        Some(op) => op,
                        None => return,
                    }
                } else {
                    assigns = self.assigns_of(&init.expr);
                    self.verbatim(&init.expr)
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
            assigns,
        });
    }

    /// Lowers an expression whose value is not needed.
    fn lower_discard(&mut self, e: &syn::Expr) {
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

    /// Evaluates an operand into a temporary now, so later code sees its value.
    fn materialize(&mut self, op: Operand) -> Operand {
        self.materialize_assigning(op, Set::new())
    }

    /// [`Self::materialize`] for code that assigns these bindings.
    fn materialize_assigning(&mut self, op: Operand, assigns: Set) -> Operand {
        let at = op
            .tokens
            .clone()
            .into_iter()
            .next()
            .map_or_else(Span::call_site, |t| t.span());
        let t = self.new_temp_at(at);
        let ident = Ctx::hidden(t);
        self.push_stmt(Stmt::Let {
            attrs: TokenStream::new(),
            pat: quote!(mut #ident),
            ty: None,
            init: Some(op),
            else_branch: None,
            declares: vec![t],
            assigns,
        });
        self.temp_operand(t)
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

/// Whether evaluating the expression later gives the same result and runs no code.
fn is_stable(e: &syn::Expr) -> bool {
    match e {
        syn::Expr::Lit(_) | syn::Expr::Path(_) => true,
        syn::Expr::Paren(p) => is_stable(&p.expr),
        syn::Expr::Field(f) => is_stable(&f.base),
        syn::Expr::Reference(r) => is_stable(&r.expr),
        syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => is_stable(&u.expr),
        _ => false,
    }
}
