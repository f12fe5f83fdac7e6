//! `serde`: a coroutine that can be saved and restored.
//!
//! ```text
//! #[coro::coroutine(yield = u64, serde)]    fn counter(n: u64) -> impl Coroutine<..> + Serialize {
//! fn counter(n: u64) {                          __coro_counter(Some((n,)))
//!     let mut i = 0;                         }
//!     while i < n {                     =>   fn counter_restore() -> Restorer<impl Coroutine<..>> {
//!         yield_!(i);                            restorer(__coro_counter(None))  // a template
//!         i += 1;                            }
//!     }                                      fn __coro_counter(start: Option<(u64,)>) -> impl .. {
//! }                                              enum __CoroState<T0, T1> { .. }
//!                                                impl SerializeState for __CoroState<..> { .. }
//!                                                impl DeserializeState for __CoroState<..> { .. }
//!                                                from_fn(match start { Some((n,)) => Start { n },
//!                                                    None => Poisoned }, |state, arg| ..)
//!                                            }
//! ```
//!
//! The constructor and the restorer call one inner function, so both build the same state enum,
//! whose types the compiler infers from the body as for any coroutine; the restorer's template
//! starts `Poisoned` until `Restorer::deserialize` reads its state. The restorer takes no
//! deserializer itself: a function generic over one would return a type that mentions it, and
//! so could not outlive the borrow of the text it reads. The kept types only meet serde
//! in the bounds of the generated impls, and at each suspension point, where an assertion names
//! a kept local that cannot be saved. The state is saved with the function's name and a
//! fingerprint of its tokens, checked before the state is read (`coro::__private::persist`).
//!
//! A `yield_from!` delegate is a kept value like any other: it is saved if it is itself a
//! `serde` coroutine. Restoring one as a value needs a template of its type, which only its
//! own state enum can make ([`Persist::template`]), by calling its inner function; that is
//! possible when the function has no generic parameters, which then add `DeserializeOwned` to
//! the coroutine's type.
//!
//! The three functions are siblings, so the inner one is reached by its plain name: a method
//! (`self`, or `Self` in the signature) is refused.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned};
use syn::visit::Visit;

use crate::ctx::Ctx;
use crate::ir::{BindingId, Cfg};

use super::field;

/// What `serde` needs during code generation.
pub(crate) struct Persist {
    /// A hash of the function's source, as 16 hexadecimal digits.
    pub(crate) fingerprint: String,
    /// The function shared by the constructor and the restorer.
    pub(crate) inner: Ident,
    /// The function has no generic parameters: its state enum can make a template of the
    /// coroutine, so the coroutine can be restored as a value (a kept `yield_from!` delegate).
    pub(crate) template: bool,
    /// The `serde` argument, where a missing `serde` feature of `coro` is reported.
    pub(crate) span: Span,
}

