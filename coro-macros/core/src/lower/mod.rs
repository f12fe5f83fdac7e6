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
mod stmt;

pub(crate) use expr::delegate_async_expr;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned};

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
    /// Its type is not a reference.
    pub(crate) value: bool,
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
                value: false,
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
    let mut value = l.lower_stmts(&body.stmts, true);
    if !matches!(body.stmts.last(), Some(syn::Stmt::Expr(_, None)))
        && let Some(v) = &mut value
    {
        // Falling off the end completes with `()`, located at the closing brace, so that a
        // body that should return a value and does not is reported there.
        v.tokens = quote_spanned!(body.brace_token.span.close()=> ());
    }
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
        let mut seen = std::collections::HashSet::new();
        let mut visible: Vec<BindingId> = Vec::new();
        for (name, id) in self.env.iter().rev() {
            if seen.insert(name.as_str()) {
                visible.push(*id);
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
            value: false,
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
            self.cfg.bindings[id].value = p.value;
            self.env.push(("self".to_owned(), id));
            return id;
        }
        match &p.pat {
            syn::Pat::Ident(pi) if pi.by_ref.is_none() && pi.subpat.is_none() => {
                let id = self.declare(&pi.ident, pi.mutability.is_some());
                self.cfg.bindings[id].copy = p.copy;
                self.cfg.bindings[id].array = p.array;
                self.cfg.bindings[id].owned = p.owned;
                self.cfg.bindings[id].value = p.value;
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
            defs: Set::new(),
            assigns: Set::new(),
        });
    }

    // ----- verbatim code -------------------------------------------------------------------

    fn needs_lower(&self, e: &syn::Expr) -> bool {
        contains_suspend(e) || (!self.loops.is_empty() && contains_escape(e))
    }

    fn verbatim(&mut self, e: &syn::Expr) -> Operand {
        self.verbatim_assigning(e).0
    }

    /// Verbatim code as an operand, with the bindings it assigns as a whole on some path and
    /// those it assigns on every path.
    fn verbatim_assigning(&mut self, e: &syn::Expr) -> (Operand, Assigned) {
        let mentions = {
            let lookup = |n: &str| self.lookup(n);
            Resolver::expr(&lookup, e)
        };
        let op = Operand {
            tokens: self.rewrite_expr(e),
            uses: mentions.uses,
            stable: is_stable(e),
        };
        let assigned = Assigned {
            some: mentions.assigns,
            every: mentions.defs,
        };
        (op, assigned)
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

    /// Evaluates an operand into a temporary now, so later code sees its value.
    fn materialize(&mut self, op: Operand) -> Operand {
        self.materialize_assigning(op, Assigned::default())
    }

    /// [`Self::materialize`] for code that assigns these bindings.
    fn materialize_assigning(&mut self, op: Operand, assigned: Assigned) -> Operand {
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
            defs: assigned.every,
            assigns: assigned.some,
        });
        self.temp_operand(t)
    }
}

/// The bindings a piece of verbatim code assigns as a whole.
#[derive(Default)]
struct Assigned {
    /// On some path.
    some: Set,
    /// On every path.
    every: Set,
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
