//! The names and types every phase of one expansion shares.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::Type;

/// The placeholder for the statement that stores `Done`, rendered by code generation.
pub(crate) const SET_DONE: &str = "__coro_set_done";

/// Generated names (hygienic where user code must not see them) and the coroutine's types.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent facts about one function: `clone`, async, a receiver, the twin"
)]
pub(crate) struct Ctx {
    pub(crate) fn_name: String,
    pub(crate) state_enum: Ident,
    pub(crate) block_enum: Ident,
    pub(crate) state_var: Ident,
    pub(crate) arg_var: Ident,
    pub(crate) pc_var: Ident,
    pub(crate) dispatch: syn::Lifetime,
    /// What `self` is renamed to inside the body.
    pub(crate) self_ident: Ident,
    /// The function has a receiver: `self` in the body is renamed. Without one, `self` is left
    /// for rustc to report as it would in a plain function.
    pub(crate) has_receiver: bool,
    pub(crate) yield_ty: Type,
    pub(crate) resume_ty: Type,
    pub(crate) return_ty: Type,
    pub(crate) clone: bool,
    /// With `serde`: what saving and restoring the state needs.
    pub(crate) serde: Option<crate::codegen::persist::Persist>,
    /// An `async fn`: the state is pinned, resumption is polled.
    pub(crate) is_async: bool,
    pub(crate) cx_var: Ident,
    /// The loop around an async resume function: an `.await` stores its future and polls it
    /// from the top.
    pub(crate) poll_loop: syn::Lifetime,
    /// Code for the lint twin (`crate::twin`): completing returns from the twin's closure.
    pub(crate) twin: bool,
}

impl Ctx {
    pub(crate) fn new(
        fn_name: String,
        yield_ty: Type,
        resume_ty: Type,
        return_ty: Type,
        clone: bool,
    ) -> Self {
        let hidden = Span::mixed_site();
        Ctx {
            fn_name,
            state_enum: Ident::new("__CoroState", hidden),
            block_enum: Ident::new("__CoroBlock", hidden),
            state_var: Ident::new("__coro_state", hidden),
            arg_var: Ident::new("__coro_arg", hidden),
            pc_var: Ident::new("__coro_pc", hidden),
            dispatch: syn::Lifetime::new("'__coro_dispatch", hidden),
            self_ident: Ident::new("__coro_self", Span::call_site()),
            has_receiver: false,
            yield_ty,
            resume_ty,
            return_ty,
            clone,
            serde: None,
            is_async: false,
            cx_var: Ident::new("__coro_cx", hidden),
            poll_loop: syn::Lifetime::new("'__coro_poll", hidden),
            twin: false,
        }
    }

