//! Rewrites of user code that stays verbatim: `return` and `?` complete the coroutine instead of
//! returning from the resume closure, and `self` becomes the renamed receiver.
//!
//! ```text
//! return e;       =>  { let ret: T = e; *state = State::Done; return Complete(ret); }
//! e?              =>  match Try::branch(e) { Continue(v) => v, Break(r) => <complete with
//!                                            FromResidual::from_residual(r)> }
//! self.x          =>  __coro_self.x
//! ```
//!
//! Closures and `async` blocks keep their own `return` and `?`; nested items are left alone.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote_spanned};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Token};

use crate::ctx::Ctx;
use crate::ir::{BindingId, Set};
use crate::names::{Resolver, pattern_bindings};

/// The prefix of the placeholder that stands for a reference to a binding in rewritten code;
/// code generation renders it as the binding's name, or as `(*name)` where the binding is used
/// in place.
pub(crate) const MARKER: &str = "__coro_ref";

/// A placeholder for binding `id`, located at the user's token.
pub(crate) fn marker(id: BindingId, at: Span) -> Ident {
    Ident::new(&format!("{MARKER}{id}"), at)
}

/// Rewritten user code and what it does to the coroutine's bindings beyond plain mentions.
pub(crate) struct Rewritten {
    pub(crate) tokens: TokenStream,
    /// Bindings mentioned where the value may be moved out (anything but a borrow, an index
    /// base, an assignee or a comparison operand).
    pub(crate) moves: Set,
    /// Bindings mentioned inside macro arguments, which are not rewritten.
    pub(crate) opaque: Set,
}

struct Rewriter<'a> {
    ctx: &'a Ctx,
    lookup: &'a dyn Fn(&str) -> Option<BindingId>,
    in_closure: bool,
    /// The expression being visited is a place that is only borrowed or assigned.
    place: bool,
    /// Names bound inside the code itself.
    shadowed: Vec<String>,
    moves: Set,
    opaque: Set,
}

impl<'a> Rewriter<'a> {
    fn new(ctx: &'a Ctx, lookup: &'a dyn Fn(&str) -> Option<BindingId>) -> Self {
        Rewriter {
            ctx,
            lookup,
            in_closure: false,
            place: false,
            shadowed: Vec::new(),
            moves: Set::new(),
            opaque: Set::new(),
        }
    }

    fn finish(self, tokens: TokenStream) -> Rewritten {
        Rewritten {
            tokens,
            moves: self.moves,
            opaque: self.opaque,
        }
    }

    fn resolve(&self, name: &str) -> Option<BindingId> {
        if self.shadowed.iter().any(|s| s == name) {
            return None;
        }
        (self.lookup)(name)
    }

    fn bind_pat(&mut self, pat: &syn::Pat) {
        for (ident, _) in pattern_bindings(pat) {
            self.shadowed.push(ident.to_string());
        }
    }

    /// The marker for a bare local name, if it names one of the coroutine's bindings.
    fn path_marker(&mut self, e: &Expr, place: bool) -> Option<Expr> {
        let Expr::Path(p) = e else { return None };
        if p.qself.is_some()
            || p.path.leading_colon.is_some()
            || p.path.segments.len() != 1
            || !p.path.segments[0].arguments.is_none()
        {
            return None;
        }
        let ident = &p.path.segments[0].ident;
        let id = self.resolve(&ident.to_string())?;
        if !place {
            self.moves.insert(id);
        }
        Some(Expr::Verbatim(marker(id, ident.span()).into_token_stream()))
    }

    fn visit_in(&mut self, e: &mut Expr, place: bool) {
        self.place = place;
        self.visit_expr_mut(e);
    }
}

/// The rewritten tokens of a verbatim expression.
pub(crate) fn rewrite_expr(
    ctx: &Ctx,
    lookup: &dyn Fn(&str) -> Option<BindingId>,
    e: &Expr,
) -> Rewritten {
    let mut e = e.clone();
    let mut r = Rewriter::new(ctx, lookup);
    r.visit_expr_mut(&mut e);
    r.finish(e.into_token_stream())
}

/// The rewritten tokens of a verbatim statement.
pub(crate) fn rewrite_stmt(
    ctx: &Ctx,
    lookup: &dyn Fn(&str) -> Option<BindingId>,
    s: &syn::Stmt,
) -> Rewritten {
    let mut s = s.clone();
    let mut r = Rewriter::new(ctx, lookup);
    r.visit_stmt_mut(&mut s);
    r.finish(s.into_token_stream())
}

