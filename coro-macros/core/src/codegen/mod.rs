//! Code generation: the state enum, the enum of blocks reached by jumps, and the resume closure.
//!
//! ```text
//! enum State<T..> { Start { params }, Suspend0 { kept }, .., Done, Poisoned }
//! enum Block<T..> { B0 { carried }, .. }            // targets of jumps inside one resume
//! from_fn(State::Start { params }, move |state: &mut State<_..>, arg: R| {
//!     let mut pc = match mem::replace(state, State::Poisoned) {   // a panic leaves it poisoned
//!         State::Start { .. } => Block::B0 { .., first: arg },
//!         State::Suspend0 { .. } => Block::B7 { .., resumed: arg },
//!         State::Done => panic, State::Poisoned => panic,
//!     };
//!     'dispatch: loop { match pc { Block::B0 { .. } => { user code .. } .. } }
//! })
//! ```
//!
//! A block with a single incoming edge is written inline at that edge, inside the `if`/`match`
//! arm it hangs off, so code between suspension points keeps Rust's own structure (and its
//! borrows). Other blocks get an arm of the dispatch loop; a jump to one moves the carried locals
//! into `pc`, which drops every other local as the arm is left. A `{ .. }` of the user's that
//! contains a suspension point is re-opened as a Rust block where possible, so its locals drop at
//! its `}`; where the code that follows it cannot be written outside that block, a jump does it.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

mod frame;
mod generate;
mod in_place;
pub(crate) mod persist;

pub(crate) use generate::generate;

use frame::{Frame, Names};

use crate::analysis::in_place::Region;
use crate::analysis::liveness::Analysis;
use crate::ctx::Ctx;
use crate::ir::{BindingId, BlockId, BlockKind, Cfg, Edge, Else, ScopeId, ScopeKind, Stmt, Term};

/// What code generation gives.
pub(crate) struct Generated {
    /// Enum definitions and the `CoroState` impl.
    pub(crate) items: TokenStream,
    /// The `from_fn(..)` expression.
    pub(crate) expr: TokenStream,
}

pub(crate) struct Codegen<'a> {
    cfg: &'a Cfg,
    ctx: &'a Ctx,
    an: &'a Analysis,
    /// Blocks that get an arm of the dispatch loop.
    arms: BTreeSet<BlockId>,
    /// Blocks whose arm is written.
    done: BTreeSet<BlockId>,
    errors: Vec<syn::Error>,
    /// Suspension index -> line.
    lines: Vec<u32>,
    /// While writing code that uses the state's fields in place: their bindings.
    in_place: Option<crate::ir::Set>,
    /// The suspension points that resume in place.
    regions: &'a BTreeMap<usize, Region>,
    /// While writing code resumed in place: its suspension point.
    ip: Option<usize>,
    /// In-place arms to write: (suspension point, block).
    ip_arms: BTreeSet<(usize, BlockId)>,
    /// In the arm being written: the named bindings declared so far, each followed by a marker
    /// where a hidden slot for it can be declared, and the ones a later pattern hid.
    slot_marked: BTreeSet<BindingId>,
    slot_used: BTreeSet<BindingId>,
    /// In the arm being written: the named bindings its entry binds under their names.
    entry_named: BTreeSet<BindingId>,
    /// Entry bindings of the arm being written that it binds `mut` so that a value moved out
    /// of them can move back.
    remut: BTreeSet<BindingId>,
}

/// The marker statement [`Codegen::mark_slot`] leaves for [`Codegen::place_slots`].
fn slot_marker(id: BindingId) -> Ident {
    format_ident!("__coro_slotmark_{}", id)
}

