//! Keeping rustc's `unused_variables` lint on the user's tokens.
//!
//! A local that is never mentioned after its `let` is kept across the suspension points of its
//! scope as a guard (see `analysis::liveness`), and moving it into the state counts as a use, so
//! rustc would never call it unused. Before lowering, such a `let` gets a hidden name for the
//! value, which is kept as before, and the user's name is bound once more, to a placeholder in a
//! block of its own that is never used: rustc reports that binding, at the user's token, exactly
//! when it reports the local in a plain function.
//!
//! ```text
//! let label = String::new();         let __coro_unused_label = String::new();
//! yield_!(1);                  =>    { let label = ::core::marker::PhantomData::<()>; }
//!                                    yield_!(1);
//! ```
//!
//! Only a `let` of a single name (not starting with `_`) with an initialiser, and with a
//! suspension point after it in its block, is rewritten; a name that appears anywhere later in
//! the block, even inside a closure or another macro's arguments, or shadowed, counts as
//! mentioned and the `let` is left alone.

use std::collections::HashSet;

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::visit_mut::{self, VisitMut};
use syn::{Ident, Pat, Stmt};

/// The body with every never-mentioned local split as above.
pub(crate) fn expose_unused_locals(block: &syn::Block) -> syn::Block {
    let mut block = block.clone();
    ExposeUnused.visit_block_mut(&mut block);
    block
}

struct ExposeUnused;

impl VisitMut for ExposeUnused {
    fn visit_block_mut(&mut self, b: &mut syn::Block) {
        visit_mut::visit_block_mut(self, b);
        // Backwards, with the names the statements after the current one mention: linear in
        // the block's length.
        let mut later = HashSet::new();
        let mut out = Vec::with_capacity(b.stmts.len());
        for stmt in b.stmts.iter().rev() {
            match split_unused(stmt, &later) {
                Some((kept, placeholder)) => out.extend([placeholder, kept]),
                None => out.push(stmt.clone()),
            }
            idents(&stmt.to_token_stream(), &mut later);
        }
        out.reverse();
        b.stmts = out;
    }

    // Kept verbatim by the rewrite, so rustc sees their locals as written.
    fn visit_expr_closure_mut(&mut self, _: &mut syn::ExprClosure) {}
    fn visit_expr_async_mut(&mut self, _: &mut syn::ExprAsync) {}
    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
    fn visit_macro_mut(&mut self, _: &mut syn::Macro) {}
}

/// `let name[: T] = init;` never mentioned in `rest`, where `rest` suspends: the `let` of the
/// hidden name and the placeholder block.
fn split_unused(stmt: &Stmt, later: &HashSet<String>) -> Option<(Stmt, Stmt)> {
    let Stmt::Local(local) = stmt else {
        return None;
    };
    let init = local.init.as_ref()?;
    if init.diverge.is_some() || extends_temporaries(&init.expr) {
        return None;
    }
    let (pi, ty) = match &local.pat {
        Pat::Ident(pi) => (pi, None),
        Pat::Type(pt) => match &*pt.pat {
            Pat::Ident(pi) => (pi, Some(&pt.ty)),
            _ => return None,
        },
        _ => return None,
    };
    let name = &pi.ident;
    if pi.by_ref.is_some()
        || pi.subpat.is_some()
        || name.to_string().starts_with('_')
        || later.contains(&name.to_string())
        || !["yield_", "yield_from", "await"]
            .iter()
            .any(|s| later.contains(*s))
    {
        return None;
    }
    let hidden = Ident::new(
        &format!("__coro_unused_{name}"),
        Span::mixed_site().located_at(name.span()),
    );
    let attrs = &local.attrs;
    let ty = ty.map(|t| quote!(: #t));
    let expr = &init.expr;
    let kept: Stmt = syn::parse_quote!(#(#attrs)* let #hidden #ty = #expr;);
    let mutability = &pi.mutability;
    let placeholder: Stmt = syn::parse_quote! {
        { #(#attrs)* let #mutability #name = ::core::marker::PhantomData::<()>; }
    };
    Some((kept, placeholder))
}

/// Adds every identifier in the tokens, at any depth.
fn idents(tokens: &TokenStream, out: &mut HashSet<String>) {
    for tt in tokens.clone() {
        match tt {
            TokenTree::Ident(i) => {
                out.insert(i.to_string());
            }
            TokenTree::Group(g) => idents(&g.stream(), out),
            _ => {}
        }
    }
}

/// Whether the initialiser may hold a borrow of a temporary whose life a `let` extends
/// (`&String::new()`, also inside a struct, tuple or array): left alone, since the rewrite is
/// only meant for values a plain move keeps.
fn extends_temporaries(e: &syn::Expr) -> bool {
    use syn::Expr;
    match e {
        // A borrow, or a block or branch whose tail may be one.
        Expr::Reference(_)
        | Expr::RawAddr(_)
        | Expr::Block(_)
        | Expr::Unsafe(_)
        | Expr::If(_)
        | Expr::Match(_) => true,
        Expr::Paren(p) => extends_temporaries(&p.expr),
        Expr::Group(g) => extends_temporaries(&g.expr),
        Expr::Cast(c) => extends_temporaries(&c.expr),
        Expr::Tuple(t) => t.elems.iter().any(extends_temporaries),
        Expr::Array(a) => a.elems.iter().any(extends_temporaries),
        Expr::Struct(s) => s.fields.iter().any(|f| extends_temporaries(&f.expr)),
        Expr::Call(c) => c.args.iter().any(extends_temporaries),
        _ => false,
    }
}