/// `operand?` as a match on `coro::__private::Try`, completing the coroutine on a residual.
pub(crate) fn try_desugar(ctx: &Ctx, operand: &TokenStream, span: Span) -> TokenStream {
    // Located at the `?`, so that a failed conversion of the residual points there.
    let v = Ident::new("__coro_v", Span::mixed_site().located_at(span));
    let r = Ident::new("__coro_r", Span::mixed_site().located_at(span));
    let ret = ctx.inner_return_ty();
    let ret = crate::render::respan(&ret, span);
    let residual = quote_spanned!(span=>
        <#ret as ::coro::__private::FromResidual<_>>::from_residual(#r)
    );
    let complete = ctx.complete_at(&residual, span);
    // The `match` itself is the macro's (located at the `?`), so that lints on user code, such
    // as `clippy::unnecessary_semicolon` on `check()?;`, do not see a `match` statement there.
    let generated = Span::mixed_site().located_at(span);
    quote_spanned! {generated=>
        match ::coro::__private::Try::branch(#operand) {
            ::core::ops::ControlFlow::Continue(#v) => #v,
            ::core::ops::ControlFlow::Break(#r) => #complete,
        }
    }
}

impl VisitMut for Rewriter<'_> {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        let place = std::mem::replace(&mut self.place, false);
        if let Some(m) = self.path_marker(e, place) {
            *e = m;
            return;
        }
        match e {
            Expr::Return(r) if !self.in_closure => {
                let span = r.return_token.span;
                let value = match &mut r.expr {
                    Some(v) => {
                        self.visit_expr_mut(v);
                        v.to_token_stream()
                    }
                    None => quote_spanned!(span=> ()),
                };
                // The twin's `return` stands at the user's, for `unreachable_code`'s label.
                let at = if self.ctx.twin {
                    span
                } else {
                    Span::call_site()
                };
                *e = Expr::Verbatim(self.ctx.complete_at(&value, at));
            }
            Expr::Try(t) if !self.in_closure => {
                self.visit_expr_mut(&mut t.expr);
                let span = t.question_token.span;
                let inner = t.expr.to_token_stream();
                *e = Expr::Verbatim(try_desugar(self.ctx, &inner, span));
            }
            Expr::Closure(c) => {
                let was = std::mem::replace(&mut self.in_closure, true);
                let mark = self.shadowed.len();
                for p in &c.inputs {
                    self.bind_pat(p);
                }
                self.visit_expr_mut(&mut c.body);
                self.shadowed.truncate(mark);
                self.in_closure = was;
            }
            Expr::Async(a) => {
                let was = std::mem::replace(&mut self.in_closure, true);
                self.visit_block_mut(&mut a.block);
                self.in_closure = was;
            }
            Expr::Reference(r) => self.visit_in(&mut r.expr, true),
            Expr::Index(i) => {
                self.visit_in(&mut i.expr, true);
                self.visit_in(&mut i.index, false);
            }
            Expr::Field(f) => self.visit_in(&mut f.base, place),
            Expr::Paren(p) => self.visit_in(&mut p.expr, place),
            Expr::Group(g) => self.visit_in(&mut g.expr, place),
            Expr::Assign(a) => {
                self.visit_in(&mut a.left, true);
                self.visit_in(&mut a.right, false);
            }
            Expr::Binary(b) => {
                let comparison = crate::names::is_comparison(&b.op);
                let left_place = comparison || crate::names::is_compound_assign(&b.op);
                let right_place = comparison;
                self.visit_in(&mut b.left, left_place);
                self.visit_in(&mut b.right, right_place);
            }
            Expr::Path(p)
                if self.ctx.has_receiver && p.qself.is_none() && p.path.is_ident("self") =>
            {
                let span = p.path.segments[0].ident.span();
                *e = Expr::Verbatim(
                    Ident::new(&self.ctx.self_ident.to_string(), span).into_token_stream(),
                );
            }
            Expr::If(i) => {
                let mark = self.shadowed.len();
                self.visit_expr_mut(&mut i.cond);
                self.visit_block_mut(&mut i.then_branch);
                self.shadowed.truncate(mark);
                if let Some((_, otherwise)) = &mut i.else_branch {
                    self.visit_expr_mut(otherwise);
                }
            }
            Expr::While(w) => {
                let mark = self.shadowed.len();
                self.visit_expr_mut(&mut w.cond);
                self.visit_block_mut(&mut w.body);
                self.shadowed.truncate(mark);
            }
            Expr::ForLoop(f) => {
                self.visit_expr_mut(&mut f.expr);
                let mark = self.shadowed.len();
                self.bind_pat(&f.pat);
                self.visit_block_mut(&mut f.body);
                self.shadowed.truncate(mark);
            }
            Expr::Let(l) => {
                self.visit_expr_mut(&mut l.expr);
                self.bind_pat(&l.pat);
            }
            _ => visit_mut::visit_expr_mut(self, e),
        }
    }

    fn visit_block_mut(&mut self, b: &mut syn::Block) {
        let mark = self.shadowed.len();
        for stmt in &mut b.stmts {
            self.visit_stmt_mut(stmt);
        }
        self.shadowed.truncate(mark);
    }

    fn visit_local_mut(&mut self, l: &mut syn::Local) {
        if let Some(init) = &mut l.init {
            self.visit_expr_mut(&mut init.expr);
            if let Some((_, diverge)) = &mut init.diverge {
                self.visit_expr_mut(diverge);
            }
        }
        self.bind_pat(&l.pat);
    }

    fn visit_arm_mut(&mut self, a: &mut syn::Arm) {
        let mark = self.shadowed.len();
        self.bind_pat(&a.pat);
        if let Some((_, g)) = &mut a.guard {
            self.visit_expr_mut(g);
        }
        self.visit_expr_mut(&mut a.body);
        self.shadowed.truncate(mark);
    }

    fn visit_field_value_mut(&mut self, f: &mut syn::FieldValue) {
        // `S { x }` names the local `x`: spell it out so that the marker can stand in.
        if f.colon_token.is_none()
            && let syn::Member::Named(name) = &f.member
            && self.resolve(&name.to_string()).is_some()
        {
            f.colon_token = Some(Token![:](name.span()));
        }
        self.visit_expr_mut(&mut f.expr);
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}

    fn visit_pat_mut(&mut self, _: &mut syn::Pat) {}

    fn visit_macro_mut(&mut self, m: &mut syn::Macro) {
        if let Some(tokens) = self.rewrite_std_macro(m) {
            m.tokens = tokens;
            return;
        }
        let lookup = |n: &str| self.resolve(n);
        self.opaque
            .extend(Resolver::tokens(&lookup, m.tokens.clone()));
        m.tokens = self.rewrite_macro_tokens(m.tokens.clone());
    }
}