impl Persist {
    pub(crate) fn new(
        f_sig: &syn::Signature,
        block: &syn::Block,
        generic: bool,
        span: Span,
    ) -> Self {
        let mut tokens = quote!(#f_sig);
        tokens.extend(quote!(#block));
        Persist {
            fingerprint: fingerprint(tokens),
            inner: format_ident!("__coro_{}", f_sig.ident, span = Span::call_site()),
            template: !generic,
            span,
        }
    }
}

impl Persist {
    /// The inner function's name where it is called, pointing at `serde`: an error there means
    /// the function is inside an `impl` block, where the inner function is not in scope.
    fn call(&self) -> Ident {
        Ident::new(
            &self.inner.to_string(),
            Span::call_site().located_at(self.span),
        )
    }
}

/// The parameter of the inner function: the constructor's arguments, or `None` to restore.
fn start_var() -> Ident {
    Ident::new("__coro_start", Span::mixed_site())
}

/// FNV-1a over the text of every token (and the delimiters of groups), as 16 hexadecimal
/// digits. Token by token rather than the text of the whole stream, whose spacing the compiler
/// may change from one version to the next.
pub(crate) fn fingerprint(tokens: TokenStream) -> String {
    fn feed(hash: &mut u64, bytes: &[u8]) {
        for &b in bytes {
            *hash ^= u64::from(b);
            *hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        *hash ^= 0xff;
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    fn walk(hash: &mut u64, tokens: TokenStream) {
        for t in tokens {
            match t {
                TokenTree::Group(g) => {
                    let (open, close) = match g.delimiter() {
                        proc_macro2::Delimiter::Parenthesis => ("(", ")"),
                        proc_macro2::Delimiter::Brace => ("{", "}"),
                        proc_macro2::Delimiter::Bracket => ("[", "]"),
                        proc_macro2::Delimiter::None => ("", ""),
                    };
                    feed(hash, open.as_bytes());
                    walk(hash, g.stream());
                    feed(hash, close.as_bytes());
                }
                TokenTree::Ident(i) => feed(hash, i.to_string().as_bytes()),
                TokenTree::Punct(p) => feed(hash, p.as_char().to_string().as_bytes()),
                TokenTree::Literal(l) => feed(hash, l.to_string().as_bytes()),
            }
        }
    }
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    walk(&mut hash, tokens);
    format!("{hash:016x}")
}

/// What `serde` cannot go on, each with the span to point at.
pub(crate) fn check(sig: &syn::Signature) -> Vec<syn::Error> {
    struct FindSelf(Option<Span>);
    impl<'ast> Visit<'ast> for FindSelf {
        fn visit_ident(&mut self, i: &'ast Ident) {
            if i == "Self" && self.0.is_none() {
                self.0 = Some(i.span());
            }
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            for t in m.tokens.clone() {
                if let TokenTree::Ident(i) = t {
                    self.visit_ident(&i);
                }
            }
        }
    }
    let mut errors = Vec::new();
    if let Some(a) = &sig.asyncness {
        errors.push(syn::Error::new(
            a.span,
            "`serde` is not supported on an `async fn`: a future awaited inside it cannot be \
             saved; remove `serde`, or make the coroutine synchronous",
        ));
    }
    if let Some(r) = sig.receiver() {
        errors.push(syn::Error::new_spanned(
            r,
            "`serde` cannot go on a method: a saved coroutine is restored without its receiver; \
             make it a free function that takes what it needs as parameters",
        ));
    } else {
        let mut find = FindSelf(None);
        find.visit_signature(sig);
        if let Some(at) = find.0 {
            errors.push(syn::Error::new(
                at,
                "`serde` needs a free function (its restore function is written beside it): \
                 move the coroutine out of the `impl` and name the type instead of `Self`",
            ));
        }
    }
    errors
}

/// The start state: built from the constructor's arguments, or `Poisoned` until the restorer
/// deserializes the state into it.
pub(super) fn start_state(
    cfg: &Cfg,
    ctx: &Ctx,
    start_params: &[BindingId],
    start_values: &[TokenStream],
) -> TokenStream {
    let state_enum = &ctx.state_enum;
    let start = start_var();
    let mut fields = Vec::new();
    let mut checks = Vec::new();
    for (&id, v) in start_params.iter().zip(start_values) {
        let f = field(cfg, id);
        fields.push(quote!(#f: #v));
        let at = cfg.bindings[id].span;
        checks.push(quote_spanned!(at=> ::coro::__private::assert_kept_serde(&#v);));
    }
    quote! {
        match #start {
            ::core::option::Option::Some((#(#start_values,)*)) => {
                #(#checks)*
                #state_enum::Start { #(#fields),* }
            }
            ::core::option::Option::None => #state_enum::Poisoned,
        }
    }
}

/// The impls that save and restore the state enum. `variants` are the ones that can be saved,
/// in order (`Start`, the suspension points), with their fields in declaration order reversed,
/// as the enum has them; `Done` follows.
pub(super) fn state_impls(
    cfg: &Cfg,
    ctx: &Ctx,
    persist: &Persist,
    variants: &[(Ident, Vec<BindingId>)],
    params: &[Ident],
) -> TokenStream {
    let state_enum = &ctx.state_enum;
    let fingerprint = &persist.fingerprint;
    let mut names: Vec<String> = variants.iter().map(|(v, _)| v.to_string()).collect();
    names.push("Done".to_owned());
    let done_index = u32::try_from(variants.len()).unwrap_or(u32::MAX);
    let done_usize = variants.len();
    let de = syn::Lifetime::new("'__coro_de", Span::mixed_site());
    let z = Ident::new("__CoroZ", Span::mixed_site());
    let a = Ident::new("__CoroA", Span::mixed_site());
    let ser = Ident::new("__coro_ser", Span::mixed_site());
    let variant_var = Ident::new("__coro_variant", Span::mixed_site());
    let index_var = Ident::new("__coro_index", Span::mixed_site());

    let mut ser_arms = Vec::new();
    let mut de_arms = Vec::new();
    for (i, (variant, ids)) in variants.iter().enumerate() {
        let fields: Vec<Ident> = ids.iter().map(|&id| field(cfg, id)).collect();
        let labels: Vec<String> = fields.iter().map(ToString::to_string).collect();
        let index = u32::try_from(i).unwrap_or(u32::MAX);
        let list = fields
            .iter()
            .rev()
            .fold(quote!(()), |tail, f| quote!((#f, #tail)));
        ser_arms.push(quote! {
            Self::#variant { #(#fields),* } => ::coro::__private::serialize_variant::<Self, #z, _>(
                #ser, #index, &[#(#labels),*], #list,
            ),
        });
        de_arms.push(quote! {
            #i => {
                let #list = ::coro::__private::struct_variant(#variant_var, &[#(#labels),*])?;
                ::core::result::Result::Ok(Self::#variant { #(#fields),* })
            }
        });
    }
    let template = persist.template.then(|| {
        let inner = persist.call();
        let f = Ident::new("__coro_f", Span::mixed_site());
        let t = Ident::new("__coro_template", Span::mixed_site());
        quote! {
            impl<#(#params),*> ::coro::__private::Template for #state_enum<#(#params),*> {
                fn with_template(#f: &mut dyn ::core::ops::FnMut(&mut dyn ::core::any::Any)) {
                    let mut #t = ::core::option::Option::Some(#inner(::core::option::Option::None));
                    #f(&mut #t);
                }
            }
        }
    });
    let serde = quote!(::coro::__private::serde);
    quote! {
        impl<#(#params),*> ::coro::__private::PersistState for #state_enum<#(#params),*> {
            const FINGERPRINT: &'static str = #fingerprint;
            const VARIANTS: &'static [&'static str] = &[#(#names),*];
        }
        impl<#(#params),*> ::coro::__private::SerializeState for #state_enum<#(#params),*>
        where
            #(#params: #serde::Serialize,)*
        {
            fn serialize_state<#z: #serde::Serializer>(
                &self,
                #ser: #z,
            ) -> ::core::result::Result<#z::Ok, #z::Error> {
                match self {
                    #(#ser_arms)*
                    Self::Done => ::coro::__private::serialize_done::<Self, #z>(#ser, #done_index),
                    Self::Poisoned => ::core::result::Result::Err(
                        ::coro::__private::cannot_save_poisoned::<Self, _>(),
                    ),
                }
            }
        }
        impl<#de, #(#params),*> ::coro::__private::DeserializeState<#de> for #state_enum<#(#params),*>
        where
            #(#params: #serde::Deserialize<#de>,)*
        {
            fn deserialize_variant<#a: #serde::de::VariantAccess<#de>>(
                #index_var: usize,
                #variant_var: #a,
            ) -> ::core::result::Result<Self, #a::Error> {
                match #index_var {
                    #(#de_arms)*
                    #done_usize => {
                        ::coro::__private::unit_variant(#variant_var)?;
                        ::core::result::Result::Ok(Self::Done)
                    }
                    _ => ::core::result::Result::Err(::coro::__private::no_such_variant(#index_var)),
                }
            }
        }
        #template
    }
}

/// The parts of the expansion that [`functions`] puts together.
pub(crate) struct Parts<'a> {
    pub(crate) attrs: &'a [syn::Attribute],
    pub(crate) vis: &'a syn::Visibility,
    /// The constructor's signature, its return type not yet set.
    pub(crate) sig: syn::Signature,
    /// `impl Coroutine<..> + ..`, as without `serde`.
    pub(crate) ret: TokenStream,
    pub(crate) start_values: &'a [TokenStream],
    /// The nested items, the generated items and the `from_fn` expression.
    pub(crate) body: TokenStream,
    /// The lint allowances of the function that holds the body.
    pub(crate) lints: TokenStream,
    /// The lint twin (`crate::twin`), checked in the constructor, where the parameters are.
    pub(crate) twin: Option<TokenStream>,
}

/// The constructor, the restorer and the inner function they share.
pub(crate) fn functions(persist: &Persist, p: Parts<'_>) -> TokenStream {
    let Parts {
        attrs,
        vis,
        sig,
        ret,
        start_values,
        body,
        lints,
        twin,
    } = p;
    let serde = quote!(::coro::__private::serde);
    let owned = persist
        .template
        .then(|| quote!(+ #serde::de::DeserializeOwned));
    let inner = &persist.inner;
    let call = persist.call();
    let start = start_var();
    let cfgs: Vec<&syn::Attribute> = attrs.iter().filter(|a| a.path().is_ident("cfg")).collect();

    // The type and const arguments the functions pass on (lifetimes are inferred).
    let args: Vec<&Ident> = sig
        .generics
        .params
        .iter()
        .filter_map(|p| match p {
            syn::GenericParam::Type(t) => Some(&t.ident),
            syn::GenericParam::Const(c) => Some(&c.ident),
            syn::GenericParam::Lifetime(_) => None,
        })
        .collect();
    let turbofish = (!args.is_empty()).then(|| quote!(::<#(#args),*>));

    // The inner function: the constructor's arguments become one optional tuple.
    let mut inner_sig = sig.clone();
    inner_sig.ident = inner.clone();
    let types: Vec<&syn::Type> = sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(pt) => Some(&*pt.ty),
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    inner_sig.inputs = syn::parse_quote!(#start: ::core::option::Option<(#(#types,)*)>);
    inner_sig.output = syn::parse_quote!(
        -> #ret + #serde::Serialize + ::coro::__private::RestoreState #owned
    );

    let mut ctor_sig = sig.clone();
    ctor_sig.output = syn::parse_quote!(-> #ret + #serde::Serialize #owned);

    // The restorer: the function's generics, no arguments.
    let mut restore_sig = sig.clone();
    restore_sig.ident = format_ident!("{}_restore", sig.ident);
    restore_sig.inputs = syn::punctuated::Punctuated::new();
    restore_sig.output = syn::parse_quote!(
        -> ::coro::Restorer<#ret + #serde::Serialize + ::coro::__private::RestoreState #owned>
    );
    let feature = quote_spanned!(persist.span=> ::coro::__coro_serde_feature!(););
    let name = sig.ident.to_string();
    let doc = format!(
        " Restores a `{name}` coroutine saved with serde: `{name}_restore().deserialize(d)` \
         reads it from the deserializer `d`, and it resumes where the saved one stood."
    );
    quote! {
        #(#attrs)*
        #lints
        #vis #ctor_sig {
            #twin
            #call #turbofish(::core::option::Option::Some((#(#start_values,)*)))
        }
        #(#cfgs)*
        #[doc = #doc]
        #[allow(dead_code)]
        #vis #restore_sig {
            ::coro::__private::restorer(#call #turbofish(::core::option::Option::None))
        }
        #(#cfgs)*
        #[doc(hidden)]
        #[allow(dead_code)]
        #lints
        #inner_sig {
            #feature
            #body
        }
    }
}
