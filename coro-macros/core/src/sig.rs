//! The function's signature: which parameter is `#[resume]`, what the constructor takes, and the
//! `impl Coroutine` it returns.
//!
//! ```text
//! fn f<'a>(&self, xs: &[u8], it: impl Iterator, #[resume] first: R) -> T
//!   =>
//! fn f<'a, '__coro0, '__coro1, __CoroImpl0: Iterator>(&'__coro0 self, xs: &'__coro1 [u8],
//!      it: __CoroImpl0) -> impl Coroutine<R, Yield = Y, Return = T> + Debug
//!      + Captures<(&'a (), &'__coro0 (), &'__coro1 ())> + ..
//! ```
//!
//! Elided lifetimes get names and every lifetime is mentioned in the return type, so the
//! returned coroutine captures them on edition 2021 as it does on 2024; `impl Trait` arguments
//! become named type parameters for the same reason.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::visit_mut::{self, VisitMut};
use syn::{FnArg, GenericParam, Lifetime, LifetimeParam, Pat, Signature, Type, TypeParam};

use crate::lower::Param;

/// The signature taken apart.
pub(crate) struct SigParts {
    /// The signature of the generated function (no `#[resume]`, return type replaced).
    pub(crate) sig: Signature,
    /// The parameters the body sees, in order, without the resume one.
    pub(crate) params: Vec<Param>,
    /// The expressions that move each parameter into the start state.
    pub(crate) start_values: Vec<TokenStream>,
    pub(crate) resume: Option<(Pat, Type)>,
    pub(crate) return_ty: Type,
    /// The lifetime that elided lifetimes of the yield, resume and return types stand for,
    /// by Rust's elision rules: the receiver's, or the only one among the parameters.
    pub(crate) output_lifetime: Option<Lifetime>,
}

/// Fills elided lifetimes (`&T`, `'_`) in a type with `lt`.
pub(crate) fn fill_elided(ty: &mut Type, lt: Option<&Lifetime>) {
    struct Fill<'a>(&'a Lifetime);
    impl VisitMut for Fill<'_> {
        fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
            if r.lifetime.is_none() {
                r.lifetime = Some(self.0.clone());
            }
            visit_mut::visit_type_reference_mut(self, r);
        }
        fn visit_lifetime_mut(&mut self, l: &mut Lifetime) {
            if l.ident == "_" {
                *l = self.0.clone();
            }
        }
        fn visit_type_bare_fn_mut(&mut self, _: &mut syn::TypeBareFn) {}
        fn visit_parenthesized_generic_arguments_mut(
            &mut self,
            _: &mut syn::ParenthesizedGenericArguments,
        ) {
        }
        fn visit_type_trait_object_mut(&mut self, _: &mut syn::TypeTraitObject) {}
    }
    if let Some(lt) = lt {
        Fill(lt).visit_type_mut(ty);
    }
}

/// The lifetimes named in a type.
fn lifetimes_in(ty: &Type, out: &mut Vec<Lifetime>) {
    struct Collect<'a>(&'a mut Vec<Lifetime>);
    impl<'ast> syn::visit::Visit<'ast> for Collect<'_> {
        fn visit_lifetime(&mut self, l: &'ast Lifetime) {
            if l.ident != "static" && l.ident != "_" && !self.0.contains(l) {
                self.0.push(l.clone());
            }
        }
        fn visit_type_bare_fn(&mut self, _: &'ast syn::TypeBareFn) {}
    }
    syn::visit::Visit::visit_type(&mut Collect(out), ty);
}

/// Names elided lifetimes and turns `impl Trait` arguments into type parameters.
struct NameElided {
    lifetimes: Vec<Lifetime>,
    impls: Vec<(
        syn::Ident,
        syn::punctuated::Punctuated<syn::TypeParamBound, syn::Token![+]>,
    )>,
}

impl NameElided {
    fn fresh(&mut self) -> Lifetime {
        let l = Lifetime::new(
            &format!("'__coro{}", self.lifetimes.len()),
            Span::call_site(),
        );
        self.lifetimes.push(l.clone());
        l
    }
}

impl VisitMut for NameElided {
    fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
        if r.lifetime.is_none() {
            r.lifetime = Some(self.fresh());
        }
        visit_mut::visit_type_reference_mut(self, r);
    }

    fn visit_lifetime_mut(&mut self, l: &mut Lifetime) {
        if l.ident == "_" {
            *l = self.fresh();
        }
    }

    fn visit_type_mut(&mut self, t: &mut Type) {
        if let Type::ImplTrait(it) = t {
            let name = format_ident!("__CoroImpl{}", self.impls.len());
            let slot = self.impls.len();
            self.impls.push((name.clone(), it.bounds.clone()));
            let mut bounds = it.bounds.clone();
            for b in &mut bounds {
                self.visit_type_param_bound_mut(b);
            }
            self.impls[slot].1 = bounds;
            *t = syn::parse_quote!(#name);
            return;
        }
        visit_mut::visit_type_mut(self, t);
    }

    // Fn pointers and trait objects have their own elision rules.
    fn visit_type_bare_fn_mut(&mut self, _: &mut syn::TypeBareFn) {}
    fn visit_parenthesized_generic_arguments_mut(
        &mut self,
        _: &mut syn::ParenthesizedGenericArguments,
    ) {
    }
}

