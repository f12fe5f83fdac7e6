//! Arms that resume in place (see `analysis::in_place`): the kept locals stay in the state's
//! fields and the code uses them through references.
//!
//! ```text
//! Block::IP0_7 { resumed } => {
//!     let mut guard = PoisonGuard::new(state);              // a panic poisons the state
//!     let State::Suspend0 { buf, i } = guard.state() else { unreachable!() };
//!     (*buf)[(*i) % 32] = resumed; (*i) += 1;                  // the user's code, through refs
//!     .. if (*i) < n { let y = ..; guard.disarm(); return Yielded(y); }   // same point again
//!     .. else { let State::Suspend0 { buf, i } = guard.take() else { .. }; <as usual> }
//! }
//! ```

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::{Codegen, Frame, Names, field};
use crate::ctx::Ctx;
use crate::ir::{BlockId, BlockKind};

/// What [`Codegen::leave_in_place`] saved, to restore for the code after the exit.
pub(super) struct Saved {
    ip: Option<usize>,
    in_place: Option<crate::ir::Set>,
}

pub(super) fn guard_ident() -> Ident {
    Ident::new("__coro_guard", Span::mixed_site())
}

/// The dispatch variant of block `b` resumed in place for suspension point `k`.
pub(super) fn ip_variant(k: usize, b: BlockId) -> Ident {
    format_ident!("IP{}_{}", k, b)
}

impl Codegen<'_> {
    /// The fields of an in-place arm's variant: only the resume block has any (the resume
    /// value); the other blocks get their locals from the state.
    pub(super) fn ip_fields(&self, k: usize, b: BlockId) -> Vec<usize> {
        if self.regions[&k].resume == b {
            self.cfg.blocks[b].params.clone()
        } else {
            Vec::new()
        }
    }

    /// Whether code resumed in place for `k` can jump to `target` and stay in place.
    pub(super) fn ip_internal(&self, k: usize, target: BlockId) -> bool {
        let region = &self.regions[&k];
        let t = &self.cfg.blocks[target];
        let carried = &self.an.carried[target];
        region.blocks.contains(&target)
            && t.kind == BlockKind::Inner
            && t.params.is_empty()
            && carried.is_subset(&region.kept)
            && region
                .kept
                .difference(carried)
                .all(|&id| self.cfg.bindings[id].copy)
    }

    /// How many edges reach `target` from the blocks of `k`'s region.
    pub(super) fn region_preds(&self, k: usize, target: BlockId) -> usize {
        self.regions[&k]
            .blocks
            .iter()
            .map(|&b| {
                self.cfg
                    .successors(b)
                    .into_iter()
                    .filter(|&s| s == target)
                    .count()
            })
            .sum()
    }

    pub(super) fn emit_ip_arm(&mut self, k: usize, b: BlockId) -> TokenStream {
        let Ctx {
            block_enum,
            state_enum,
            state_var,
            ..
        } = self.ctx;
        let variant = ip_variant(k, b);
        let params = self.ip_fields(k, b);
        let pats = super::moved_fields(self.cfg, &params);
        let pattern = quote!(#block_enum::#variant { #(#pats),* });
        let guard = guard_ident();
        let suspend = format_ident!("Suspend{}", k);
        let mut names = Names::default();
        let mut frame = Frame::new(None);
        let kept: Vec<usize> = self.regions[&k].kept.iter().copied().collect();
        let mut fields = Vec::new();
        for &id in &kept {
            let f = field(self.cfg, id);
            let name = self.entry_name(b, id);
            fields.push(quote!(#f: #name));
            names.bind(id, name);
        }
        frame.push(quote! {
            let mut #guard = ::coro::__private::PoisonGuard::new(#state_var);
            #[allow(unused_variables)]
            let #state_enum::#suspend { #(#fields),* } = #guard.state() else {
                ::core::unreachable!()
            };
        });
        for &id in &params {
            let name = self.entry_name(b, id);
            let h = Ctx::hidden(id);
            let m = self.cfg.bindings[id].mutable.then(|| quote!(mut));
            frame.push(quote!(#[allow(unused_mut, unused_variables)] let #m #name = #h;));
            names.bind(id, name);
        }
        let saved = (
            self.ip.replace(k),
            self.in_place.replace(self.regions[&k].kept.clone()),
        );
        self.emit_code(b, &mut frame, &mut names, &[]);
        (self.ip, self.in_place) = saved;
        let body = frame.finish();
        quote!(#pattern => { #body })
    }

    /// Jumps to another block of the same in-place loop.
    pub(super) fn ip_jump(&mut self, k: usize, target: BlockId) -> TokenStream {
        self.ip_arms.insert((k, target));
        let Ctx {
            block_enum,
            pc_var,
            dispatch,
            ..
        } = self.ctx;
        let guard = guard_ident();
        let variant = ip_variant(k, target);
        quote!({
            #guard.disarm();
            #pc_var = #block_enum::#variant {};
            continue #dispatch;
        })
    }

    /// Suspends at the same point again: the kept locals are already in place.
    pub(super) fn ip_yield(&mut self, value: &TokenStream) -> TokenStream {
        let yield_ty = &self.ctx.yield_ty;
        let guard = guard_ident();
        let y = Ident::new("__coro_y", Span::mixed_site());
        quote! {{
            let #y: #yield_ty = #value;
            #guard.disarm();
            return ::coro::CoroutineState::Yielded(#y);
        }}
    }

    /// Takes the kept locals out of the state (leaving it poisoned) so that the code that
    /// follows runs as usual; returns what to restore after it.
    pub(super) fn leave_in_place(&mut self, frame: &mut Frame, names: &Names) -> Saved {
        let k = self.ip.expect("in place");
        let state_enum = &self.ctx.state_enum;
        let suspend = format_ident!("Suspend{}", k);
        let guard = guard_ident();
        let kept: Vec<usize> = self.regions[&k].kept.iter().copied().collect();
        let mut fields = Vec::new();
        for id in kept {
            let f = field(self.cfg, id);
            let n = self.name(names, id);
            fields.push(quote!(#f: #n));
        }
        frame.push(quote! {
            #[allow(unused_variables, unused_mut)]
            let #state_enum::#suspend { #(#fields),* } = #guard.take() else {
                ::core::unreachable!()
            };
            ::core::mem::drop(#guard);
        });
        Saved {
            ip: self.ip.take(),
            in_place: self.in_place.take(),
        }
    }

    pub(super) fn restore(&mut self, saved: Saved) {
        self.ip = saved.ip;
        self.in_place = saved.in_place;
    }
}