/// `field: __coro_vN` for each binding: as a pattern it binds the field to the hidden name,
/// as a struct literal field it moves the hidden local back in.
fn moved_fields(cfg: &Cfg, ids: &[BindingId]) -> Vec<TokenStream> {
    ids.iter()
        .map(|&id| {
            let f = field(cfg, id);
            let h = Ctx::hidden(id);
            quote!(#f: #h)
        })
        .collect()
}

fn block_variant(b: BlockId) -> Ident {
    format_ident!("B{}", b)
}

/// The type parameter of a binding's fields. Every binding that holds a resume value shares
/// one: they all have the resume type, and a parameter per suspension point would make rustc's
/// type checking of long bodies superlinear.
fn ty_param(cfg: &Cfg, id: BindingId) -> Ident {
    if cfg.bindings[id].resume_typed {
        return format_ident!("TR");
    }
    format_ident!("T{}", id)
}

fn field(cfg: &Cfg, id: BindingId) -> Ident {
    Ident::new(&cfg.bindings[id].label(id), Span::mixed_site())
}

/// `name: T<id>` fields; the state's are in reverse declaration order, which is the order a
/// struct drops its fields in and so rustc's drop order for locals.
fn field_list(
    cfg: &Cfg,
    ids: impl Iterator<Item = BindingId>,
    any_order: bool,
) -> Vec<TokenStream> {
    let mut ids: Vec<BindingId> = ids.collect();
    ids.sort_unstable();
    if !any_order {
        ids.reverse();
    }
    ids.into_iter()
        .map(|id| {
            let f = field(cfg, id);
            let t = ty_param(cfg, id);
            quote!(#f: #t)
        })
        .collect()
}

impl Codegen<'_> {
    /// User code with its binding placeholders rendered for the current position.
    fn r(&self, t: &TokenStream) -> TokenStream {
        let done = self.ctx.set_done(self.in_place.is_some());
        crate::render::render(self.cfg, t, self.in_place.as_ref(), &done)
    }

    /// What the suspension point before resume block `b` keeps.
    fn kept(&self, b: BlockId) -> Vec<BindingId> {
        self.an.carried[b].iter().copied().collect()
    }

    fn arm_fields(&self, b: BlockId) -> Vec<BindingId> {
        let mut ids: BTreeSet<BindingId> = self.an.carried[b].clone();
        ids.extend(self.cfg.blocks[b].params.iter().copied());
        ids.into_iter().collect()
    }

    /// The identifier of a binding at block `b`'s start: the user's name when that name still
    /// refers to it there, a hidden one otherwise.
    fn entry_name(&self, b: BlockId, id: BindingId) -> Ident {
        let binding = &self.cfg.bindings[id];
        match &binding.name {
            Some(name) if self.cfg.blocks[b].visible.contains(&id) => name.clone(),
            _ => Ctx::hidden(id),
        }
    }

    /// `coro::__private::check(&value);` for a value kept across a suspension point (`check`
    /// asserts `Clone` or `serde`), located wholly at the user's token for it (its name, or the
    /// expression of a temporary), in one context: rustc reports an unmet bound at the argument.
    fn kept_check(&self, id: BindingId, value: &TokenStream, check: &str) -> TokenStream {
        let binding = &self.cfg.bindings[id];
        let at = binding.name.as_ref().map_or(binding.span, Ident::span);
        let value = crate::render::respan(value, at);
        let at = Span::mixed_site().located_at(at);
        let check = Ident::new(check, at);
        quote_spanned!(at=> ::coro::__private::#check(&#value);)
    }

    fn user_name(&self, id: BindingId) -> Ident {
        self.cfg.bindings[id]
            .name
            .clone()
            .unwrap_or_else(|| Ctx::hidden(id))
    }

    fn name(&mut self, names: &Names, id: BindingId) -> TokenStream {
        if let Some(i) = names.of.get(&id) {
            return quote!(#i);
        }
        let shown = self.user_name(id);
        self.errors.push(syn::Error::new(
            shown.span(),
            format!(
                "`{shown}` must be kept across a suspension point, but a later binding with \
                 the same name hides it there; rename one of them"
            ),
        ));
        quote!(#shown)
    }

    /// Whether rustc sees every use of these locals of the user's next to their `let`, so that
    /// its `unused_mut` lint is right about them: none is carried into another block (where it
    /// may be mutated) or assigned as a whole anywhere (which may be in another block, whose arm
    /// declares it again). Temporaries of the rewrite are left to the allowance.
    fn mut_seen_whole(&self, declares: &[BindingId]) -> bool {
        declares.iter().all(|d| {
            self.cfg.bindings[*d].name.is_some()
                && !self.an.carried.iter().any(|c| c.contains(d))
                && !self
                    .cfg
                    .blocks
                    .iter()
                    .flat_map(|b| &b.stmts)
                    .any(|s| match s {
                        Stmt::Code { defs, assigns, .. } | Stmt::Let { defs, assigns, .. } => {
                            defs.contains(d) || assigns.contains(d)
                        }
                        Stmt::ScopeStart(_) => false,
                    })
        })
    }

    /// Declares a binding that this arm assigns before using: it was dead where the arm was
    /// entered, so nothing carried it in.
    fn declare_late(&mut self, frame: &mut Frame, names: &mut Names, id: BindingId) {
        let name = self.user_name(id);
        let ty = self.cfg.bindings[id]
            .deferred
            .as_ref()
            .and_then(|d| d.ty.as_ref())
            .map(|t| quote!(: #t));
        frame.prepend(
            self.cfg.bindings[id].scope,
            quote!(#[allow(unused_mut)] let mut #name #ty;),
        );
        names.bind(id, name);
    }

    fn emit_arm(&mut self, b: BlockId) -> TokenStream {
        // A binding that a pattern hides and that comes back later in the arm goes back into
        // the variable the arm's entry bound, which must then be `mut`: known after a first
        // pass, so such an arm is written twice.
        let errors = self.errors.len();
        self.remut.clear();
        let first = self.emit_arm_once(b);
        if self.remut.is_empty() {
            return first;
        }
        self.errors.truncate(errors);
        self.emit_arm_once(b)
    }

    fn emit_arm_once(&mut self, b: BlockId) -> TokenStream {
        self.slot_marked.clear();
        self.slot_used.clear();
        self.entry_named.clear();
        let block_enum = &self.ctx.block_enum;
        let variant = block_variant(b);
        let ids = self.arm_fields(b);
        let pats = moved_fields(self.cfg, &ids);
        let pattern = quote!(#block_enum::#variant { #(#pats),* });
        let mut names = Names::default();
        let mut frame = Frame::new(None);
        let mut shadowed_at_entry = false;
        let chain = self.cfg.scope_chain(self.cfg.blocks[b].scope);
        for &scope in chain.iter().rev() {
            let in_scope: Vec<BindingId> = ids
                .iter()
                .copied()
                .filter(|&id| self.cfg.bindings[id].scope == scope)
                .collect();
            // Every scope gets its level, even one that carries nothing in: a `let` of that
            // scope further down must end with it, before the code after the scope runs.
            frame.open(scope);
            for id in in_scope {
                let name = self.entry_name(b, id);
                if self.cfg.bindings[id].name.is_some() && name.to_string().starts_with("__coro_v")
                {
                    shadowed_at_entry = true;
                }
                let h = Ctx::hidden(id);
                let m = (self.cfg.bindings[id].mutable || self.remut.contains(&id))
                    .then(|| quote_spanned!(name.span()=> mut));
                frame.push(quote!(#[allow(unused_mut, unused_variables)] let #m #name = #h;));
                if self.cfg.bindings[id].name.as_ref() == Some(&name) {
                    self.entry_named.insert(id);
                }
                self.mark_slot(&mut frame, id);
                names.bind(id, name);
            }
        }
        if shadowed_at_entry {
            // A hidden binding becomes visible again where its shadow's scope ends: leave those
            // scopes by a jump, so that the next arm binds it under its own name.
            frame.seal();
        }
        self.emit_code(b, &mut frame, &mut names, &[]);
        let body = self.place_slots(frame.finish());
        quote!(#pattern => { #body })
    }

    /// Writes block `b`'s statements and terminator at the current position.
    fn emit_code(&mut self, b: BlockId, frame: &mut Frame, names: &mut Names, outer: &[ScopeId]) {
        let block = &self.cfg.blocks[b];
        for (i, stmt) in block.stmts.iter().enumerate() {
            match stmt {
                Stmt::Code {
                    tokens, assigns, ..
                } => {
                    for &d in assigns {
                        if !names.of.contains_key(&d) {
                            self.declare_late(frame, names, d);
                        }
                    }
                    frame.push(self.r(tokens));
                }
                Stmt::Let {
                    attrs,
                    pat,
                    ty,
                    init,
                    else_branch,
                    declares,
                    assigns,
                    ..
                } => {
                    for &d in assigns {
                        if !names.of.contains_key(&d) {
                            self.declare_late(frame, names, d);
                        }
                    }
                    let ty = ty.as_ref().map(|t| quote!(: #t));
                    let init = init.as_ref().map(|i| {
                        let t = self.r(&i.tokens);
                        quote!(= #t)
                    });
                    let otherwise = else_branch.as_ref().map(|e| match e {
                        Else::Verbatim { tokens, .. } => {
                            let t = self.r(tokens);
                            quote!(else #t)
                        }
                        Else::Lowered(eb) => {
                            let mut inner = Frame::new(None);
                            let mut inner_names = names.clone();
                            let outer2: Vec<ScopeId> =
                                outer.iter().copied().chain(frame.scopes()).collect();
                            self.emit_code(*eb, &mut inner, &mut inner_names, &outer2);
                            let t = inner.finish();
                            quote!(else { #t })
                        }
                    });
                    // A binding this `let` hides but that is still needed moves to its hidden
                    // name first (after the initialiser, which may read it).
                    let hidden: Vec<BindingId> = declares
                        .iter()
                        .filter_map(|&d| {
                            let name = self.cfg.bindings[d].name.as_ref()?.to_string();
                            let old = *names.by_name.get(&name)?;

                            (old != d && self.an.needed_after(self.cfg, b, i).contains(&old))
                                .then_some(old)
                        })
                        .collect();
                    if hidden.is_empty() || init.is_none() {
                        let allow =
                            (!self.mut_seen_whole(declares)).then(|| quote!(#[allow(unused_mut)]));
                        frame.push(quote!(#attrs #allow let #pat #ty #init #otherwise;));
                    } else {
                        let tmp = Ident::new("__coro_init", Span::mixed_site());
                        let init = init.unwrap_or_default();
                        frame.push(quote!(let #tmp #init;));
                        for old in hidden {
                            let from = self.user_name(old);
                            let t = self.hide(old, &from);
                            frame.push(t);
                            names.bind(old, Ctx::hidden(old));
                        }
                        frame.seal();
                        frame.push(quote!(#[allow(unused_mut)] let #pat #ty = #tmp #otherwise;));
                    }
                    for &d in declares {
                        names.bind(d, self.user_name(d));
                        self.mark_slot(frame, d);
                    }
                }
                Stmt::ScopeStart(s) => frame.open(*s),
            }
        }
        match &block.term {
            Term::Open | Term::Unreachable => frame.push(quote!(::core::unreachable!())),
            Term::Goto(edge) => self.emit_edge(edge, frame, names, outer),
            Term::If {
                cond,
                then,
                otherwise,
            } => {
                self.hide_shadowed(std::slice::from_ref(then), &cond.uses, frame, names);
                let t = self.branch(then, frame, names, outer);
                let e = self.branch(otherwise, frame, names, outer);
                let c = self.r(&cond.tokens);
                frame.push(quote!(if #c { #t } else { #e }));
            }
            Term::Match { scrutinee, arms } => {
                let edges: Vec<Edge> = arms.iter().map(|a| a.edge.clone()).collect();
                self.hide_shadowed(&edges, &scrutinee.uses, frame, names);
                let arms: Vec<TokenStream> = arms
                    .iter()
                    .map(|arm| {
                        let body = self.branch(&arm.edge, frame, names, outer);
                        let pat = &arm.pat;
                        let guard = arm.guard.as_ref().map(|g| {
                            let t = self.r(&g.tokens);
                            quote!(if #t)
                        });
                        quote!(#pat #guard => { #body })
                    })
                    .collect();
                let s = self.r(&scrutinee.tokens);
                frame.push(quote!(match #s { #(#arms)* }));
            }
            Term::Yield {
                value,
                resume,
                awaits: true,
                ..
            } => match self.ip {
                Some(k) if self.regions[&k].awaits.contains_key(resume) => {
                    let v = self.r(&value.tokens);
                    let t = self.ip_await(k, &v, *resume);
                    frame.push(t);
                }
                Some(_) => {
                    let saved = self.leave_in_place(frame, names);
                    let t = self.await_tokens(value, *resume, names);
                    frame.push(t);
                    self.restore(saved);
                }
                None => {
                    let t = self.await_tokens(value, *resume, names);
                    frame.push(t);
                }
            },
            Term::Yield {
                value,
                resume,
                span,
                ..
            } => match self.ip {
                Some(k) if self.regions[&k].resume == *resume => {
                    let v = self.r(&value.tokens);
                    let t = self.ip_yield(&v);
                    frame.push(t);
                }
                Some(_) => {
                    let saved = self.leave_in_place(frame, names);
                    let t = self.suspend_tokens(value, *resume, *span, names);
                    frame.push(t);
                    self.restore(saved);
                }
                None => {
                    let t = self.suspend_tokens(value, *resume, *span, names);
                    frame.push(t);
                }
            },
            Term::Return(value) => {
                let saved = self.ip.is_some().then(|| self.leave_in_place(frame, names));
                let t = self.ctx.complete(&value.tokens);
                frame.push(self.r(&t));
                if let Some(saved) = saved {
                    self.restore(saved);
                }
            }
        }
    }

    /// Before a branch whose pattern hides a binding the branch still needs, moves that binding
    /// to its hidden name (unless the condition itself reads it).
    fn hide_shadowed(
        &mut self,
        edges: &[Edge],
        reads: &crate::ir::Set,
        frame: &mut Frame,
        names: &mut Names,
    ) {
        for edge in edges {
            let target = &self.cfg.blocks[edge.target];
            let mut needed = None;
            for &p in &target.params {
                let Some(name) = self.cfg.bindings[p].name.as_ref().map(ToString::to_string) else {
                    continue;
                };
                let Some(&old) = names.by_name.get(&name) else {
                    continue;
                };
                if old == p || reads.contains(&old) {
                    continue;
                }
                if needed
                    .get_or_insert_with(|| self.an.needed_in(edge.target))
                    .contains(&old)
                {
                    let from = self.user_name(old);
                    let t = self.hide(old, &from);
                    frame.push(t);
                    names.bind(old, Ctx::hidden(old));
                }
            }
        }
    }

    /// After the `let` of a named binding: a marker where [`Self::place_slots`] declares the
    /// binding's hidden slot if a later pattern hides it, so that its value keeps its place in
    /// the drop order (locals drop in reverse order of declaration).
    fn mark_slot(&mut self, frame: &mut Frame, id: BindingId) {
        if self.cfg.bindings[id].name.is_some() {
            let marker = slot_marker(id);
            frame.push(quote!(#marker;));
            self.slot_marked.insert(id);
        }
    }

    /// Moves binding `old` (now called `from`) to its hidden name: into the slot declared where
    /// it was declared, or, when it has no marker in this arm, into a new local.
    fn hide(&mut self, old: BindingId, from: &Ident) -> TokenStream {
        let to = Ctx::hidden(old);
        if self.slot_marked.contains(&old) {
            self.slot_used.insert(old);
            quote!(#to = #from;)
        } else {
            quote!(#[allow(unused_mut)] let mut #to = #from;)
        }
    }

    /// Replaces the slot markers of an arm: a declaration where the slot is used, nothing
    /// elsewhere.
    pub(super) fn place_slots(&self, body: TokenStream) -> TokenStream {
        let mut out = TokenStream::new();
        let mut tokens = body.into_iter().peekable();
        while let Some(tt) = tokens.next() {
            match tt {
                proc_macro2::TokenTree::Ident(ref i)
                    if i.to_string().starts_with("__coro_slotmark_") =>
                {
                    // The marker's `;`.
                    tokens.next();
                    let id = i.to_string()["__coro_slotmark_".len()..]
                        .parse::<BindingId>()
                        .ok();
                    if let Some(id) = id.filter(|id| self.slot_used.contains(id)) {
                        let h = Ctx::hidden(id);
                        out.extend(quote!(#[allow(unused_mut)] let mut #h;));
                    }
                }
                proc_macro2::TokenTree::Group(g) => {
                    let mut ng =
                        proc_macro2::Group::new(g.delimiter(), self.place_slots(g.stream()));
                    ng.set_span(g.span());
                    out.extend([proc_macro2::TokenTree::Group(ng)]);
                }
                other => out.extend([other]),
            }
        }
        out
    }

    /// Before code of block `b` taken inline: a binding that a sibling branch's pattern hid
    /// (see [`Self::hide_shadowed`]) but that `b`'s code names under its own name moves back,
    /// and one that a `let` of an inner scope hid has its name again now that the scope ended.
    fn unhide_visible(&mut self, b: BlockId, frame: &mut Frame, names: &mut Names) {
        let mut needed = None;
        for id in self.cfg.blocks[b].visible.clone() {
            let Some(name) = self.cfg.bindings[id].name.clone() else {
                continue;
            };
            if !names.of.contains_key(&id)
                && let Some(was) = names.hidden_by_shadow.get(&id).cloned()
                && was == name
            {
                names.bind(id, was);
                continue;
            }
            match names.of.get(&id) {
                Some(current) if *current != name => {}
                _ => continue,
            }
            if !needed
                .get_or_insert_with(|| self.an.needed_in(b))
                .contains(&id)
            {
                continue;
            }
            let from = names.of[&id].clone();
            if self.slot_used.contains(&id) && self.entry_named.contains(&id) {
                self.remut.insert(id);
                // Back into the variable it was moved out of, which keeps its place in the drop
                // order (the arm binds every named binding `mut` for this).
                frame.push(quote!(#[allow(unused_assignments)] let () = { #name = #from; };));
            } else {
                let m = self.cfg.bindings[id]
                    .mutable
                    .then(|| quote_spanned!(name.span()=> mut));
                frame.push(quote!(#[allow(unused_mut)] let #m #name = #from;));
            }
            names.bind(id, name);
        }
    }

    fn suspend_tokens(
        &mut self,
        value: &crate::ir::Operand,
        resume: BlockId,
        span: Span,
        names: &Names,
    ) -> TokenStream {
        let Ctx {
            state_enum,
            state_var,
            yield_ty,
            ..
        } = self.ctx;
        let BlockKind::Resume(k) = self.cfg.blocks[resume].kind else {
            return quote!();
        };
        let variant = format_ident!("Suspend{}", k);
        let kept = self.kept(resume);
        let mut fields = Vec::new();
        let mut checks = Vec::new();
        for &id in &kept {
            let f = field(self.cfg, id);
            let n = self.name(names, id);
            if self.ctx.clone {
                checks.push(self.kept_check(id, &n, "assert_kept_clone"));
            }
            if self.ctx.serde.is_some() {
                checks.push(self.kept_check(id, &n, "assert_kept_serde"));
            }
            fields.push(quote!(#f: #n));
        }
        // The empty slots of the `.await`s that the point's resumption passes in place.
        if let Some(region) = self.regions.get(&k) {
            for &j in region.awaits.values() {
                let slot = generate::await_slot(j);
                fields.push(quote!(#slot: ::core::option::Option::None));
            }
        }
        let y = Ident::new("__coro_y", Span::mixed_site());
        let v = self.r(&value.tokens);
        let _ = (span, state_var);
        let store = self
            .ctx
            .store(&quote!(#state_enum::#variant { #(#fields),* }));
        let ret = self.ctx.ret(&quote!(::coro::CoroutineState::Yielded(#y)));
        quote! {{
            let #y: #yield_ty = #v;
            #(#checks)*
            #store
            #ret
        }}
    }

    /// `.await`: stores the future with the kept locals and polls it from the top.
    fn await_tokens(
        &mut self,
        future: &crate::ir::Operand,
        resume: BlockId,
        names: &Names,
    ) -> TokenStream {
        let Ctx {
            state_enum,
            poll_loop,
            ..
        } = self.ctx;
        let BlockKind::Resume(k) = self.cfg.blocks[resume].kind else {
            return quote!();
        };
        let variant = format_ident!("Suspend{}", k);
        let slot = generate::await_slot(k);
        let mut fields = Vec::new();
        for &id in &self.kept(resume) {
            let f = field(self.cfg, id);
            let n = self.name(names, id);
            fields.push(quote!(#f: #n));
        }
        let fut = Ident::new("__coro_future", Span::mixed_site());
        let v = self.r(&future.tokens);
        let store = self.ctx.store(
            &quote!(#state_enum::#variant { #slot: ::core::option::Option::Some(#fut), #(#fields),* }),
        );
        quote! {{
            let #fut = #v;
            #store
            continue #poll_loop;
        }}
    }

    /// The code of one branch of an `if`/`match`, in a frame of its own.
    fn branch(
        &mut self,
        edge: &Edge,
        frame: &Frame,
        names: &Names,
        outer: &[ScopeId],
    ) -> TokenStream {
        let target = &self.cfg.blocks[edge.target];
        let mut names = names.clone();
        let pattern_scope = (self.cfg.scopes[target.scope].kind == ScopeKind::Pattern
            && !target.params.is_empty()
            && edge.args.is_empty())
        .then_some(target.scope);
        if pattern_scope.is_some() {
            for &p in &target.params {
                names.bind(p, self.user_name(p));
            }
        }
        let mut outer2: Vec<ScopeId> = outer.iter().copied().chain(frame.scopes()).collect();
        outer2.extend(pattern_scope);
        let mut inner = Frame::new(pattern_scope);
        let mut edge = edge.clone();
        if pattern_scope.is_some() {
            // The pattern binds the parameters; they are not arguments.
            edge.args.clear();
        }
        self.emit_edge_bound(
            &edge,
            &mut inner,
            &mut names,
            &outer2,
            pattern_scope.is_some(),
        );
        inner.finish()
    }

    fn emit_edge(&mut self, edge: &Edge, frame: &mut Frame, names: &mut Names, outer: &[ScopeId]) {
        self.emit_edge_bound(edge, frame, names, outer, false);
    }

    /// Follows an edge: inline when the target has no other way in and nothing needs dropping
    /// that only a jump can drop; a jump otherwise.
    fn emit_edge_bound(
        &mut self,
        edge: &Edge,
        frame: &mut Frame,
        names: &mut Names,
        outer: &[ScopeId],
        params_bound: bool,
    ) {
        let target = &self.cfg.blocks[edge.target];
        let mut close = 0;
        let mut must_jump = false;
        let mut top = frame.levels.len();
        for &s in &edge.exits {
            let level = &frame.levels[top - 1];
            if level.scope == Some(s) && level.closable {
                close += 1;
                top -= 1;
            } else if frame.levels[..top].iter().any(|l| l.scope == Some(s)) || outer.contains(&s) {
                must_jump = true;
                break;
            }
        }
        // Code resumed in place reaches a loop head only from inside the loop: it can take the
        // head's code inline even though the head has another way in from before the loop.
        let single_entry = match self.ip {
            Some(k) => self.ip_internal(k, edge.target) && self.region_preds(k, edge.target) == 1,
            None => target.preds == 1 && !self.arms.contains(&edge.target),
        };
        let inline = !must_jump && target.kind == BlockKind::Inner && single_entry;
        if inline {
            let params = &target.params;
            if params_bound || edge.args.is_empty() {
                frame.close(close, None);
            } else {
                let bind: Vec<Ident> = params.iter().map(|&p| self.user_name(p)).collect();
                let ms: Vec<_> = params
                    .iter()
                    .zip(&bind)
                    .map(|(&p, b)| {
                        self.cfg.bindings[p]
                            .mutable
                            .then(|| quote_spanned!(b.span()=> mut))
                    })
                    .collect();
                let pat = if bind.len() == 1 {
                    let (m, b) = (&ms[0], &bind[0]);
                    quote!(#m #b)
                } else {
                    quote!((#(#ms #bind),*))
                };
                let args: Vec<TokenStream> = edge.args.iter().map(|a| self.r(&a.tokens)).collect();
                let value = if args.len() == 1 {
                    args[0].clone()
                } else {
                    quote!((#(#args),*))
                };
                if close > 0 {
                    frame.close(close, Some((pat, value)));
                } else {
                    frame.push(quote!(#[allow(unused_mut)] let #pat = #value;));
                }
                for (&p, b) in params.iter().zip(bind) {
                    names.bind(p, b);
                }
            }
            let t = edge.target;
            self.unhide_visible(t, frame, names);
            self.emit_code(t, frame, names, outer);
        } else if let Some(k) = self.ip.filter(|&k| self.ip_internal(k, edge.target)) {
            let t = self.ip_jump(k, edge.target);
            frame.push(t);
        } else {
            let saved = self.ip.is_some().then(|| self.leave_in_place(frame, names));
            self.arms.insert(edge.target);
            let block_enum = &self.ctx.block_enum;
            let pc = &self.ctx.pc_var;
            let dispatch = &self.ctx.dispatch;
            let variant = block_variant(edge.target);
            // The edge's values first: a struct literal evaluates its fields in order, and they
            // may read locals that the carried fields move.
            let mut fields = Vec::new();
            let params = self.cfg.blocks[edge.target].params.clone();
            if params_bound || edge.args.is_empty() {
                for &p in &params {
                    let f = field(self.cfg, p);
                    let n = self.name(names, p);
                    fields.push(quote!(#f: #n));
                }
            } else {
                for (&p, a) in params.iter().zip(&edge.args) {
                    let f = field(self.cfg, p);
                    let t = self.r(&a.tokens);
                    fields.push(quote!(#f: #t));
                }
            }
            for &id in &self.an.carried[edge.target].clone() {
                let f = field(self.cfg, id);
                let n = self.name(names, id);
                fields.push(quote!(#f: #n));
            }
            frame.push(quote!({
                #pc = #block_enum::#variant { #(#fields),* };
                continue #dispatch;
            }));
            if let Some(saved) = saved {
                self.restore(saved);
            }
        }
    }
}