fn is_resume(attr: &syn::Attribute) -> bool {
    attr.path().is_ident("resume")
}

/// The arguments given to `#[resume]` (`= 0` or `(0)`), which it does not take.
fn resume_arguments(meta: &syn::Meta) -> Option<TokenStream> {
    match meta {
        syn::Meta::Path(_) => None,
        syn::Meta::List(l) => {
            let delimiter = match l.delimiter {
                syn::MacroDelimiter::Paren(_) => proc_macro2::Delimiter::Parenthesis,
                syn::MacroDelimiter::Brace(_) => proc_macro2::Delimiter::Brace,
                syn::MacroDelimiter::Bracket(_) => proc_macro2::Delimiter::Bracket,
            };
            let mut group = proc_macro2::Group::new(delimiter, l.tokens.clone());
            group.set_span(l.delimiter.span().join());
            Some(quote!(#group))
        }
        syn::Meta::NameValue(nv) => {
            let (eq, value) = (&nv.eq_token, &nv.value);
            Some(quote!(#eq #value))
        }
    }
}

/// Takes the signature apart, reporting misuse of `#[resume]`.
pub(crate) fn split_sig(sig: &Signature) -> Result<SigParts, Vec<syn::Error>> {
    let mut errors = Vec::new();
    let mut sig = sig.clone();
    if let Some(c) = &sig.constness {
        errors.push(syn::Error::new(
            c.span,
            "a coroutine cannot be a `const fn`: its body runs when it is resumed; remove `const`",
        ));
    }
    if let Some(abi) = &sig.abi {
        errors.push(syn::Error::new_spanned(
            abi,
            "a coroutine cannot have an `extern` ABI: the function returns a Rust value (the \
             coroutine), which foreign code cannot call or use; remove the `extern`",
        ));
    }
    if let Some(u) = &sig.unsafety {
        errors.push(syn::Error::new(
            u.span,
            "a coroutine cannot be an `unsafe fn`: its body runs in `resume`, which is safe to \
             call, so the function's safety contract would not cover it; remove `unsafe` and put \
             `unsafe { .. }` blocks, each ending before the next `yield_!`, around the operations \
             that need them",
        ));
    }
    if let Some(v) = &sig.variadic {
        errors.push(syn::Error::new_spanned(v, "a coroutine cannot be variadic"));
    }
    let return_ty: Type = match &sig.output {
        syn::ReturnType::Default => syn::parse_quote!(()),
        syn::ReturnType::Type(_, t) => (**t).clone(),
    };

    let mut params = Vec::new();
    let mut start_values = Vec::new();
    let mut resume: Option<(Pat, Type)> = None;
    let mut new_inputs = syn::punctuated::Punctuated::<FnArg, syn::Token![,]>::new();
    for (i, input) in sig.inputs.iter().enumerate() {
        match input {
            FnArg::Receiver(r) => {
                if let Some(a) = r.attrs.iter().find(|a| is_resume(a)) {
                    errors.push(syn::Error::new_spanned(
                        a,
                        "`#[resume]` cannot go on `self`: the receiver is a constructor argument; \
                         put `#[resume]` on a parameter of the resume type",
                    ));
                }
                let mut r = r.clone();
                if r.reference.is_none() {
                    // `mut self` by value: the constructor only moves it.
                    r.mutability = None;
                    if let Type::Path(_) = &*r.ty
                        && r.colon_token.is_none()
                    {
                        r.ty = Box::new(syn::parse_quote!(Self));
                    }
                }
                r.attrs.retain(|a| !is_resume(a));
                params.push(Param {
                    pat: syn::parse_quote!(self),
                    is_receiver: true,
                    copy: false,
                    array: false,
                    owned: false,
                    value: r.reference.is_none() && !matches!(&*r.ty, Type::Reference(_)),
                });
                start_values.push(quote!(self));
                new_inputs.push(FnArg::Receiver(r));
            }
            FnArg::Typed(pt) => {
                let resume_attrs: Vec<_> = pt.attrs.iter().filter(|a| is_resume(a)).collect();
                if let Some(a) = resume_attrs.first() {
                    if let Some(args) = resume_arguments(&a.meta) {
                        errors.push(syn::Error::new_spanned(
                            args,
                            "`#[resume]` takes no arguments: a resume parameter has no default, \
                             the first value sent binds it; remove the arguments, leaving \
                             `#[resume]`",
                        ));
                    }
                    if resume.is_some() {
                        errors.push(syn::Error::new_spanned(
                            a,
                            "only one parameter can be `#[resume]`: it binds the first resume \
                             value, later ones are the values of `yield_!`",
                        ));
                    } else {
                        resume = Some(((*pt.pat).clone(), (*pt.ty).clone()));
                    }
                    continue;
                }
                let mut pt = pt.clone();
                params.push(Param {
                    pat: (*pt.pat).clone(),
                    is_receiver: false,
                    copy: crate::names::surely_copy_ty(&pt.ty),
                    array: crate::names::array_ty(&pt.ty),
                    owned: crate::analysis::borrows::owned_ty(&pt.ty),
                    value: !matches!(&*pt.ty, Type::Reference(_)),
                });
                // The constructor only moves the value into the start state: plain names, no
                // `mut`, no patterns.
                let name = match &*pt.pat {
                    Pat::Ident(pi) if pi.by_ref.is_none() && pi.subpat.is_none() => {
                        pi.ident.clone()
                    }
                    _ => format_ident!("__coro_p{}", i, span = Span::mixed_site()),
                };
                pt.pat = Box::new(syn::parse_quote!(#name));
                start_values.push(quote!(#name));
                new_inputs.push(FnArg::Typed(pt));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    sig.inputs = new_inputs;

    // Name elided lifetimes, name `impl Trait` arguments.
    let mut namer = NameElided {
        lifetimes: Vec::new(),
        impls: Vec::new(),
    };
    for input in &mut sig.inputs {
        match input {
            FnArg::Receiver(r) => {
                if let Some((_, lt)) = &mut r.reference {
                    if lt.is_none() {
                        let l = namer.fresh();
                        *lt = Some(l.clone());
                        *r.ty = if r.mutability.is_some() {
                            syn::parse_quote!(&#l mut Self)
                        } else {
                            syn::parse_quote!(&#l Self)
                        };
                    }
                } else {
                    namer.visit_type_mut(&mut r.ty);
                }
            }
            FnArg::Typed(pt) => namer.visit_type_mut(&mut pt.ty),
        }
    }
    for l in &namer.lifetimes {
        sig.generics
            .params
            .insert(0, GenericParam::Lifetime(LifetimeParam::new(l.clone())));
    }
    for (name, bounds) in &namer.impls {
        sig.generics.params.push(GenericParam::Type(TypeParam {
            attrs: vec![],
            ident: name.clone(),
            colon_token: Some(syn::Token![:](Span::call_site())),
            bounds: bounds.clone(),
            eq_token: None,
            default: None,
        }));
    }
    // Lifetimes must come before types.
    let (lts, rest): (Vec<_>, Vec<_>) = sig
        .generics
        .params
        .clone()
        .into_iter()
        .partition(|p| matches!(p, GenericParam::Lifetime(_)));
    sig.generics.params = lts.into_iter().chain(rest).collect();

    let mut input_lifetimes = Vec::new();
    let mut receiver_lifetime = None;
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(r) => {
                if let Some((_, Some(l))) = &r.reference {
                    receiver_lifetime = Some(l.clone());
                }
                lifetimes_in(&r.ty, &mut input_lifetimes);
            }
            FnArg::Typed(pt) => lifetimes_in(&pt.ty, &mut input_lifetimes),
        }
    }
    let output_lifetime = receiver_lifetime
        .or_else(|| (input_lifetimes.len() == 1).then(|| input_lifetimes[0].clone()));
    let mut return_ty = return_ty;
    fill_elided(&mut return_ty, output_lifetime.as_ref());
    let resume = resume.map(|(p, mut t)| {
        fill_elided(&mut t, output_lifetime.as_ref());
        (p, t)
    });

    Ok(SigParts {
        sig,
        params,
        start_values,
        resume,
        return_ty,
        output_lifetime,
    })
}

/// `impl Coroutine<..> + ..` for the generated signature.
pub(crate) fn return_type(
    sig: &Signature,
    ctx: &crate::ctx::Ctx,
    iterator: bool,
    has_self: bool,
) -> TokenStream {
    let crate::ctx::Ctx {
        yield_ty,
        resume_ty,
        return_ty,
        clone,
        is_async,
        ..
    } = ctx;
    let lifetimes: Vec<&Lifetime> = sig
        .generics
        .params
        .iter()
        .filter_map(|p| match p {
            GenericParam::Lifetime(l) => Some(&l.lifetime),
            _ => None,
        })
        .collect();
    let clone = clone.then(|| quote!(+ ::core::clone::Clone));
    let iterator = iterator.then_some(());
    let this = has_self.then(|| quote!(::core::marker::PhantomData<Self>,));
    let (protocol, iter) = if *is_async {
        (
            quote!(::coro::AsyncCoroutine),
            iterator.map(|()| quote!(+ ::coro::__private::StreamOf<#yield_ty>)),
        )
    } else {
        (
            quote!(::coro::Coroutine),
            iterator.map(|()| quote!(+ ::core::iter::FusedIterator<Item = #yield_ty>)),
        )
    };
    quote! {
        impl #protocol<#resume_ty, Yield = #yield_ty, Return = #return_ty>
            + ::core::fmt::Debug
            #iter
            #clone
            + ::coro::__private::Captures<(#(&#lifetimes (),)* #this)>
    }
}