/// Standard macros whose arguments are expressions (and format strings).
pub(crate) const EXPR_MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "print",
    "println",
    "eprint",
    "eprintln",
    "format",
    "format_args",
    "write",
    "writeln",
    "panic",
    "unreachable",
    "todo",
    "unimplemented",
    "dbg",
];

impl Rewriter<'_> {
    /// The arguments of a standard expression macro, rewritten like code. A binding named in a
    /// format string (`{x}`) is noted as opaque: the string cannot be rewritten.
    fn rewrite_std_macro(&mut self, m: &syn::Macro) -> Option<TokenStream> {
        let name = m.path.segments.last()?.ident.to_string();
        if !EXPR_MACROS.contains(&name.as_str()) {
            return None;
        }
        let parser = Punctuated::<Expr, Token![,]>::parse_terminated;
        let mut args = syn::parse::Parser::parse2(parser, m.tokens.clone()).ok()?;
        for arg in &mut args {
            match arg {
                Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => {
                    for capture in crate::names::format_captures(&s.token().to_string()) {
                        if let Some(id) = self.resolve(&capture) {
                            self.opaque.insert(id);
                        }
                    }
                }
                // `name = value`: a named format argument, not an assignment.
                Expr::Assign(a) if crate::names::single_ident(&a.left).is_some() => {
                    self.visit_in(&mut a.right, false);
                }
                other => self.visit_in(other, false),
            }
        }
        Some(args.into_token_stream())
    }

    /// Macro arguments that parse as comma-separated expressions get `return`, `?` and `self`
    /// rewritten like code (but keep the user's names); others only get `self` renamed.
    fn rewrite_macro_tokens(&mut self, tokens: TokenStream) -> TokenStream {
        if !needs_rewrite(&tokens) {
            return tokens;
        }
        let parser = Punctuated::<Expr, Token![,]>::parse_terminated;
        if let Ok(mut exprs) = syn::parse::Parser::parse2(parser, tokens.clone()) {
            let none = |_: &str| None;
            let mut inner = Rewriter::new(self.ctx, &none);
            inner.in_closure = self.in_closure;
            for e in &mut exprs {
                inner.visit_expr_mut(e);
            }
            return exprs.into_token_stream();
        }
        self.rename_self(tokens)
    }
    fn rename_self(&self, tokens: TokenStream) -> TokenStream {
        let mut out = Vec::new();
        let tts: Vec<TokenTree> = tokens.into_iter().collect();
        for (i, tt) in tts.iter().enumerate() {
            match tt {
                TokenTree::Ident(id) if id == "self" && self.ctx.has_receiver => {
                    let path_follows = matches!(
                        (tts.get(i + 1), tts.get(i + 2)),
                        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                            if a.as_char() == ':' && b.as_char() == ':'
                    );
                    if path_follows {
                        out.push(tt.clone());
                    } else {
                        out.push(TokenTree::Ident(Ident::new(
                            &self.ctx.self_ident.to_string(),
                            id.span(),
                        )));
                    }
                }
                TokenTree::Group(g) => {
                    let mut ng = Group::new(g.delimiter(), self.rename_self(g.stream()));
                    ng.set_span(g.span());
                    out.push(TokenTree::Group(ng));
                }
                _ => out.push(tt.clone()),
            }
        }
        out.into_iter().collect()
    }
}

fn needs_rewrite(tokens: &TokenStream) -> bool {
    tokens.clone().into_iter().any(|tt| match tt {
        TokenTree::Ident(i) => i == "self" || i == "return",
        TokenTree::Punct(p) => p.as_char() == '?',
        TokenTree::Group(g) => {
            g.delimiter() != Delimiter::None && needs_rewrite(&g.stream())
                || g.delimiter() == Delimiter::None && needs_rewrite(&g.stream())
        }
        TokenTree::Literal(_) => false,
    })
}
