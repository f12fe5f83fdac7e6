//! Assembly of the whole expansion: the arms in source order, the state and block enums, the
//! `CoroState` impl and the resume closure with its prologue.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{
    Codegen, Generated, block_variant, field, field_list, in_place, moved_fields, ty_param,
};
use crate::analysis::in_place::Region;
use crate::analysis::liveness::Analysis;
use crate::ctx::Ctx;
use crate::ir::{BindingId, BlockId, BlockKind, Cfg};

/// Generates the state machine for a lowered and analysed body.
pub(crate) fn generate(
    cfg: &Cfg,
    ctx: &Ctx,
    an: &Analysis,
    start_params: &[BindingId],
    resume_param: Option<BindingId>,
    start_values: &[TokenStream],
    regions: &BTreeMap<usize, Region>,
) -> Result<Generated, Vec<syn::Error>> {
    let mut g = Codegen {
        cfg,
        ctx,
        an,
        arms: BTreeSet::new(),
        done: BTreeSet::new(),
        errors: Vec::new(),
        lines: cfg
            .suspends
            .iter()
            .map(|(_, span)| u32::try_from(span.start().line).unwrap_or(0))
            .collect(),
        in_place: None,
        regions,
        ip: None,
        ip_arms: BTreeSet::new(),
        slot_marked: BTreeSet::new(),
        slot_used: BTreeSet::new(),
        entry_named: BTreeSet::new(),
        remut: BTreeSet::new(),
    };
    g.arms.insert(cfg.entry);
    for (i, b) in cfg.blocks.iter().enumerate() {
        if let BlockKind::Resume(k) = b.kind {
            if b.preds == 0 {
                continue;
            }
            if let Some(region) = regions.get(&k) {
                g.ip_arms.insert((k, i));
                // The prologue resumes after a pending `.await` passed in place.
                g.ip_arms.extend(region.awaits.keys().map(|&r| (k, r)));
            } else {
                g.arms.insert(i);
            }
        }
    }
    // (order, after the normal arm of the same block, tokens)
    let mut arm_tokens: Vec<(usize, bool, TokenStream)> = Vec::new();
    let mut ip_done: BTreeSet<(usize, BlockId)> = BTreeSet::new();
    loop {
        if let Some(&b) = g.arms.iter().find(|b| !g.done.contains(b)) {
            g.done.insert(b);
            let t = g.emit_arm(b);
            arm_tokens.push((cfg.blocks[b].order, false, t));
        } else if let Some(&(k, b)) = g.ip_arms.iter().find(|a| !ip_done.contains(a)) {
            ip_done.insert((k, b));
            let t = g.emit_ip_arm(k, b);
            arm_tokens.push((cfg.blocks[b].order, true, t));
        } else {
            break;
        }
    }
    arm_tokens.sort_by_key(|a| (a.0, a.1));
    if !g.errors.is_empty() {
        return Err(g.errors);
    }
    let arms = arm_tokens.into_iter().map(|a| a.2);

    let Ctx {
        state_enum,
        block_enum,
        state_var,
        arg_var,
        pc_var,
        dispatch,
        yield_ty,
        resume_ty,
        fn_name,
        ..
    } = ctx;

    let cx_var = &ctx.cx_var;
    let inner_return_ty = ctx.inner_return_ty();
    let take_arg = ctx.take_arg();
    // The resume blocks of `.await`s.
    let awaited: BTreeSet<BlockId> = cfg
        .blocks
        .iter()
        .filter_map(|b| match b.term {
            crate::ir::Term::Yield {
                resume,
                awaits: true,
                ..
            } => Some(resume),
            _ => None,
        })
        .collect();
    let mut await_params: Vec<Ident> = Vec::new();
    let mut await_polls: Vec<TokenStream> = Vec::new();

    // The state enum: Start, one variant per suspension point, Done, Poisoned.
    let mut state_ids: BTreeSet<BindingId> = start_params.iter().copied().collect();
    let mut variants = Vec::new();
    let mut location_arms = Vec::new();
    let mut resume_arms = Vec::new();
    let mut in_place_arms: Vec<TokenStream> = Vec::new();
    // The variants that `serde` saves, with their fields in the enum's order.
    let mut saved: Vec<(Ident, Vec<BindingId>)> = Vec::new();
    let reversed = |ids: &[BindingId]| -> Vec<BindingId> {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.reverse();
        ids
    };
    saved.push((format_ident!("Start"), reversed(start_params)));
    let start_fields = field_list(cfg, start_params.iter().copied(), false);
    variants.push(quote!(Start { #(#start_fields),* }));
    location_arms.push(quote!(Self::Start { .. } => ::coro::__private::Location::NotStarted));
    {
        let entry = cfg.entry;
        let pats = moved_fields(cfg, start_params);
        let mut inits = pats.clone();
        if let Some(r) = resume_param {
            let f = field(cfg, r);
            inits.push(quote!(#f: #take_arg));
        }
        let variant = block_variant(entry);
        resume_arms.push(quote! {
            #state_enum::Start { #(#pats),* } => #block_enum::#variant { #(#inits),* },
        });
    }
    for (b, block) in cfg.blocks.iter().enumerate() {
        let BlockKind::Resume(k) = block.kind else {
            continue;
        };
        if block.preds == 0 {
            continue;
        }
        let kept = g.kept(b);
        state_ids.extend(kept.iter().copied());
        let name = format_ident!("Suspend{}", k);
        let mut fields = field_list(cfg, kept.iter().copied(), false);
        if awaited.contains(&b) {
            // The future first: the fields drop in order, and it may borrow what is kept.
            let slot = await_slot(k);
            let ty = format_ident!("TF{}", k);
            fields.insert(0, quote!(#slot: ::core::option::Option<#ty>));
            await_params.push(ty);
            await_polls.push(await_poll(
                ctx,
                k,
                b,
                &kept,
                block.params.first().copied(),
                cfg,
            ));
            variants.push(quote!(#name { #(#fields),* }));
            let line = g.lines.get(k).copied().unwrap_or(0);
            location_arms
                .push(quote!(Self::#name { .. } => ::coro::__private::Location::Suspended(#line)));
            resume_arms.push(quote!(#state_enum::#name { .. } => ::core::unreachable!(),));
            continue;
        }
        // The slots of the `.await`s passed in place, first for the same reason.
        let ip_awaits: Vec<(BlockId, usize)> = regions
            .get(&k)
            .map(|r| r.awaits.iter().map(|(&b, &j)| (b, j)).collect())
            .unwrap_or_default();
        for (i, &(_, j)) in ip_awaits.iter().enumerate() {
            let slot = await_slot(j);
            let ty = format_ident!("TF{}", j);
            fields.insert(i, quote!(#slot: ::core::option::Option<#ty>));
            let line = g.lines.get(j).copied().unwrap_or(0);
            location_arms.push(quote!(
                Self::#name { #slot: ::core::option::Option::Some(_), .. } =>
                    ::coro::__private::Location::Suspended(#line)
            ));
        }
        variants.push(quote!(#name { #(#fields),* }));
        saved.push((name.clone(), reversed(&kept)));
        let line = g.lines.get(k).copied().unwrap_or(0);
        location_arms
            .push(quote!(Self::#name { .. } => ::coro::__private::Location::Suspended(#line)));
        let pats = moved_fields(cfg, &kept);
        let mut inits = pats.clone();
        let mut drop_arg = quote!();
        match block.params.first() {
            Some(&p) => {
                let f = field(cfg, p);
                inits.push(quote!(#f: #take_arg));
            }
            None => drop_arg = quote!(::core::mem::drop(#take_arg);),
        }
        if regions.contains_key(&k) {
            // Resumed in place: the state is matched, not taken.
            let variant = in_place::ip_variant(k, b);
            let inits = block.params.first().map(|&p| {
                let f = field(cfg, p);
                quote!(#f: #take_arg)
            });
            // A future pending in a slot is polled first; when ready, the code after its
            // `.await` goes on in place.
            let slot_polls = ip_awaits
                .iter()
                .map(|&(r, j)| slot_poll(ctx, k, j, r, cfg.blocks[r].params.first().copied(), cfg));
            in_place_arms.push(quote! {
                #state_enum::#name { .. } => {
                    #(#slot_polls)*
                    #drop_arg
                    #block_enum::#variant { #inits }
                }
            });
            resume_arms.push(quote!(#state_enum::#name { .. } => ::core::unreachable!(),));
            continue;
        }
        let variant = block_variant(b);
        resume_arms.push(quote! {
            #state_enum::#name { #(#pats),* } => { #drop_arg #block_enum::#variant { #(#inits),* } }
        });
    }
    variants.push(quote!(Done));
    variants.push(quote!(Poisoned));
    location_arms.push(quote!(Self::Done => ::coro::__private::Location::Complete));
    location_arms.push(quote!(Self::Poisoned => ::coro::__private::Location::Poisoned));

    // The block enum.
    let mut block_ids: BTreeSet<BindingId> = BTreeSet::new();
    let mut block_variants = Vec::new();
    for &b in &g.arms {
        let ids = g.arm_fields(b);
        block_ids.extend(ids.iter().copied());
        let fields = field_list(cfg, ids.iter().copied(), true);
        let v = block_variant(b);
        block_variants.push(quote!(#v { #(#fields),* }));
    }
    for &(k, b) in &ip_done {
        let ids = g.ip_fields(k, b);
        block_ids.extend(ids.iter().copied());
        let fields = field_list(cfg, ids.iter().copied(), true);
        let v = in_place::ip_variant(k, b);
        block_variants.push(quote!(#v { #(#fields),* }));
    }

    let params_of = |ids: &BTreeSet<BindingId>| -> Vec<Ident> {
        let mut seen = BTreeSet::new();
        ids.iter()
            .map(|&id| ty_param(cfg, id))
            .filter(|p| seen.insert(p.to_string()))
            .collect()
    };
    let mut state_params = params_of(&state_ids);
    state_params.extend(await_params);
    let block_params = params_of(&block_ids);
    let state_infer: Vec<TokenStream> = state_params.iter().map(|_| quote!(_)).collect();
    let derive_clone = if ctx.clone {
        quote!(#[derive(::core::clone::Clone)])
    } else {
        quote!()
    };
    let lints = quote! {
        #[allow(non_camel_case_types, non_snake_case, dead_code, clippy::all, clippy::pedantic)]
    };
    let persist_impls = ctx
        .serde
        .as_ref()
        .map(|p| super::persist::state_impls(cfg, ctx, p, &saved, &state_params));
    let items = quote! {
        #lints
        #derive_clone
        enum #state_enum<#(#state_params),*> { #(#variants),* }
        #lints
        enum #block_enum<#(#block_params),*> { #(#block_variants),* }
        impl<#(#state_params),*> ::coro::__private::CoroState for #state_enum<#(#state_params),*> {
            const NAME: &'static str = #fn_name;
            fn location(&self) -> ::coro::__private::Location {
                match self { #(#location_arms),* }
            }
            fn poisoned() -> Self {
                Self::Poisoned
            }
            fn done() -> Self {
                Self::Done
            }
        }
        #persist_impls
    };
    let start_inits = start_params.iter().zip(start_values).map(|(&id, v)| {
        let f = field(cfg, id);
        quote!(#f: #v)
    });
    let take = if ctx.is_async {
        quote!(::coro::__private::take_state(#state_var.as_mut(), #state_enum::Poisoned))
    } else {
        quote!(::core::mem::replace(#state_var, #state_enum::Poisoned))
    };
    let store_done = ctx.store(&quote!(#state_enum::Done));
    // An async coroutine resumed after completion returns `Pending` with the state `Done`: the
    // runtime then panics, or ends its `Stream` (which so needs no check before each poll).
    let after_completion = if ctx.is_async {
        quote!(return ::core::task::Poll::Pending;)
    } else {
        quote!(::coro::__private::resumed_after_completion())
    };
    let taken = quote! {
        match #take {
            #(#resume_arms)*
            #state_enum::Done => {
                #store_done
                #after_completion
            }
            #state_enum::Poisoned => ::coro::__private::resumed_after_panicking(),
        }
    };
    // The states resumed in place are checked first, then the futures of the other `.await`s.
    let prologue = if in_place_arms.is_empty() {
        quote!(#(#await_polls)* #taken)
    } else {
        // A resumption in place is the hot path of a loop: the others are laid out after it.
        let taken = if ctx.is_async {
            quote!({ ::coro::__private::cold_path(); #(#await_polls)* #taken })
        } else {
            taken
        };
        let scrutinee = if ctx.is_async {
            quote!(&*#state_var)
        } else {
            quote!(#state_var)
        };
        quote!(match #scrutinee { #(#in_place_arms)* _ => #taken })
    };
    if ctx.is_async {
        let poll_loop = &ctx.poll_loop;
        let prologue_label =
            syn::Lifetime::new("'__coro_prologue", proc_macro2::Span::mixed_site());
        let expr = quote! {
            ::coro::__private::async_from_fn(
                #state_enum::Start { #(#start_inits),* },
                move |mut #state_var: ::core::pin::Pin<&mut #state_enum<#(#state_infer),*>>,
                      #cx_var: &mut ::core::task::Context<'_>,
                      #arg_var: &mut ::core::option::Option<#resume_ty>|
                    -> ::core::task::Poll<::coro::CoroutineState<#yield_ty, #inner_return_ty>>
                {
                    #[allow(unreachable_code)]
                    #poll_loop: loop {
                        #[allow(unused_mut)]
                        let mut #pc_var = #prologue_label: {
                            #prologue
                        };
                        #dispatch: loop {
                            match #pc_var {
                                #(#arms)*
                            }
                        }
                    }
                },
            )
        };
        return Ok(Generated { items, expr });
    }
    let start = match &ctx.serde {
        Some(_) => super::persist::start_state(cfg, ctx, start_params, start_values),
        None => quote!(#state_enum::Start { #(#start_inits),* }),
    };
    let expr = quote! {
        ::coro::__private::from_fn(
            #start,
            move |#state_var: &mut #state_enum<#(#state_infer),*>, #arg_var: #resume_ty|
                -> ::coro::CoroutineState<#yield_ty, #inner_return_ty>
            {
                #[allow(unused_mut)]
                let mut #pc_var = #prologue;
                #[allow(unreachable_code)]
                #dispatch: loop {
                    match #pc_var {
                        #(#arms)*
                    }
                }
            },
        )
    };
    Ok(Generated { items, expr })
}

/// The field of an await variant that holds the future.
pub(super) fn await_slot(k: usize) -> Ident {
    format_ident!("future_{}", k)
}

/// Polls the future of await point `k` if the state is there: `Pending` returns, the output
/// resumes the code after the `.await` with the kept locals taken out of the state.
fn await_poll(
    ctx: &Ctx,
    k: usize,
    resume: BlockId,
    kept: &[BindingId],
    output: Option<BindingId>,
    cfg: &Cfg,
) -> TokenStream {
    let Ctx {
        state_enum,
        block_enum,
        state_var,
        ..
    } = ctx;
    let name = format_ident!("Suspend{}", k);
    let pats = moved_fields(cfg, kept);
    let variant = block_variant(resume);
    poll_await_slot(ctx, k, k, |out| {
        let mut inits = pats.clone();
        if let Some(o) = output {
            let f = field(cfg, o);
            inits.push(quote!(#f: #out));
        }
        quote! {
            match ::coro::__private::take_state(#state_var.as_mut(), #state_enum::Poisoned) {
                #state_enum::#name { #(#pats,)* .. } => #block_enum::#variant { #(#inits),* },
                _ => ::core::unreachable!(),
            }
        }
    })
}

/// In the prologue of a state resumed in place at suspension point `point`: polls the future
/// pending in the slot of the `.await` `awaited` passed in place, if there is one; `Pending`
/// returns, the output resumes in place after the `.await` (block `resume`).
fn slot_poll(
    ctx: &Ctx,
    point: usize,
    awaited: usize,
    resume: BlockId,
    output: Option<BindingId>,
    cfg: &Cfg,
) -> TokenStream {
    let block_enum = &ctx.block_enum;
    let variant = in_place::ip_variant(point, resume);
    poll_await_slot(ctx, point, awaited, |out| {
        let init = output.map(|o| {
            let f = field(cfg, o);
            quote!(#f: #out)
        });
        quote!(#block_enum::#variant { #init })
    })
}

/// The prologue's poll of the future in slot `awaited` of state `Suspend{point}`, if the state
/// is there and the slot holds one: `Pending` returns, `Ready` leaves the prologue with the
/// value `ready` builds from the output.
fn poll_await_slot(
    ctx: &Ctx,
    point: usize,
    awaited: usize,
    ready: impl FnOnce(&Ident) -> TokenStream,
) -> TokenStream {
    let Ctx {
        state_enum,
        state_var,
        cx_var,
        ..
    } = ctx;
    let name = format_ident!("Suspend{}", point);
    let slot = await_slot(awaited);
    let s = Ident::new("__coro_s", proc_macro2::Span::mixed_site());
    let p = Ident::new("__coro_p", proc_macro2::Span::mixed_site());
    let out = Ident::new("__coro_out", proc_macro2::Span::mixed_site());
    let prologue_label = syn::Lifetime::new("'__coro_prologue", proc_macro2::Span::mixed_site());
    let value = ready(&out);
    quote! {
        if let ::core::option::Option::Some(#p) = ::coro::__private::poll_slot(
            #state_var.as_mut(),
            #cx_var,
            |#s| match #s {
                #state_enum::#name { #slot, .. } => ::core::option::Option::Some(#slot),
                _ => ::core::option::Option::None,
            },
        ) {
            match #p {
                ::core::task::Poll::Pending => return ::core::task::Poll::Pending,
                ::core::task::Poll::Ready(#out) => {
                    break #prologue_label #value;
                }
            }
        }
    }
}