    /// Stores a new state.
    pub(crate) fn store(&self, value: &TokenStream) -> TokenStream {
        let state_var = &self.state_var;
        if self.is_async {
            quote!(#state_var.as_mut().set(#value);)
        } else {
            quote!(*#state_var = #value;)
        }
    }

    /// Returns a `CoroutineState` from the resume function.
    pub(crate) fn ret(&self, value: &TokenStream) -> TokenStream {
        if self.is_async {
            quote!(return ::core::task::Poll::Ready(#value);)
        } else {
            quote!(return #value;)
        }
    }

    /// The resume value that starts a resumption.
    pub(crate) fn take_arg(&self) -> TokenStream {
        let arg = &self.arg_var;
        if self.is_async {
            quote!(::coro::__private::take_arg(#arg))
        } else {
            quote!(#arg)
        }
    }

    /// One resumption of a `yield_from!` delegate: `sub` is resumed with `arg`.
    ///
    /// The resume type is named, so that a delegate of another resume type fails its
    /// `Delegate<R>` bound, reported at `sub_span` (the user's delegate expression), instead of
    /// the outer coroutine's resume value being blamed for not having the delegate's type.
    ///
    /// ```text
    /// yield_from!(sub, first)  =>  resume_delegate::<_, R>(&mut sub, arg)   (`_` at `sub`)
    /// ```
    pub(crate) fn resume_delegate(
        &self,
        sub: &TokenStream,
        arg: &TokenStream,
        sub_span: Span,
        span: Span,
    ) -> TokenStream {
        let resume_ty = self.inner_resume_ty();
        // rustc blames an unmet bound on an explicit generic argument, this `_`, and the
        // projections of the result on the call: both stand at the delegate, so they are one
        // error.
        let _ = span;
        quote_spanned! {sub_span=>
            ::coro::__private::resume_delegate::<_, #resume_ty>(&mut #sub, #arg)
        }
    }

    /// The hidden name of a binding.
    pub(crate) fn hidden(id: usize) -> Ident {
        format_ident!("__coro_v{}", id, span = Span::mixed_site())
    }

    /// The hidden name of a binding, located at `at` so that errors about it point there.
    pub(crate) fn hidden_at(id: usize, at: Span) -> Ident {
        format_ident!("__coro_v{}", id, span = Span::mixed_site().located_at(at))
    }

    /// Completes the coroutine with `value`: `{ store Done; return Complete(value) }`.
    pub(crate) fn complete(&self, value: &TokenStream) -> TokenStream {
        self.complete_at(value, Span::call_site())
    }

    /// [`Self::complete`] with the generated code located at `at`, so that a type error in the
    /// return value points there (the `?` of a failed conversion, say).
    pub(crate) fn complete_at(&self, value: &TokenStream, at: Span) -> TokenStream {
        let ret = Ident::new("__coro_ret", Span::mixed_site().located_at(at));
        if self.twin {
            let return_ty = self.inner_return_ty();
            // What follows a diverging value is the user's to be told about, not this.
            return quote_spanned! {at=> {
                let #ret: #return_ty = #value;
                #[allow(unreachable_code)]
                return #ret;
            }};
        }
        let set_done = Ident::new(SET_DONE, Span::mixed_site());
        let return_ty = self.inner_return_ty();
        let done = self.ret(&quote!(::coro::CoroutineState::Complete(#ret)));
        quote_spanned! {at=> {
            let #ret: #return_ty = #value;
            #set_done
            #done
        }}
    }

    /// The return type as written inside the body: `_` where it holds an `impl Trait`, which
    /// only the signature may name (inference fills it from the returned value).
    pub(crate) fn inner_return_ty(&self) -> TokenStream {
        inner_ty(&self.return_ty)
    }

    /// The resume type as written inside the body: `_` where it holds an `impl Trait`.
    pub(crate) fn inner_resume_ty(&self) -> TokenStream {
        inner_ty(&self.resume_ty)
    }

    /// A context with the same names and types for the lint twin.
    pub(crate) fn for_twin(&self) -> Self {
        Ctx {
            is_async: self.is_async,
            has_receiver: self.has_receiver,
            twin: true,
            ..Ctx::new(
                self.fn_name.clone(),
                self.yield_ty.clone(),
                self.resume_ty.clone(),
                self.return_ty.clone(),
                self.clone,
            )
        }
    }

    /// What stores `Done`: through the state, or through the guard of code resumed in place.
    pub(crate) fn set_done(&self, in_place: bool) -> TokenStream {
        let Ctx {
            state_enum,
            state_var,
            ..
        } = self;
        if in_place {
            let guard = Ident::new("__coro_guard", Span::mixed_site());
            quote!(#guard.complete();)
        } else {
            let _ = state_var;
            self.store(&quote!(#state_enum::Done))
        }
    }
}

/// A type as written inside the body: `_` where it holds an `impl Trait`.
fn inner_ty(t: &Type) -> TokenStream {
    if contains_impl_trait(t) {
        quote!(_)
    } else {
        quote!(#t)
    }
}

/// Whether a type holds an `impl Trait`, which only the signature may name.
fn contains_impl_trait(ty: &Type) -> bool {
    impl_trait_span(ty).is_some()
}

/// Where a type holds an `impl Trait`, if it does.
pub(crate) fn impl_trait_span(ty: &Type) -> Option<Span> {
    struct FindImpl(Option<Span>);
    impl<'ast> syn::visit::Visit<'ast> for FindImpl {
        fn visit_type_impl_trait(&mut self, t: &'ast syn::TypeImplTrait) {
            self.0.get_or_insert(t.impl_token.span);
        }
    }
    let mut f = FindImpl(None);
    syn::visit::Visit::visit_type(&mut f, ty);
    f.0
}
