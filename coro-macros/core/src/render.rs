//! Rendering of rewritten user code: every reference to a binding is a placeholder until code
//! generation knows whether the binding is a local there (`x`) or a field of the state used in
//! place (`(*x)`).

use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, TokenStream, TokenTree};

use crate::ctx::Ctx;
use crate::ir::{BindingId, Cfg, Set};
use crate::rewrite::MARKER;

/// The binding a placeholder stands for.
fn marker_id(ident: &Ident) -> Option<BindingId> {
    ident.to_string().strip_prefix(MARKER)?.parse().ok()
}

/// The name of a binding at a placeholder's position.
fn name_at(cfg: &Cfg, id: BindingId, at: proc_macro2::Span) -> Ident {
    match &cfg.bindings[id].name {
        Some(name) => {
            let mut n = name.clone();
            n.set_span(at);
            n
        }
        None => Ctx::hidden_at(id, at),
    }
}

/// Replaces the placeholders in `t`: bindings in `in_place` become `(*name)`, and the
/// placeholder for storing `Done` becomes `set_done`.
pub(crate) fn render(
    cfg: &Cfg,
    t: &TokenStream,
    in_place: Option<&Set>,
    set_done: &TokenStream,
) -> TokenStream {
    let mut out = TokenStream::new();
    for tt in t.clone() {
        if let TokenTree::Ident(ident) = &tt
            && ident == crate::ctx::SET_DONE
        {
            out.extend(set_done.clone());
            continue;
        }
        out.extend(std::iter::once(render_tree(cfg, tt, in_place, set_done)));
    }
    out
}

fn render_tree(
    cfg: &Cfg,
    tt: TokenTree,
    in_place: Option<&Set>,
    set_done: &TokenStream,
) -> TokenTree {
    match tt {
        TokenTree::Ident(ident) => match marker_id(&ident) {
            Some(id) => {
                let name = name_at(cfg, id, ident.span());
                if in_place.is_some_and(|s| s.contains(&id)) {
                    let mut star = Punct::new('*', Spacing::Alone);
                    star.set_span(ident.span());
                    let inner: TokenStream = [TokenTree::Punct(star), TokenTree::Ident(name)]
                        .into_iter()
                        .collect();
                    let mut g = Group::new(Delimiter::Parenthesis, inner);
                    g.set_span(ident.span());
                    TokenTree::Group(g)
                } else {
                    TokenTree::Ident(name)
                }
            }
            None => TokenTree::Ident(ident),
        },
        TokenTree::Group(g) => {
            let mut ng = Group::new(g.delimiter(), render(cfg, &g.stream(), in_place, set_done));
            ng.set_span(g.span());
            TokenTree::Group(ng)
        }
        other => other,
    }
}

/// The tokens with every span set to `at` (hygiene kept): for generated code that stands in for
/// the user's token there.
pub(crate) fn respan(t: &TokenStream, at: proc_macro2::Span) -> TokenStream {
    t.clone()
        .into_iter()
        .map(|tt| match tt {
            TokenTree::Group(g) => {
                let mut ng = Group::new(g.delimiter(), respan(&g.stream(), at));
                ng.set_span(at);
                TokenTree::Group(ng)
            }
            mut other => {
                other.set_span(other.span().located_at(at));
                other
            }
        })
        .collect()
}
