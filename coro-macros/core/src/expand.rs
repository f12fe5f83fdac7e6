//! The whole expansion: attribute arguments and function in, a function returning a state
//! machine out, or `compile_error!`s next to a stand-in that keeps callers compiling.
//!
//! ```text
//! #[coro::coroutine(yield = u32)]            fn countdown(n: u32) -> impl Coroutine<(),
//! fn countdown(n: u32) -> &'static str {        Yield = u32, Return = &'static str> + .. {
//!     for i in (1..=n).rev() {          =>      enum __CoroState<..> { .. }
//!         yield_!(i);                           enum __CoroBlock<..> { .. }
//!     }                                         ::coro::__private::from_fn(
//!     "liftoff"                                     __CoroState::Start { n }, |state, arg| ..)
//! }                                         }
//! ```

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::Type;

use crate::analysis::in_place::find_in_place;
use crate::analysis::liveness::analyze;
use crate::args::parse_args;
use crate::ctx::Ctx;
use crate::{check, codegen, lints, lower, sig};

/// A function item of any of the shapes the attribute accepts.
struct FnItem {
    attrs: Vec<syn::Attribute>,
    vis: syn::Visibility,
    defaultness: Option<syn::Token![default]>,
    sig: syn::Signature,
    block: syn::Block,
}

fn parse_fn(item: TokenStream) -> syn::Result<FnItem> {
    let f: syn::ImplItemFn = syn::parse2(item)?;
    Ok(FnItem {
        attrs: f.attrs,
        vis: f.vis,
        defaultness: f.defaultness,
        sig: f.sig,
        block: f.block,
    })
}

