//! The lint twin: the body once more, as a plain closure that is never called, so that rustc
//! checks and lints it as the function the user wrote.
//!
//! The state machine cuts the body at its suspension points, moves locals into the state and
//! leaves out code that no path reaches, so lints that look at a whole function (unused
//! variables, unneeded `mut`, unreachable code, assignments never read) cannot be told from the
//! generated code. The twin is the body with every suspension point replaced by a call that
//! produces a value of the resume type, and the parameters bound to stand-ins of their own
//! types; those lints are allowed on the state machine and reported on the twin, at the user's
//! tokens, exactly when a plain function would report them.
//!
//! ```text
//! fn f(mut n: u32) {                 ::coro::__private::twin(|| {
//!     let x = yield_!(n);      =>        let mut n = ::coro::__private::twin_value(&n);
//!     return;                            let x = { let __coro_y: u32 = n; twin_any::<()>() };
//!     n += 1;                            { let __coro_ret: () = (); return __coro_ret; };
//! }                                      n += 1;   // unreachable: reported here
//!                                    });
//! ```
//!
//! The twin's boundaries (`yield_!`'s value, `return`, `?`, the tail) are typed with the same
//! tokens as the state machine's, so an error in the user's code is reported by both at the same
//! tokens with the same text, which rustc prints once. Clippy is allowed on the twin: its
//! findings in the user's code are reported on the state machine.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Ident};

use crate::check::{Suspend, suspend_macro};
use crate::ctx::Ctx;
use crate::lower::Param;

/// The lints the twin reports and the state machine allows.
pub(crate) const TWIN_LINTS: &[&str] = &[
    "unused_variables",
    "unused_mut",
    "unused_assignments",
    "unreachable_code",
];

/// Whether the body can be checked twice. The items the state machine hoists to the function's
/// body are left out of the twin, which sees them there; other items are declared once more in
/// the twin, which is harmless for functions, types and constants in a block of their own, but
/// not for `impl` blocks (which would conflict) or exported symbols.
fn duplicable(tokens: TokenStream) -> bool {
    tokens.into_iter().all(|tt| match tt {
        TokenTree::Ident(i) => !matches!(
            i.to_string().as_str(),
            "impl"
                | "no_mangle"
                | "export_name"
                | "macro_export"
                | "global_asm"
                | "naked"
                | "used"
                | "link_section"
        ),
        TokenTree::Group(g) => duplicable(g.stream()),
        _ => true,
    })
}

/// Macros called as statements that are known not to declare items that could not be declared
/// twice (`impl` blocks, exported or linked symbols), besides the standard expression macros.
const STATEMENT_MACROS: &[&str] = &[
    "yield_",
    "yield_from",
    "macro_rules",
    "vec",
    "matches",
    "trace",
    "debug",
    "info",
    "warn",
    "error",
    "event",
];

/// Whether the body calls, as a statement, a macro that might expand to items (an
/// `impl_display!(T);` would be declared twice).
fn item_macros(block: &syn::Block) -> bool {
    struct Find(bool);
    impl Find {
        fn check(&mut self, m: &syn::Macro) {
            let known = m
                .path
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .is_some_and(|name| {
                    STATEMENT_MACROS.contains(&name.as_str())
                        || crate::rewrite::EXPR_MACROS.contains(&name.as_str())
                });
            self.0 |= !known;
        }
    }
    impl<'ast> syn::visit::Visit<'ast> for Find {
        fn visit_stmt(&mut self, s: &'ast syn::Stmt) {
            match s {
                syn::Stmt::Macro(m) => self.check(&m.mac),
                syn::Stmt::Item(syn::Item::Macro(m)) => self.check(&m.mac),
                _ => syn::visit::visit_stmt(self, s),
            }
        }
    }
    let mut f = Find(false);
    syn::visit::Visit::visit_block(&mut f, block);
    f.0
}

/// What the twin needs of the signature.
pub(crate) struct TwinSig<'a> {
    /// The body's parameters.
    pub(crate) params: &'a [Param],
    /// The generated function's names for them, in the same order.
    pub(crate) names: &'a [TokenStream],
    /// The `#[resume]` parameter's pattern.
    pub(crate) resume: Option<&'a syn::Pat>,
    /// Where the user's `self` stands, and the `mut` of a by-value `self`.
    pub(crate) receiver: Option<(Span, Option<syn::Token![mut]>)>,
    /// The parameters' lint attributes.
    pub(crate) lint_attrs: LintAttrs,
}

