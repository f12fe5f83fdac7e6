//! Lowering of expressions that suspend part-way: flattened left to right into temporaries.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote, quote_spanned};
use syn::Expr;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;

use super::Lowerer;
use crate::check::{Suspend, suspend_macro};
use crate::ctx::Ctx;
use crate::ir::{Arm, BlockKind, Operand, ScopeKind, Set, Stmt, Term};
use crate::names::{Resolver, single_ident};
use crate::rewrite;

impl Lowerer<'_> {
    /// Lowers an expression to an operand; `None` when control does not come back (it
    /// returned, broke out or continued).
    pub(super) fn lower_expr(&mut self, e: &Expr) -> Option<Operand> {
        self.cur?;
        if !self.needs_lower(e) {
            let (op, assigned) = self.verbatim_assigning(e);
            // Code that assigns a local declared without initialiser runs now, where the
            // declaration can be placed.
            if assigned.some.is_empty() {
                return Some(op);
            }
            return Some(self.materialize_assigning(op, assigned));
        }
        match e {
            Expr::Macro(m) if suspend_macro(&m.mac).is_some() => self.lower_suspend(&m.mac),
            Expr::Paren(p) => {
                let inner = self.lower_expr(&p.expr)?;
                Some(wrap(inner, |t| quote!((#t))))
            }
            Expr::Group(g) => self.lower_expr(&g.expr),
            Expr::Block(b) if b.label.is_some() => self.lower_labeled_block(b),
            Expr::Block(b) => self.lower_block_expr(&b.block, true),
            Expr::Unsafe(u) => {
                self.error(
                    u.unsafe_token.span,
                    "a suspension point inside an `unsafe` block is not supported; end the \
                     `unsafe` block before the `yield_!`",
                );
                None
            }
            Expr::If(i) => self.lower_if(i, true),
            Expr::Match(m) => self.lower_match(m, true),
            Expr::Loop(l) => self.lower_loop(l),
            Expr::While(w) => self.lower_while(w),
            Expr::ForLoop(f) => self.lower_for(f),
            Expr::Break(b) => {
                self.lower_break(b);
                None
            }
            Expr::Continue(c) => {
                self.lower_continue(c);
                None
            }
            Expr::Return(r) => {
                let value = match &r.expr {
                    Some(v) => self.lower_expr(v)?,
                    None => unit(),
                };
                self.terminate(Term::Return(value));
                None
            }
            Expr::Try(t) => {
                let inner = self.lower_expr(&t.expr)?;
                let desugared =
                    rewrite::try_desugar(self.ctx, &inner.tokens, t.question_token.span);
                Some(self.materialize(Operand {
                    tokens: desugared,
                    uses: inner.uses,
                    stable: false,
                }))
            }
            Expr::Binary(b) => self.lower_binary(b),
            Expr::Assign(a) => {
                let right = self.lower_expr(&a.right)?;
                let (left, def) = match single_ident(&a.left) {
                    Some(i) => (
                        Operand {
                            tokens: a.left.to_token_stream(),
                            uses: Set::new(),
                            stable: true,
                        },
                        self.lookup(&i.to_string()),
                    ),
                    None => (self.lower_expr(&a.left)?, None),
                };
                let (l, r) = (&left.tokens, &right.tokens);
                let mut uses = left.uses;
                uses.extend(right.uses);
                let defs: Set = def.into_iter().collect();
                self.push_stmt(Stmt::Code {
                    tokens: quote!(#l = #r;),
                    uses,
                    assigns: defs.clone(),
                    defs,
                });
                Some(unit())
            }
            Expr::Unary(u) => {
                let inner = self.lower_expr(&u.expr)?;
                let op = &u.op;
                Some(wrap(inner, |t| quote!(#op #t)))
            }
            Expr::Cast(c) => {
                let inner = self.lower_expr(&c.expr)?;
                let ty = &c.ty;
                Some(wrap(inner, |t| quote!(#t as #ty)))
            }
            Expr::Reference(r) => {
                let inner = self.lower_expr(&r.expr)?;
                let m = &r.mutability;
                let inner = if inner.stable {
                    inner
                } else {
                    self.materialize(inner)
                };
                Some(wrap(inner, |t| quote!(&#m #t)))
            }
            Expr::Field(f) => {
                let base = self.lower_expr(&f.base)?;
                let member = &f.member;
                Some(wrap(base, |t| quote!(#t.#member)))
            }
            Expr::Index(i) => {
                let ops = self.lower_operands(&[&i.expr, &i.index])?;
                let (b, x) = (&ops[0].tokens, &ops[1].tokens);
                Some(combine(&ops, quote!(#b[#x])))
            }
            Expr::MethodCall(m) => {
                let mut all: Vec<&Expr> = vec![&m.receiver];
                all.extend(m.args.iter());
                let ops = self.lower_operands(&all)?;
                let recv = &ops[0].tokens;
                let args = ops[1..].iter().map(|o| &o.tokens);
                let method = &m.method;
                let turbofish = &m.turbofish;
                Some(combine(&ops, quote!(#recv.#method #turbofish (#(#args),*))))
            }
            Expr::Call(c) => {
                let mut all: Vec<&Expr> = vec![&c.func];
                all.extend(c.args.iter());
                let ops = self.lower_operands(&all)?;
                let func = &ops[0].tokens;
                let args = ops[1..].iter().map(|o| &o.tokens);
                Some(combine(&ops, quote!(#func(#(#args),*))))
            }
            Expr::Tuple(t) => {
                let all: Vec<&Expr> = t.elems.iter().collect();
                let ops = self.lower_operands(&all)?;
                let elems = ops.iter().map(|o| &o.tokens);
                let trailing = if ops.len() == 1 { quote!(,) } else { quote!() };
                Some(combine(&ops, quote!((#(#elems),* #trailing))))
            }
            Expr::Array(a) => {
                let all: Vec<&Expr> = a.elems.iter().collect();
                let ops = self.lower_operands(&all)?;
                let elems = ops.iter().map(|o| &o.tokens);
                Some(combine(&ops, quote!([#(#elems),*])))
            }
            Expr::Repeat(r) => {
                let inner = self.lower_expr(&r.expr)?;
                let len = &r.len;
                Some(wrap(inner, |t| quote!([#t; #len])))
            }
            Expr::Struct(s) => {
                let mut all: Vec<&Expr> = s.fields.iter().map(|f| &f.expr).collect();
                if let Some(rest) = &s.rest {
                    all.push(rest);
                }
                let ops = self.lower_operands(&all)?;
                let path = &s.path;
                let fields = s.fields.iter().zip(&ops).map(|(f, o)| {
                    let member = &f.member;
                    let t = &o.tokens;
                    quote!(#member: #t)
                });
                let rest = s.rest.as_ref().map(|_| {
                    let t = &ops[ops.len() - 1].tokens;
                    quote!(.. #t)
                });
                let qself = s.qself.as_ref().map(|_| quote!());
                let _ = qself;
                Some(combine(&ops, quote!(#path { #(#fields,)* #rest })))
            }
            Expr::Range(r) => {
                let mut all: Vec<&Expr> = Vec::new();
                if let Some(s) = &r.start {
                    all.push(s);
                }
                if let Some(e) = &r.end {
                    all.push(e);
                }
                let ops = self.lower_operands(&all)?;
                let mut it = ops.iter();
                let start = r.start.as_ref().map(|_| it.next().unwrap().tokens.clone());
                let end = r.end.as_ref().map(|_| it.next().unwrap().tokens.clone());
                let limits = &r.limits;
                Some(combine(&ops, quote!(#start #limits #end)))
            }
            Expr::Let(l) => {
                self.error(
                    l.let_token.span,
                    "a `let` with a suspension point is only supported as an `if`/`while` \
                     condition",
                );
                None
            }
            Expr::Await(a) => {
                if !self.ctx.is_async {
                    self.error(
                        a.await_token.span,
                        "`.await` is only allowed in an `async fn` coroutine",
                    );
                    return None;
                }
                if self.borrow_in_awaited(&a.base) {
                    return None;
                }
                let future = self.lower_expr(&a.base)?;
                let t = &future.tokens;
                let span = a.await_token.span;
                let future = Operand {
                    tokens: quote_spanned!(span=> ::core::future::IntoFuture::into_future(#t)),
                    uses: future.uses,
                    stable: false,
                };
                Some(self.suspend_as(future, span, span, true))
            }
            other => {
                self.error(
                    other.span(),
                    "this kind of expression is not supported around a suspension point; \
                     bind the suspending part with `let` first",
                );
                None
            }
        }
    }

    /// Lowers operands evaluated left to right; operands evaluated before a later one suspends
    /// are kept in temporaries unless they are places or literals that nothing up to that
    /// suspension writes (`f(x, { x = 1; yield_!(x) })` passes the old `x`).
    pub(super) fn lower_operands(&mut self, exprs: &[&Expr]) -> Option<Vec<Operand>> {
        let last = exprs.iter().rposition(|e| self.needs_lower(e));
        // What each operand writes, and so what the earlier ones must read before it runs.
        let writes: Vec<Set> = match last {
            Some(l) => exprs[..=l]
                .iter()
                .map(|e| {
                    let lookup = |n: &str| self.lookup(n);
                    Resolver::expr(&lookup, e).writes
                })
                .collect(),
            None => Vec::new(),
        };
        let mut ops = Vec::with_capacity(exprs.len());
        for (i, e) in exprs.iter().enumerate() {
            let mut op = self.lower_expr(e)?;
            if let Some(l) = last
                && i < l
            {
                let overwritten = writes[i + 1..=l]
                    .iter()
                    .any(|w| op.uses.iter().any(|u| w.contains(u)));
                if !op.stable || overwritten {
                    op = self.materialize(op);
                }
            }
            ops.push(op);
        }
        Some(ops)
    }

    fn lower_binary(&mut self, b: &syn::ExprBinary) -> Option<Operand> {
        use syn::BinOp;
        match b.op {
            BinOp::And(_) | BinOp::Or(_) if self.needs_lower(&b.right) => {
                // Short-circuit: the right side runs only when the left does not decide.
                let left = self.lower_expr(&b.left)?;
                let depth = self.depth();
                let join = self.new_block(BlockKind::Inner);
                let v = self.new_temp();
                self.cfg.blocks[join].params = vec![v];
                let rhs_block = self.new_block(BlockKind::Inner);
                let short = self.new_block(BlockKind::Inner);
                let (then, otherwise) = if matches!(b.op, BinOp::And(_)) {
                    (rhs_block, short)
                } else {
                    (short, rhs_block)
                };
                let then = self.edge(then, vec![], depth);
                let otherwise = self.edge(otherwise, vec![], depth);
                self.terminate(Term::If {
                    cond: left,
                    then,
                    otherwise,
                });
                self.switch_to(rhs_block);
                if let Some(right) = self.lower_expr(&b.right) {
                    self.goto(join, vec![right], depth);
                }
                self.switch_to(short);
                let decided = if matches!(b.op, BinOp::And(_)) {
                    quote!(false)
                } else {
                    quote!(true)
                };
                self.goto(
                    join,
                    vec![Operand {
                        tokens: decided,
                        uses: Set::new(),
                        stable: true,
                    }],
                    depth,
                );
                self.switch_to(join);
                self.cur?;
                Some(self.temp_operand(v))
            }
            op if crate::names::is_compound_assign(&op) => {
                // The left side is a place: it must be assigned through, never copied into a
                // temporary, so only its own suspending parts are lowered (after the right).
                let ops = if self.needs_lower(&b.left) {
                    self.lower_operands(&[&b.left, &b.right])?
                } else {
                    let right = self.lower_expr(&b.right)?;
                    vec![self.verbatim(&b.left), right]
                };
                let (l, r, op) = (&ops[0].tokens, &ops[1].tokens, &b.op);
                let mut uses = ops[0].uses.clone();
                uses.extend(ops[1].uses.iter().copied());
                self.push_stmt(Stmt::Code {
                    tokens: quote!(#l #op #r;),
                    uses,
                    defs: Set::new(),
                    assigns: Set::new(),
                });
                Some(unit())
            }
            _ => {
                let ops = self.lower_operands(&[&b.left, &b.right])?;
                let (l, r, op) = (&ops[0].tokens, &ops[1].tokens, &b.op);
                Some(combine(&ops, quote!(#l #op #r)))
            }
        }
    }

    /// `yield_!(v)` and `yield_from!(sub[, first])`.
    pub(super) fn lower_suspend(&mut self, mac: &syn::Macro) -> Option<Operand> {
        let kind = suspend_macro(mac)?;
        let parser = Punctuated::<Expr, syn::Token![,]>::parse_terminated;
        let args = match syn::parse::Parser::parse2(parser, mac.tokens.clone()) {
            Ok(args) => args,
            Err(e) => {
                self.errors.push(e);
                return None;
            }
        };
        let args: Vec<&Expr> = args.iter().collect();
        let span = mac.path.span();
        let value_span = crate::check::value_span(mac);
        match kind {
            Suspend::Yield => {
                if args.len() > 1 {
                    self.error(
                        args[1].span(),
                        "`yield_!` takes one value; yield a tuple to hand out several",
                    );
                    return None;
                }
                if let Some(owner) = args
                    .first()
                    .filter(|e| matches!(e, Expr::Reference(_)))
                    .and_then(|e| crate::analysis::borrows::borrowed_local(e))
                    .and_then(|name| {
                        let id = self.lookup(&name.to_string())?;
                        self.cfg.bindings[id].owned.then_some(name)
                    })
                {
                    self.error(
                        args[0].span(),
                        format!(
                            "`yield_!` hands out a borrow of `{owner}`, a local of this \
                             coroutine, but the value must outlive the resumption that lends it; \
                             yield an owned value (a copy or a clone), or take `{owner}` as a \
                             parameter by reference (`{owner}: &..`)"
                        ),
                    );
                    return None;
                }
                let value = match args.first() {
                    Some(e) => self.lower_expr(e)?,
                    None => unit(),
                };
                Some(self.suspend(value, span, value_span))
            }
            Suspend::YieldFrom => {
                let unit_resume =
                    matches!(&self.ctx.resume_ty, syn::Type::Tuple(t) if t.elems.is_empty());
                if args.len() == 1 && !unit_resume {
                    let r = &self.ctx.resume_ty;
                    self.error(
                        span,
                        format!(
                            "this coroutine is resumed with `{}` values, so `yield_from!` needs \
                             the first value to resume the delegate with: \
                             `yield_from!(sub, first)`",
                            quote::ToTokens::to_token_stream(r)
                        ),
                    );
                    return None;
                }
                if args.is_empty() || args.len() > 2 {
                    self.error(
                        span,
                        "`yield_from!` takes a coroutine and, when the resume type is not `()`, \
                         the first value to resume it with: `yield_from!(sub)` or \
                         `yield_from!(sub, first)`",
                    );
                    return None;
                }
                if self.ctx.is_async {
                    return self.delegate_async(args[0], args.get(1).copied(), span);
                }
                let ops = self.lower_operands(&args)?;
                let mut ops = ops.into_iter();
                let sub = ops.next()?;
                let first = ops.next().unwrap_or_else(|| Operand {
                    tokens: quote_spanned!(span=> ()),
                    uses: Set::new(),
                    stable: true,
                });
                Some(self.delegate(sub, first, args[0].span(), span))
            }
        }
    }

    /// Suspends with `value`; the operand is the resume value.
    fn suspend(
        &mut self,
        value: Operand,
        span: proc_macro2::Span,
        value_span: proc_macro2::Span,
    ) -> Operand {
        self.suspend_as(value, span, value_span, false)
    }

    /// A suspension point: a `yield_!`, or an `.await` when `awaits`.
    fn suspend_as(
        &mut self,
        value: Operand,
        span: proc_macro2::Span,
        value_span: proc_macro2::Span,
        awaits: bool,
    ) -> Operand {
        let index = self.cfg.suspends.len();
        let resume = self.new_block(BlockKind::Resume(index));
        self.cfg.blocks[resume].preds = 1;
        let t = self.new_temp_at(value_span);
        self.cfg.bindings[t].resume_typed = !awaits;
        self.cfg.blocks[resume].params = vec![t];
        if let Some(b) = self.cur {
            self.cfg.suspends.push((b, span));
        }
        self.terminate(Term::Yield {
            value,
            resume,
            span,
            awaits,
        });
        self.switch_to(resume);
        self.temp_operand(t)
    }

    /// `yield_from!`: resume `sub` in a loop, passing yields out and resume values in.
    ///
    /// ```text
    /// let sub = ..; let arg = first;
    /// head: match resume(&mut sub, arg) {
    ///     Yielded(y) => { arg = yield y; goto head }
    ///     Complete(r) => r
    /// }
    /// ```
    fn delegate(
        &mut self,
        sub: Operand,
        first: Operand,
        sub_span: proc_macro2::Span,
        span: proc_macro2::Span,
    ) -> Operand {
        let sub = self.materialize(sub);
        let arg = self.materialize(first);
        let arg_id = *arg.uses.iter().next().unwrap_or(&0);
        self.cfg.bindings[arg_id].resume_typed = true;
        let depth = self.depth();
        let head = self.new_block(BlockKind::Inner);
        self.goto(head, vec![], depth);
        self.switch_to(head);
        let (s, a) = (&sub.tokens, &arg.tokens);
        let mut uses = sub.uses.clone();
        uses.extend(arg.uses.iter().copied());
        let state = self.materialize(Operand {
            tokens: self.ctx.resume_delegate(s, a, sub_span, span),
            uses,
            stable: false,
        });
        let after = self.new_block(BlockKind::Inner);
        let result = self.new_temp();
        self.cfg.blocks[after].params = vec![result];

        let on_yield = self.new_block(BlockKind::Inner);
        let on_complete = self.new_block(BlockKind::Inner);
        self.push_scope(ScopeKind::Pattern);
        let y = self.new_temp_at(span);
        self.pop_scope();
        self.push_scope(ScopeKind::Pattern);
        let r = self.new_temp_at(span);
        self.pop_scope();
        let (yi, ri) = (Ctx::hidden(y), Ctx::hidden(r));
        let arms = vec![
            Arm {
                pat: quote!(::coro::CoroutineState::Yielded(#yi)),
                guard: None,
                edge: self.edge(on_yield, vec![], depth),
            },
            Arm {
                pat: quote!(::coro::CoroutineState::Complete(#ri)),
                guard: None,
                edge: self.edge(on_complete, vec![], depth),
            },
        ];
        self.cfg.blocks[on_yield].params = vec![y];
        self.cfg.blocks[on_complete].params = vec![r];
        self.terminate(Term::Match {
            scrutinee: state,
            arms,
        });

        // Yielded: pass the value out; the resume value goes back into the delegate.
        let y_scope = self.cfg.bindings[y].scope;
        self.reenter_pattern_scope(y_scope);
        self.switch_to(on_yield);
        let value = self.temp_operand(y);
        let resumed = self.suspend(value, span, span);
        let _ = resumed;
        // The resume block binds the delegate's next argument directly.
        let resume_block = self.cur.unwrap_or(0);
        if self.cur.is_some() {
            self.cfg.blocks[resume_block].params = vec![arg_id];
        }
        self.goto(head, vec![], depth);
        self.pop_scope();

        let r_scope = self.cfg.bindings[r].scope;
        self.reenter_pattern_scope(r_scope);
        self.switch_to(on_complete);
        let r_op = self.temp_operand(r);
        self.goto(after, vec![r_op], depth);
        self.pop_scope();

        self.switch_to(after);
        self.temp_operand(result)
    }

    /// `yield_from!` in an `async fn` coroutine: the delegate, boxed once, is moved through a
    /// step future for each resumption, so no borrow of it is held across a suspension point.
    ///
    /// ```text
    /// { let mut sub = Box::pin(sub); let mut arg = first;
    ///   loop { let (state, next) = Step::new(sub, arg).await; sub = next;
    ///          match state { Yielded(y) => arg = yield_!(y), Complete(r) => break r } } }
    /// ```
    fn delegate_async(
        &mut self,
        sub: &Expr,
        first: Option<&Expr>,
        span: proc_macro2::Span,
    ) -> Option<Operand> {
        let desugared = delegate_async_expr(sub, first, span);
        self.lower_expr(&desugared)
    }

    /// Reports a future that borrows one of the coroutine's locals, which the state cannot hold
    /// next to the local while the future waits: `rx.recv().await`, a method known to borrow its
    /// receiver in the future it returns, called on a local that holds a value (not a
    /// reference) by its initialiser or type. A borrow passed as an argument (`f(&x).await`) is
    /// left to rustc: a function taking `&T` may well return a future that does not keep it.
    fn borrow_in_awaited(&mut self, base: &Expr) -> bool {
        let mut base = base;
        while let Expr::Paren(syn::ExprParen { expr, .. })
        | Expr::Group(syn::ExprGroup { expr, .. }) = base
        {
            base = expr;
        }
        let value_local = |l: &Self, e: &Expr| {
            let name = crate::names::single_ident(e)?;
            let id = l.lookup(&name.to_string())?;
            l.cfg.bindings[id].value.then(|| name.clone())
        };
        if let Expr::MethodCall(m) = base {
            let method = m.method.to_string();
            if crate::analysis::borrows::AWAIT_BORROWING_METHODS.contains(&method.as_str())
                && let Some(local) = value_local(self, &m.receiver)
            {
                self.error(
                    m.receiver.span(),
                    format!(
                        "`.{method}()` borrows `{local}`, a local of this coroutine, in the \
                         future awaited here: the state holds the future while it waits, next \
                         to the coroutine's locals, and cannot hold a borrow of one of them; \
                         move `{local}` into the future and take it back: `let (item, back) = \
                         async move {{ ({local}.{method}().await, {local}) }}.await; {local} = \
                         back;`"
                    ),
                );
                return true;
            }
        }
        false
    }

    /// Pushes an already created pattern scope back onto the stack.
    pub(super) fn reenter_pattern_scope(&mut self, scope: crate::ir::ScopeId) {
        self.scope_stack.push((scope, self.env.len()));
    }
}

/// The desugaring of an async `yield_from!` (see `Lowerer::delegate_async`).
pub(crate) fn delegate_async_expr(
    sub: &Expr,
    first: Option<&Expr>,
    span: proc_macro2::Span,
) -> Expr {
    let first: Expr = first
        .cloned()
        .unwrap_or_else(|| syn::parse_quote_spanned!(span=> ()));
    syn::parse_quote_spanned! {span=> {
        let mut __coro_dsub = ::coro::__private::Box::pin(#sub);
        let mut __coro_darg = #first;
        loop {
            let (__coro_dstate, __coro_dnext) =
                ::coro::__private::Step::new(__coro_dsub, __coro_darg).await;
            __coro_dsub = __coro_dnext;
            match __coro_dstate {
                ::coro::CoroutineState::Yielded(__coro_dy) => {
                    __coro_darg = yield_!(__coro_dy);
                }
                ::coro::CoroutineState::Complete(__coro_dr) => break __coro_dr,
            }
        }
    }}
}

pub(super) fn unit() -> Operand {
    Operand {
        tokens: quote!(()),
        uses: Set::new(),
        stable: true,
    }
}

/// An operand built from one operand.
fn wrap(inner: Operand, f: impl FnOnce(&TokenStream) -> TokenStream) -> Operand {
    Operand {
        tokens: f(&inner.tokens),
        uses: inner.uses,
        stable: inner.stable,
    }
}

/// An operand built from several.
fn combine(ops: &[Operand], tokens: TokenStream) -> Operand {
    let mut uses = Set::new();
    for o in ops {
        uses.extend(o.uses.iter().copied());
    }
    Operand {
        tokens,
        uses,
        stable: false,
    }
}
