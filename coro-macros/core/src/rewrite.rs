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

struct Rewriter<'a> {
    ctx: &'a Ctx,
    in_closure: bool,
}

/// The rewritten tokens of a verbatim expression.
pub(crate) fn rewrite_expr(ctx: &Ctx, e: &Expr) -> TokenStream {
    let mut e = e.clone();
    Rewriter {
        ctx,
        in_closure: false,
    }
    .visit_expr_mut(&mut e);
    e.into_token_stream()
}

/// The rewritten tokens of a verbatim statement.
pub(crate) fn rewrite_stmt(ctx: &Ctx, s: &syn::Stmt) -> TokenStream {
    let mut s = s.clone();
    Rewriter {
        ctx,
        in_closure: false,
    }
    .visit_stmt_mut(&mut s);
    s.into_token_stream()
}

/// `operand?` as a match on `coro::__private::Try`, completing the coroutine on a residual.
pub(crate) fn try_desugar(ctx: &Ctx, operand: &TokenStream, span: Span) -> TokenStream {
    let v = Ident::new("__coro_v", Span::mixed_site());
    let r = Ident::new("__coro_r", Span::mixed_site());
    let residual = quote_spanned!(span=> ::coro::__private::FromResidual::from_residual(#r));
    let complete = ctx.complete(&residual);
    quote_spanned! {span=>
        match ::coro::__private::Try::branch(#operand) {
            ::core::ops::ControlFlow::Continue(#v) => #v,
            ::core::ops::ControlFlow::Break(#r) => #complete,
        }
    }
}

impl VisitMut for Rewriter<'_> {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
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
                *e = Expr::Verbatim(self.ctx.complete(&value));
            }
            Expr::Try(t) if !self.in_closure => {
                self.visit_expr_mut(&mut t.expr);
                let span = t.question_token.span;
                let inner = t.expr.to_token_stream();
                *e = Expr::Verbatim(try_desugar(self.ctx, &inner, span));
            }
            Expr::Closure(c) => {
                let was = std::mem::replace(&mut self.in_closure, true);
                self.visit_expr_mut(&mut c.body);
                self.in_closure = was;
            }
            Expr::Async(a) => {
                let was = std::mem::replace(&mut self.in_closure, true);
                self.visit_block_mut(&mut a.block);
                self.in_closure = was;
            }
            Expr::Path(p) if p.qself.is_none() && p.path.is_ident("self") => {
                let span = p.path.segments[0].ident.span();
                *e = Expr::Verbatim(
                    Ident::new(&self.ctx.self_ident.to_string(), span).into_token_stream(),
                );
            }
            _ => visit_mut::visit_expr_mut(self, e),
        }
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}

    fn visit_macro_mut(&mut self, m: &mut syn::Macro) {
        m.tokens = self.rewrite_macro_tokens(m.tokens.clone());
    }
}

impl Rewriter<'_> {
    /// Macro arguments that parse as comma-separated expressions are rewritten like code;
    /// others only get `self` renamed.
    fn rewrite_macro_tokens(&mut self, tokens: TokenStream) -> TokenStream {
        if !needs_rewrite(&tokens) {
            return tokens;
        }
        let parser = Punctuated::<Expr, Token![,]>::parse_terminated;
        if let Ok(mut exprs) = syn::parse::Parser::parse2(parser, tokens.clone()) {
            for e in &mut exprs {
                self.visit_expr_mut(e);
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
                TokenTree::Ident(id) if id == "self" => {
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