/// The expansion of `#[coro::coroutine(args)] item`.
#[must_use]
pub fn coroutine(args: TokenStream, item: TokenStream) -> TokenStream {
    let Ok(f) = parse_fn(item.clone()) else {
        let span = first_span(&item);
        let err = syn::Error::new(
            span,
            "`#[coro::coroutine]` goes on a function (free, method or trait-impl method) \
             whose body uses `yield_!`",
        )
        .to_compile_error();
        return quote!(#err #item);
    };
    match expand(args.clone(), &f) {
        Ok(tokens) => tokens,
        Err(errors) => fallback(&f, &args, errors),
    }
}

fn first_span(item: &TokenStream) -> Span {
    item.clone()
        .into_iter()
        .find(|t| !matches!(t, proc_macro2::TokenTree::Punct(p) if p.as_char() == '#'))
        .map_or_else(Span::call_site, |t| t.span())
}

fn combine(errors: Vec<syn::Error>) -> TokenStream {
    errors.into_iter().map(|e| e.to_compile_error()).collect()
}

/// The errors, and the function with the coroutine signature and a body that type-checks, so
/// that callers and IDEs keep working.
fn fallback(f: &FnItem, args: &TokenStream, errors: Vec<syn::Error>) -> TokenStream {
    let errs = combine(errors);
    // Keep the declared protocol where it can be read, so callers see no follow-on errors.
    let unit: Type = syn::parse_quote!(());
    let yield_ty = parse_args(args.clone()).map_or_else(|_| unit.clone(), |a| a.yield_ty);
    let resume_ty = f
        .sig
        .inputs
        .iter()
        .find_map(|input| match input {
            syn::FnArg::Typed(pt) if pt.attrs.iter().any(|a| a.path().is_ident("resume")) => {
                Some((*pt.ty).clone())
            }
            _ => None,
        })
        .unwrap_or_else(|| unit.clone());
    let return_ty = match &f.sig.output {
        syn::ReturnType::Default => unit.clone(),
        syn::ReturnType::Type(_, t) => (**t).clone(),
    };
    let is_unit = |t: &Type| matches!(t, Type::Tuple(tt) if tt.elems.is_empty());
    let iter = (is_unit(&resume_ty) && is_unit(&return_ty))
        .then(|| quote!(+ ::core::iter::FusedIterator<Item = #yield_ty>));
    let serde = parse_args(args.clone()).is_ok_and(|a| a.serde.is_some());
    let saved = serde.then(|| quote!(+ ::coro::__private::serde::Serialize));
    // With `serde`, a restorer too (a method has none: `serde` is refused there).
    let restore = (serde && f.sig.receiver().is_none()).then(|| {
        let name = quote::format_ident!("{}_restore", f.sig.ident);
        let (generics, _, where_clause) = f.sig.generics.split_for_impl();
        let vis = &f.vis;
        let cfgs = f.attrs.iter().filter(|a| a.path().is_ident("cfg"));
        quote! {
            #(#cfgs)*
            #[allow(dead_code, clippy::all)]
            #vis fn #name #generics()
                -> ::coro::Restorer<::coro::__private::Never<#resume_ty, #yield_ty, #return_ty>>
                #where_clause
            {
                ::coro::__private::restorer(::coro::__private::never())
            }
        }
    });
    let FnItem {
        attrs,
        vis,
        defaultness,
        sig,
        ..
    } = f;
    let mut sig = sig.clone();
    sig.inputs = sig
        .inputs
        .into_iter()
        .filter(|input| match input {
            syn::FnArg::Typed(pt) => !pt.attrs.iter().any(|a| a.path().is_ident("resume")),
            syn::FnArg::Receiver(_) => true,
        })
        .collect();
    for input in &mut sig.inputs {
        if let syn::FnArg::Receiver(r) = input {
            r.attrs.retain(|a| !a.path().is_ident("resume"));
        }
    }
    sig.output = syn::ReturnType::Default;
    sig.asyncness = None;
    sig.constness = None;
    quote! {
        #errs
        #(#attrs)*
        #[allow(unused_variables, clippy::all)]
        #vis #defaultness #sig
            -> impl ::coro::Coroutine<#resume_ty, Yield = #yield_ty, Return = #return_ty> #iter #saved
        {
            ::coro::__private::never()
        }
        #restore
    }
}

fn expand(args: TokenStream, f: &FnItem) -> Result<TokenStream, Vec<syn::Error>> {
    let mut errors = Vec::new();
    let args = parse_args(args).map_err(|e| errors.push(e)).ok();
    let parts = sig::split_sig(&f.sig).map_err(|e| errors.extend(e)).ok();
    errors.extend(check::check_body(&f.block, f.sig.asyncness.is_some()));
    errors.extend(check::check_recursion(
        &f.block,
        &f.sig.ident,
        f.sig.asyncness.is_some(),
    ));
    errors.extend(check::check_jumps(&f.block));
    if args.as_ref().is_some_and(|a| a.serde.is_some()) {
        errors.extend(codegen::persist::check(&f.sig));
    }
    let (Some(args), Some(parts)) = (args, parts) else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut yield_ty = args.yield_ty.clone();
    sig::fill_elided(&mut yield_ty, parts.output_lifetime.as_ref());
    let resume_ty: Type = parts
        .resume
        .as_ref()
        .map_or_else(|| syn::parse_quote!(()), |(_, t)| t.clone());
    let ctx = Ctx::new(
        f.sig.ident.to_string(),
        yield_ty.clone(),
        resume_ty.clone(),
        parts.return_ty.clone(),
        args.clone,
    );
    let ctx = Ctx {
        is_async: f.sig.asyncness.is_some(),
        has_receiver: parts.params.iter().any(|p| p.is_receiver),
        serde: args.serde.map(|span| {
            let generic = !parts.sig.generics.params.is_empty();
            codegen::persist::Persist::new(&f.sig, &f.block, generic, span)
        }),
        ..ctx
    };
    let resume_pat = parts.resume.as_ref().map(|(p, _)| p);
    let block = lints::expose_unused_locals(&f.block);
    let lowered = lower::lower_body(&ctx, &parts.params, resume_pat, &block)?;
    let an = analyze(&lowered.cfg);
    let borrow_errors = crate::analysis::borrows::check_borrows(&lowered.cfg, &an);
    if !borrow_errors.is_empty() {
        return Err(borrow_errors);
    }
    let regions = find_in_place(
        &lowered.cfg,
        &an,
        &lowered.moves,
        &lowered.opaque,
        ctx.is_async,
    );
    let generated = codegen::generate(
        &lowered.cfg,
        &ctx,
        &an,
        &lowered.start_params,
        lowered.resume_param,
        &parts.start_values,
        &regions,
    )?;

    let unit = |t: &Type| matches!(t, Type::Tuple(tt) if tt.elems.is_empty());
    let iterator = parts.resume.is_none() && unit(&parts.return_ty);
    let ret = sig::return_type(&parts.sig, &ctx, iterator, ctx.has_receiver);
    let FnItem {
        attrs,
        vis,
        defaultness,
        ..
    } = f;
    let mut sig = parts.sig;
    // The function itself only builds the coroutine; the body's `.await`s are its own.
    sig.asyncness = None;
    sig.output = syn::parse_quote!(-> #ret);
    let items = lowered.items;
    let gen_items = generated.items;
    let receiver = f.sig.receiver().map(|r| {
        let mutability = if r.reference.is_none() {
            r.mutability
        } else {
            None
        };
        (r.self_token.span, mutability)
    });
    let twin = crate::twin::twin(
        &ctx,
        &crate::twin::TwinSig {
            params: &parts.params,
            names: &parts.start_values,
            resume: resume_pat,
            receiver,
            lint_attrs: crate::twin::LintAttrs::of(&f.sig),
        },
        &f.block,
        &items,
    );
    let expr = match &twin {
        // The twin reports the whole-function lints; the state machine allows them.
        Some(_) => {
            let lints = crate::twin::TWIN_LINTS
                .iter()
                .map(|l| proc_macro2::Ident::new(l, Span::call_site()));
            let machine = proc_macro2::Ident::new("__coro_machine", Span::mixed_site());
            let expr = generated.expr;
            quote! {
                #[allow(#(#lints),*)]
                let #machine = #expr;
                #machine
            }
        }
        None => generated.expr,
    };
    if let Some(persist) = &ctx.serde {
        let lints = quote! {
            #[allow(
                clippy::used_underscore_binding,
                clippy::no_effect_underscore_binding,
                clippy::unused_unit,
                clippy::diverging_sub_expression,
                clippy::let_and_return
            )]
        };
        sig.output = syn::ReturnType::Default;
        return Ok(codegen::persist::functions(
            persist,
            codegen::persist::Parts {
                attrs,
                vis,
                sig,
                ret,
                start_values: &parts.start_values,
                body: quote!(#(#items)* #gen_items #expr),
                lints,
                twin,
            },
        ));
    }
    Ok(quote! {
        #(#attrs)*
        #[allow(
            refining_impl_trait,
            clippy::used_underscore_binding,
            clippy::no_effect_underscore_binding,
            clippy::unused_unit,
            clippy::diverging_sub_expression,
            clippy::let_and_return
        )]
        #vis #defaultness #sig {
            #(#items)*
            #twin
            #gen_items
            #expr
        }
    })
}

/// The expansion as text, for tests and debugging.
#[must_use]
pub fn expand_to_string(args: TokenStream, item: TokenStream) -> String {
    coroutine(args, item).to_token_stream().to_string()
}