/// The twin of `block`, a statement for the generated function's body, or nothing where the
/// body cannot be duplicated; `hoisted` are the items the state machine declares in the
/// function's body.
pub(crate) fn twin(
    ctx: &Ctx,
    sig: &TwinSig<'_>,
    block: &syn::Block,
    hoisted: &[TokenStream],
) -> Option<TokenStream> {
    let TwinSig {
        params,
        names,
        resume,
        receiver,
        lint_attrs,
    } = sig;
    // An `impl Trait` in the return or resume type can only be named by the signature: the
    // twin could not tie its values to it.
    if crate::ctx::impl_trait_span(&ctx.return_ty).is_some()
        || crate::ctx::impl_trait_span(&ctx.resume_ty).is_some()
    {
        return None;
    }
    let mut block = block.clone();
    let hoisted: std::collections::HashSet<String> =
        hoisted.iter().map(ToString::to_string).collect();
    LeaveOutHoisted(&hoisted).visit_block_mut(&mut block);
    if !duplicable(block.to_token_stream()) || item_macros(&block) {
        return None;
    }
    let twin_ctx = ctx.for_twin();
    let ctx = &twin_ctx;
    // Without a tail, the twin's end is left as it is: rustc tells whether it is reached (a
    // body that falls off its end though it returns a value is the state machine's to report,
    // at the closing brace).
    let tail = match block.stmts.pop() {
        Some(syn::Stmt::Expr(e, None)) => Some(e),
        other => {
            block.stmts.extend(other);
            None
        }
    };
    let mut replace = Suspends { ctx, errors: false };
    replace.visit_block_mut(&mut block);
    let tail = tail.map(|mut e| {
        replace.visit_expr_mut(&mut e);
        e
    });
    if replace.errors {
        return None;
    }
    let none = |_: &str| None;
    let stmts = block
        .stmts
        .iter()
        .map(|s| crate::rewrite::rewrite_stmt(ctx, &none, s).tokens);
    let tail = tail.map(|e| ctx.complete(&crate::rewrite::rewrite_expr(ctx, &none, &e).tokens));
    let body = quote!({ #(#stmts)* #tail });

    let mut shadows = Vec::new();
    let value = quote!(::coro::__private::twin_value);
    let no_attrs = Vec::new();
    for (i, (p, name)) in params.iter().zip(names.iter()).enumerate() {
        let attrs = lint_attrs.params.get(i).unwrap_or(&no_attrs);
        if p.is_receiver {
            let (at, mutability) = (*receiver)?;
            let this = Ident::new(&ctx.self_ident.to_string(), at);
            let self_ = Ident::new("self", at);
            shadows.push(quote!(#(#attrs)* let #mutability #this = #value(&#self_);));
        } else {
            let pat = &p.pat;
            shadows.push(quote!(#(#attrs)* let #pat = #value(&#name);));
        }
    }
    if let Some(pat) = *resume {
        let ty = ctx.inner_resume_ty();
        let attrs = &lint_attrs.resume;
        shadows.push(quote!(#(#attrs)* let #pat: #ty = ::coro::__private::twin_any();));
    }
    let code = quote! {
        #(#shadows)*
        #body
    };
    let twin = if ctx.is_async {
        quote!(async { #code })
    } else {
        quote!(|| { #code })
    };
    Some(quote! {
        #[allow(clippy::all, clippy::pedantic, clippy::nursery, clippy::restriction)]
        ::coro::__private::twin(#twin);
    })
}

/// The lint attributes (`#[allow(..)]` and the like) of the parameters, which the twin's
/// stand-ins carry: those of the body's parameters in order, and the `#[resume]` one's.
#[derive(Default)]
pub(crate) struct LintAttrs {
    pub(crate) params: Vec<Vec<syn::Attribute>>,
    pub(crate) resume: Vec<syn::Attribute>,
}

impl LintAttrs {
    /// Collected from the user's signature.
    pub(crate) fn of(sig: &syn::Signature) -> Self {
        let lint = |attrs: &[syn::Attribute]| -> Vec<syn::Attribute> {
            attrs
                .iter()
                .filter(|a| {
                    ["allow", "warn", "deny", "forbid", "expect"]
                        .iter()
                        .any(|l| a.path().is_ident(l))
                })
                .cloned()
                .collect()
        };
        let mut out = LintAttrs::default();
        for input in &sig.inputs {
            match input {
                syn::FnArg::Receiver(r) => out.params.push(lint(&r.attrs)),
                syn::FnArg::Typed(pt) if pt.attrs.iter().any(|a| a.path().is_ident("resume")) => {
                    out.resume = lint(&pt.attrs);
                }
                syn::FnArg::Typed(pt) => out.params.push(lint(&pt.attrs)),
            }
        }
        out
    }
}

/// Removes the item statements that the state machine hoists to the function's body.
struct LeaveOutHoisted<'a>(&'a std::collections::HashSet<String>);

impl VisitMut for LeaveOutHoisted<'_> {
    fn visit_block_mut(&mut self, b: &mut syn::Block) {
        b.stmts.retain(|s| {
            !matches!(s, syn::Stmt::Item(item) if self.0.contains(&item.to_token_stream().to_string()))
        });
        visit_mut::visit_block_mut(self, b);
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

/// Replaces `yield_!` and `yield_from!` with expressions of the value they evaluate to.
struct Suspends<'a> {
    ctx: &'a Ctx,
    errors: bool,
}

impl Suspends<'_> {
    /// The replacement of a `yield_!`/`yield_from!` call; `statement` when its value is
    /// discarded.
    fn replace(&mut self, mac: &syn::Macro, statement: bool) -> Option<Expr> {
        let kind = suspend_macro(mac)?;
        let parser = Punctuated::<Expr, syn::Token![,]>::parse_terminated;
        let Ok(mut args) = syn::parse::Parser::parse2(parser, mac.tokens.clone()) else {
            self.errors = true;
            return None;
        };
        for a in &mut args {
            self.visit_expr_mut(a);
        }
        let args: Vec<Expr> = args.into_iter().collect();
        let span = mac.path.span();
        let value_span = crate::check::value_span(mac);
        if kind == Suspend::YieldFrom && self.ctx.is_async {
            let mut e = crate::lower::delegate_async_expr(args.first()?, args.get(1), span);
            self.visit_expr_mut(&mut e);
            return Some(e);
        }
        // The arguments are rewritten here (`return`, `?`, `self`), and the replacement is
        // verbatim tokens: reparsing it for the rewrite of the whole body would cost more.
        let none = |_: &str| None;
        let rewritten: Vec<TokenStream> = args
            .iter()
            .map(|a| crate::rewrite::rewrite_expr(self.ctx, &none, a).tokens)
            .collect();
        let unit = quote_spanned!(span=> ());
        match kind {
            Suspend::Yield => {
                let v = rewritten.first().unwrap_or(&unit);
                Some(self.yield_expr(v, span, value_span, statement))
            }
            Suspend::YieldFrom => {
                let sub = args.first()?;
                let first = rewritten.get(1).unwrap_or(&unit);
                let sub_tokens = &rewritten[0];
                let hidden = |name: &str| Ident::new(name, Span::mixed_site().located_at(span));
                let (s, a, y, r) = (
                    hidden("__coro_tsub"),
                    hidden("__coro_targ"),
                    hidden("__coro_ty"),
                    hidden("__coro_tr"),
                );
                let resume = self
                    .ctx
                    .resume_delegate(&quote!(#s), &quote!(#a), sub.span(), span);
                let resumed = self.yield_expr(&quote!(#y), span, span, false);
                // A statement discards the delegate's return value, as the user's code does.
                let discard = statement.then(|| quote!(#[allow(unused_results)]));
                Some(Expr::Verbatim(quote_spanned! {span=> #discard {
                    let mut #s = #sub_tokens;
                    let mut #a = #first;
                    loop {
                        match #resume {
                            ::coro::CoroutineState::Yielded(#y) => #a = #resumed,
                            ::coro::CoroutineState::Complete(#r) => break #r,
                        }
                    }
                }}))
            }
        }
    }

    /// `yield_!(v)`: `v` checked against the yield type as the state machine does, in the
    /// argument of a call that produces a value of the resume type.
    ///
    /// The call stands at the `yield_!`'s parentheses, as the state machine's local holding the
    /// resume value does, so that misusing the value is one error, reported by both alike. A
    /// statement's value cannot be misused: its call is located at the user's `yield_!(..)`
    /// itself, which is what `unreachable_code` shows when the statement cannot be reached.
    fn yield_expr(
        &self,
        value: &TokenStream,
        path_span: Span,
        value_span: Span,
        statement: bool,
    ) -> Expr {
        let y = Ident::new("__coro_y", Span::mixed_site());
        let yield_ty = &self.ctx.yield_ty;
        let resume_ty = self.ctx.inner_resume_ty();
        let (path_at, at) = if statement {
            (path_span, value_span)
        } else {
            let at = Span::mixed_site().located_at(value_span);
            (at, at)
        };
        let mut check = proc_macro2::Group::new(
            proc_macro2::Delimiter::Parenthesis,
            quote!({ let #y: #yield_ty = #value; }),
        );
        check.set_span(at);
        Expr::Verbatim(if statement {
            // The value is discarded: a call of type `()`, which `unused_results` leaves alone.
            quote_spanned!(path_at=> ::coro::__private::twin_suspend #check)
        } else {
            quote_spanned!(path_at=> ::coro::__private::twin_resume::<#resume_ty> #check)
        })
    }
}

impl VisitMut for Suspends<'_> {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        if let Expr::Macro(m) = e
            && suspend_macro(&m.mac).is_some()
        {
            if let Some(mut new) = self.replace(&m.mac, false) {
                with_attrs(&mut new, &m.attrs);
                *e = new;
            }
            return;
        }
        visit_mut::visit_expr_mut(self, e);
    }

    fn visit_stmt_mut(&mut self, s: &mut syn::Stmt) {
        if let syn::Stmt::Expr(Expr::Macro(m), Some(semi)) = s
            && suspend_macro(&m.mac).is_some()
        {
            if let Some(mut new) = self.replace(&m.mac, true) {
                with_attrs(&mut new, &m.attrs);
                *s = syn::Stmt::Expr(new, Some(*semi));
            }
            return;
        }
        if let syn::Stmt::Macro(m) = s
            && suspend_macro(&m.mac).is_some()
        {
            if let Some(mut new) = self.replace(&m.mac, m.semi_token.is_some()) {
                with_attrs(&mut new, &m.attrs);
                let semi = m.semi_token.unwrap_or_default();
                *s = syn::Stmt::Expr(new, Some(semi));
            }
            return;
        }
        visit_mut::visit_stmt_mut(self, s);
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

/// Moves a macro call's attributes (`#[cfg]`, lint levels) onto its replacement.
fn with_attrs(e: &mut Expr, attrs: &[syn::Attribute]) {
    match e {
        Expr::Block(b) => b.attrs.extend(attrs.iter().cloned()),
        Expr::Verbatim(tokens) if !attrs.is_empty() => *tokens = quote!(#(#attrs)* #tokens),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use crate::expand::expand_to_string;

    fn expand(item: proc_macro2::TokenStream) -> String {
        expand_to_string(quote!(yield = u32), item)
    }

    #[test]
    fn the_twin_keeps_what_the_state_machine_leaves_out() {
        let out = expand(quote! {
            fn f() -> u32 {
                yield_!(1);
                return 2;
                let unreachable_local = 3;
                unreachable_local
            }
        });
        assert!(out.contains(":: coro :: __private :: twin (||"), "{out}");
        // Code after the `return` is in the expansion once: in the twin.
        assert_eq!(out.matches("let unreachable_local = 3").count(), 1, "{out}");
        assert!(
            out.contains(
                "allow (unused_variables , unused_mut , unused_assignments , unreachable_code)"
            ),
            "{out}"
        );
    }

    #[test]
    fn hoisted_items_are_left_out_of_the_twin() {
        let out = expand(quote! {
            fn f() {
                struct S;
                impl S {
                    fn one() -> u32 { 1 }
                }
                yield_!(S::one());
            }
        });
        assert!(out.contains("__private :: twin"), "{out}");
        assert_eq!(out.matches("impl S").count(), 1, "{out}");
    }

    #[test]
    fn an_impl_block_the_state_machine_keeps_in_place_means_no_twin() {
        // The block has no suspension point: it stays verbatim, its items with it.
        let out = expand(quote! {
            fn f() {
                let n = {
                    struct S;
                    impl S {
                        fn one() -> u32 { 1 }
                    }
                    S::one()
                };
                yield_!(n);
            }
        });
        assert!(!out.contains("__private :: twin"), "{out}");
        assert!(!out.contains("unused_assignments"), "{out}");
    }

    #[test]
    fn parameters_are_bound_to_stand_ins_with_their_patterns() {
        let out = expand(quote! {
            fn f(mut n: u32, (a, b): (u32, u32), #[resume] first: u32) {
                n += a + b + first;
                yield_!(n);
            }
        });
        assert!(
            out.contains("let mut n = :: coro :: __private :: twin_value (& n)"),
            "{out}"
        );
        assert!(
            out.contains("let (a , b) = :: coro :: __private :: twin_value (& __coro_p1)"),
            "{out}"
        );
        assert!(
            out.contains("let first : u32 = :: coro :: __private :: twin_any ()"),
            "{out}"
        );
    }

    #[test]
    fn an_async_body_gets_an_async_twin() {
        let out = expand(quote! {
            async fn f() {
                let x = std::future::ready(1).await;
                yield_!(x);
            }
        });
        assert!(
            out.contains(":: coro :: __private :: twin (async {"),
            "{out}"
        );
        assert!(out.contains("ready (1) . await"), "{out}");
    }

    #[test]
    fn self_is_renamed_only_with_a_receiver() {
        let free = expand(quote! {
            fn f() {
                yield_!(self.0);
            }
        });
        assert!(!free.contains("__coro_self"), "{free}");
        let method = expand(quote! {
            fn f(&self) {
                yield_!(self.0);
            }
        });
        assert!(
            method.contains("let __coro_self = :: coro :: __private :: twin_value (& self)"),
            "{method}"
        );
    }
}
