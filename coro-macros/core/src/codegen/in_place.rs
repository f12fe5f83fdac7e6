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
//!
//! In an `async fn` the guard is armed over the pinned state, and an `.await` passed in place
//! stores its future in its slot of the same variant and polls it there:
//!
//! ```text
//! Block::IP1_5 { resumed } => {
//!     let mut guard = guard_pinned(state.as_mut());
//!     let State::Suspend1 { n, i, .. } = guard.state() else { unreachable!() };
//!     (*i) += 1; ..
//!     match poll_in_slot(&mut guard, |s| /* Suspend1's `future_0` */, ready(*i), cx) {
//!         Ready(out) => { guard.disarm(); pc = Block::IP1_4 { out }; continue 'dispatch; }
//!         Pending => { guard.disarm(); return Pending; }   // polled again from the prologue
//!     }
//! }
//! ```

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

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
        let region = &self.regions[&k];
        if region.resume == b || region.awaits.contains_key(&b) {
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
        self.slot_marked.clear();
        self.slot_used.clear();
        self.entry_named.clear();
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
        let (new_guard, rest) = if self.ctx.is_async {
            // The await slots are left alone: only `poll_in_slot` reaches them.
            (
                quote!(::coro::__private::guard_pinned(#state_var.as_mut())),
                quote!(..),
            )
        } else {
            (
                quote!(::coro::__private::PoisonGuard::new(#state_var)),
                quote!(),
            )
        };
        frame.push(quote! {
            let mut #guard = #new_guard;
            #[allow(unused_variables)]
            let #state_enum::#suspend { #(#fields,)* #rest } = #guard.state() else {
                ::core::unreachable!()
            };
        });
        for &id in &params {
            let name = self.entry_name(b, id);
            let h = Ctx::hidden(id);
            let m = self.cfg.bindings[id]
                .mutable
                .then(|| quote_spanned!(name.span()=> mut));
            frame.push(quote!(#[allow(unused_mut, unused_variables)] let #m #name = #h;));
            names.bind(id, name);
        }
        let saved = (
            self.ip.replace(k),
            self.in_place.replace(self.regions[&k].kept.clone()),
        );
        self.emit_code(b, &mut frame, &mut names, &[]);
        (self.ip, self.in_place) = saved;
        let body = self.place_slots(frame.finish());
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
        let ret = self.ctx.ret(&quote!(::coro::CoroutineState::Yielded(#y)));
        quote! {{
            let #y: #yield_ty = #value;
            #guard.disarm();
            #ret
        }}
    }

    /// An `.await` passed in place: the future goes into its slot of `k`'s variant and is
    /// polled there; when ready, the code after the `.await` goes on in place, and when pending,
    /// the coroutine suspends with the future in the slot.
    pub(super) fn ip_await(
        &mut self,
        k: usize,
        future: &TokenStream,
        resume: BlockId,
    ) -> TokenStream {
        self.ip_arms.insert((k, resume));
        let Ctx {
            block_enum,
            state_enum,
            pc_var,
            dispatch,
            cx_var,
            ..
        } = self.ctx;
        let j = self.regions[&k].awaits[&resume];
        let slot = super::generate::await_slot(j);
        let suspend = format_ident!("Suspend{}", k);
        let guard = guard_ident();
        let variant = ip_variant(k, resume);
        let fut = Ident::new("__coro_future", Span::mixed_site());
        let out = Ident::new("__coro_out", Span::mixed_site());
        let s = Ident::new("__coro_s", Span::mixed_site());
        let output = self.cfg.blocks[resume].params.first().map(|&p| {
            let f = field(self.cfg, p);
            quote!(#f: #out)
        });
        quote! {{
            let #fut = #future;
            match ::coro::__private::poll_in_slot(
                &mut #guard,
                |#s| match #s {
                    #state_enum::#suspend { #slot, .. } => ::core::option::Option::Some(#slot),
                    _ => ::core::option::Option::None,
                },
                #fut,
                #cx_var,
            ) {
                ::core::task::Poll::Ready(#out) => {
                    #guard.disarm();
                    #pc_var = #block_enum::#variant { #output };
                    continue #dispatch;
                }
                ::core::task::Poll::Pending => {
                    #guard.disarm();
                    return ::core::task::Poll::Pending;
                }
            }
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
        // The await slots are empty here.
        let rest = self.ctx.is_async.then(|| quote!(..));
        frame.push(quote! {
            #[allow(unused_variables, unused_mut)]
            let #state_enum::#suspend { #(#fields,)* #rest } = #guard.take() else {
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
