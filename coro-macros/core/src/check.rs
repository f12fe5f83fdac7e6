//! Checks of the body that the macro can make itself, each reported at the user's tokens: a
//! `yield_!` where no suspension point can be, `.await` outside an `async` coroutine.

use proc_macro2::{TokenStream, TokenTree};
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Expr, Macro};

/// Which suspension macro a macro call is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Suspend {
    Yield,
    YieldFrom,
}

impl Suspend {
    fn name(self) -> &'static str {
        match self {
            Suspend::Yield => "yield_!",
            Suspend::YieldFrom => "yield_from!",
        }
    }
}

/// `yield_!`/`yield_from!` (also as `coro::yield_!`), matched by the last path segment.
pub(crate) fn suspend_macro(m: &Macro) -> Option<Suspend> {
    let last = m.path.segments.last()?;
    if last.ident == "yield_" {
        Some(Suspend::Yield)
    } else if last.ident == "yield_from" {
        Some(Suspend::YieldFrom)
    } else {
        None
    }
}

/// Where the value of a `yield_!(..)` call stands: at its parentheses, so that errors about it
/// point there and rustc's suggestions (`.to_string()`) land after the call.
pub(crate) fn value_span(mac: &Macro) -> proc_macro2::Span {
    match &mac.delimiter {
        syn::MacroDelimiter::Paren(p) => p.span.join(),
        syn::MacroDelimiter::Brace(b) => b.span.join(),
        syn::MacroDelimiter::Bracket(b) => b.span.join(),
    }
}

/// Whether the tokens hold a `yield_!`/`yield_from!` call.
fn tokens_suspend(tokens: &TokenStream) -> Option<(Suspend, proc_macro2::Span)> {
    let tts: Vec<TokenTree> = tokens.clone().into_iter().collect();
    for (i, tt) in tts.iter().enumerate() {
        match tt {
            TokenTree::Ident(id) if id == "yield_" || id == "yield_from" => {
                if matches!(tts.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!') {
                    let kind = if id == "yield_" {
                        Suspend::Yield
                    } else {
                        Suspend::YieldFrom
                    };
                    return Some((kind, id.span()));
                }
            }
            TokenTree::Group(g) => {
                if let Some(found) = tokens_suspend(&g.stream()) {
                    return Some(found);
                }
            }
            _ => {}
        }
    }
    None
}

#[derive(Clone, Copy)]
enum Place {
    Body,
    Closure,
    Async,
    Item,
    Const,
    Guard,
}

struct CheckBody {
    place: Place,
    is_async: bool,
    errors: Vec<syn::Error>,
}

/// Every misplaced suspension and `.await` in the body.
pub(crate) fn check_body(block: &syn::Block, is_async: bool) -> Vec<syn::Error> {
    let mut c = CheckBody {
        place: Place::Body,
        is_async,
        errors: Vec::new(),
    };
    c.visit_block(block);
    c.errors
}

impl CheckBody {
    fn within(&mut self, place: Place, f: impl FnOnce(&mut Self)) {
        let was = std::mem::replace(&mut self.place, place);
        f(self);
        self.place = was;
    }

    fn misplaced(&mut self, kind: Suspend, span: proc_macro2::Span) {
        let name = kind.name();
        let msg = match self.place {
            Place::Body => return,
            Place::Closure => format!(
                "`{name}` cannot be used inside a closure: the closure is not part of the \
                 coroutine's state machine; move the `{name}` out of the closure (a `for` loop \
                 instead of `for_each` usually does it)"
            ),
            Place::Async => format!(
                "`{name}` cannot be used inside an `async` block: the block is a separate future; \
                 move the `{name}` out of it, or make the function an `async fn` coroutine and \
                 `.await` instead"
            ),
            Place::Item => format!(
                "`{name}` cannot be used inside a nested item: a nested `fn` or `impl` is not part \
                 of the coroutine; make it a `#[coro::coroutine]` of its own and delegate with \
                 `yield_from!`"
            ),
            Place::Const => format!(
                "`{name}` cannot be used in a constant: constants are evaluated at compile time"
            ),
            Place::Guard => format!(
                "`{name}` is not supported in a `match` guard; compute the value before the \
                 `match` and test it in the guard"
            ),
        };
        self.errors.push(syn::Error::new(span, msg));
    }
}

impl<'ast> Visit<'ast> for CheckBody {
    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        self.within(Place::Closure, |s| visit::visit_expr_closure(s, c));
    }

    fn visit_expr_async(&mut self, a: &'ast syn::ExprAsync) {
        self.within(Place::Async, |s| visit::visit_expr_async(s, a));
    }

    fn visit_expr_const(&mut self, c: &'ast syn::ExprConst) {
        self.within(Place::Const, |s| visit::visit_expr_const(s, c));
    }

    fn visit_item(&mut self, i: &'ast syn::Item) {
        // A nested coroutine is expanded by its own attribute.
        if let syn::Item::Fn(f) = i
            && f.attrs.iter().any(|a| {
                a.path()
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "coroutine")
            })
        {
            return;
        }
        let place = if matches!(i, syn::Item::Const(_) | syn::Item::Static(_)) {
            Place::Const
        } else {
            Place::Item
        };
        self.within(place, |s| visit::visit_item(s, i));
    }

    fn visit_arm(&mut self, a: &'ast syn::Arm) {
        self.visit_pat(&a.pat);
        if let Some((_, g)) = &a.guard {
            let place = match self.place {
                Place::Body => Place::Guard,
                other => other,
            };
            self.within(place, |s| s.visit_expr(g));
        }
        self.visit_expr(&a.body);
    }

    fn visit_expr_yield(&mut self, y: &'ast syn::ExprYield) {
        if matches!(self.place, Place::Body | Place::Guard) {
            self.errors.push(syn::Error::new(
                y.yield_token.span,
                "`yield` is unstable syntax that stable Rust refuses; in a `#[coro::coroutine]` \
                 body write `yield_!(value)`, which suspends the same way and evaluates to the \
                 next value sent in",
            ));
        }
        visit::visit_expr_yield(self, y);
    }

    fn visit_expr_await(&mut self, a: &'ast syn::ExprAwait) {
        if !self.is_async && matches!(self.place, Place::Body | Place::Guard) {
            self.errors.push(syn::Error::new(
                a.await_token.span,
                "`.await` is only allowed in an `async fn` coroutine; make the function \
                 `async fn`, or drive the future outside the coroutine",
            ));
        }
        visit::visit_expr_await(self, a);
    }

    fn visit_macro(&mut self, m: &'ast Macro) {
        if let Some(kind) = suspend_macro(m) {
            self.misplaced(kind, m.path.span());
            // Arguments: parsed as expressions so nested calls are checked too.
            let parser = syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated;
            if let Ok(args) = syn::parse::Parser::parse2(parser, m.tokens.clone()) {
                for e in &args {
                    self.visit_expr(e);
                }
            }
            return;
        }
        if let Some((kind, span)) = tokens_suspend(&m.tokens) {
            if matches!(self.place, Place::Body) {
                let name = kind.name();
                let mac = m
                    .path
                    .segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default();
                self.errors.push(syn::Error::new(
                    span,
                    format!(
                        "`{name}` inside the arguments of `{mac}!` is not supported: bind its \
                         value with `let` before the `{mac}!` call"
                    ),
                ));
            } else {
                self.misplaced(kind, span);
            }
        }
    }
}

/// A `yield_from!` whose delegate is a direct call of the coroutine function itself
/// (`f(..)`, `Self::f(..)`, `self.f(..)`): the state would contain a coroutine of its own type,
/// which rustc reports as an opaque type it cannot resolve, at the attribute. Not reported when
/// the body binds the name itself, where the call may mean something else.
///
/// ```text
/// yield_from!(countdown(n - 1))          error: box the recursive call
/// yield_from!(countdown(n - 1).boxed())  fine: the state holds a `BoxCoroutine`
/// ```
pub(crate) fn check_recursion(
    block: &syn::Block,
    name: &syn::Ident,
    is_async: bool,
) -> Vec<syn::Error> {
    struct FindSelfDelegation<'a> {
        name: &'a syn::Ident,
        shadowed: bool,
        calls: Vec<Expr>,
    }
    impl FindSelfDelegation<'_> {
        fn is_self_call(&self, expr: &Expr) -> bool {
            match expr {
                Expr::Paren(paren) => self.is_self_call(&paren.expr),
                Expr::Group(group) => self.is_self_call(&group.expr),
                Expr::Call(call) => match &*call.func {
                    Expr::Path(func) if func.qself.is_none() => {
                        let segs: Vec<&syn::PathSegment> = func.path.segments.iter().collect();
                        match segs.as_slice() {
                            [f] => func.path.leading_colon.is_none() && f.ident == *self.name,
                            [ty, f] => ty.ident == "Self" && f.ident == *self.name,
                            _ => false,
                        }
                    }
                    _ => false,
                },
                Expr::MethodCall(call) => {
                    call.method == *self.name
                        && matches!(&*call.receiver, Expr::Path(p) if p.path.is_ident("self"))
                }
                _ => false,
            }
        }
    }
    impl<'ast> Visit<'ast> for FindSelfDelegation<'_> {
        fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
            if p.ident == *self.name {
                self.shadowed = true;
            }
            visit::visit_pat_ident(self, p);
        }
        fn visit_item(&mut self, i: &'ast syn::Item) {
            if let syn::Item::Fn(f) = i
                && f.sig.ident == *self.name
            {
                self.shadowed = true;
            }
        }
        fn visit_macro(&mut self, m: &'ast Macro) {
            if suspend_macro(m) != Some(Suspend::YieldFrom) {
                return;
            }
            let parser = syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated;
            if let Ok(args) = syn::parse::Parser::parse2(parser, m.tokens.clone()) {
                if let Some(sub) = args.first()
                    && self.is_self_call(sub)
                {
                    self.calls.push(sub.clone());
                }
                for e in &args {
                    self.visit_expr(e);
                }
            }
        }
    }
    let mut f = FindSelfDelegation {
        name,
        shadowed: false,
        calls: Vec::new(),
    };
    f.visit_block(block);
    if f.shadowed {
        return Vec::new();
    }
    // `StreamExt::boxed` would make `.boxed()` ambiguous on an async generator.
    let boxed = if is_async { "boxed_async" } else { "boxed" };
    f.calls
        .into_iter()
        .map(|call| {
            syn::Error::new_spanned(
                call,
                format!(
                    "`{name}` delegates to itself: its state would hold a coroutine of its own \
                     type, which has no finite size; box the recursive call with `.{boxed}()` \
                     (`yield_from!({name}(..).{boxed}())`), which keeps it on the heap"
                ),
            )
        })
        .collect()
}

/// Whether an expression (outside closures, `async` blocks and items) suspends.
pub(crate) fn contains_suspend(e: &Expr) -> bool {
    struct Find(bool);
    impl<'ast> Visit<'ast> for Find {
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
        fn visit_expr_async(&mut self, _: &'ast syn::ExprAsync) {}
        fn visit_expr_const(&mut self, _: &'ast syn::ExprConst) {}
        fn visit_item(&mut self, _: &'ast syn::Item) {}
        fn visit_macro(&mut self, m: &'ast Macro) {
            if suspend_macro(m).is_some() {
                self.0 = true;
            }
        }
        fn visit_expr_await(&mut self, _: &'ast syn::ExprAwait) {
            self.0 = true;
        }
        fn visit_expr(&mut self, e: &'ast Expr) {
            if !self.0 {
                visit::visit_expr(self, e);
            }
        }
    }
    let mut f = Find(false);
    f.visit_expr(e);
    f.0
}

/// Whether an expression contains a `break`/`continue` that leaves it (targets a loop or
/// labelled block around it).
pub(crate) fn contains_escape(e: &Expr) -> bool {
    struct Find {
        loops: usize,
        labels: Vec<String>,
        found: bool,
    }
    impl Find {
        fn escapes(&self, label: Option<&syn::Lifetime>, is_break: bool) -> bool {
            match label {
                Some(l) => !self.labels.contains(&l.ident.to_string()),
                None => {
                    let _ = is_break;
                    self.loops == 0
                }
            }
        }
        fn in_loop(&mut self, label: Option<&syn::Label>, f: impl FnOnce(&mut Self)) {
            self.loops += 1;
            if let Some(l) = label {
                self.labels.push(l.name.ident.to_string());
            }
            f(self);
            if label.is_some() {
                self.labels.pop();
            }
            self.loops -= 1;
        }
    }
    impl<'ast> Visit<'ast> for Find {
        fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
        fn visit_expr_async(&mut self, _: &'ast syn::ExprAsync) {}
        fn visit_item(&mut self, _: &'ast syn::Item) {}
        fn visit_expr_break(&mut self, b: &'ast syn::ExprBreak) {
            if self.escapes(b.label.as_ref(), true) {
                self.found = true;
            }
            visit::visit_expr_break(self, b);
        }
        fn visit_expr_continue(&mut self, c: &'ast syn::ExprContinue) {
            if self.escapes(c.label.as_ref(), false) {
                self.found = true;
            }
        }
        fn visit_expr_loop(&mut self, l: &'ast syn::ExprLoop) {
            self.in_loop(l.label.as_ref(), |s| s.visit_block(&l.body));
        }
        fn visit_expr_while(&mut self, w: &'ast syn::ExprWhile) {
            self.visit_expr(&w.cond);
            self.in_loop(w.label.as_ref(), |s| s.visit_block(&w.body));
        }
        fn visit_expr_for_loop(&mut self, f: &'ast syn::ExprForLoop) {
            self.visit_expr(&f.expr);
            self.in_loop(f.label.as_ref(), |s| s.visit_block(&f.body));
        }
        fn visit_expr_block(&mut self, b: &'ast syn::ExprBlock) {
            if let Some(l) = &b.label {
                // A labelled block takes labelled breaks only.
                self.labels.push(l.name.ident.to_string());
                self.visit_block(&b.block);
                self.labels.pop();
            } else {
                self.visit_block(&b.block);
            }
        }
    }
    let mut f = Find {
        loops: 0,
        labels: Vec::new(),
        found: false,
    };
    f.visit_expr(e);
    f.found
}

/// `break` and `continue` with no loop (or labeled block) around them in the body, which rustc
/// would otherwise report as a `break` inside the closure that resumes the coroutine.
pub(crate) fn check_jumps(block: &syn::Block) -> Vec<syn::Error> {
    /// The loops and labeled blocks around the code being visited: label, and whether a loop.
    struct Jumps {
        around: Vec<(Option<String>, bool)>,
        errors: Vec<syn::Error>,
    }
    impl Jumps {
        fn inside(&mut self, label: Option<&syn::Label>, is_loop: bool, f: impl FnOnce(&mut Self)) {
            let label = label.map(|l| l.name.ident.to_string());
            self.around.push((label, is_loop));
            f(self);
            self.around.pop();
        }
        fn apart(&mut self, f: impl FnOnce(&mut Self)) {
            let around = std::mem::take(&mut self.around);
            f(self);
            self.around = around;
        }
        fn jump(&mut self, what: &str, label: Option<&syn::Lifetime>, span: proc_macro2::Span) {
            let continues = what == "continue";
            let found = match label {
                Some(l) => {
                    let name = l.ident.to_string();
                    self.around
                        .iter()
                        .any(|(n, is_loop)| n.as_deref() == Some(&name) && (*is_loop || !continues))
                }
                None => self.around.iter().any(|(_, is_loop)| *is_loop),
            };
            if found {
                return;
            }
            let msg = match label {
                Some(l) if continues => {
                    format!(
                        "`continue {l}` has no loop labeled `{l}` around it in the coroutine's body"
                    )
                }
                Some(l) => format!(
                    "`break {l}` has no loop or block labeled `{l}` around it in the coroutine's body"
                ),
                None => format!(
                    "`{what}` outside of a loop: there is no `loop`, `while` or `for` around it in \
                     the coroutine's body; to end the coroutine, use `return`"
                ),
            };
            self.errors.push(syn::Error::new(span, msg));
        }
    }
    impl<'ast> Visit<'ast> for Jumps {
        fn visit_expr_loop(&mut self, e: &'ast syn::ExprLoop) {
            self.inside(e.label.as_ref(), true, |s| s.visit_block(&e.body));
        }
        fn visit_expr_while(&mut self, e: &'ast syn::ExprWhile) {
            self.inside(e.label.as_ref(), true, |s| {
                s.visit_expr(&e.cond);
                s.visit_block(&e.body);
            });
        }
        fn visit_expr_for_loop(&mut self, e: &'ast syn::ExprForLoop) {
            self.visit_expr(&e.expr);
            self.inside(e.label.as_ref(), true, |s| s.visit_block(&e.body));
        }
        fn visit_expr_block(&mut self, e: &'ast syn::ExprBlock) {
            match &e.label {
                Some(l) => self.inside(Some(l), false, |s| s.visit_block(&e.block)),
                None => self.visit_block(&e.block),
            }
        }
        fn visit_expr_break(&mut self, e: &'ast syn::ExprBreak) {
            self.jump("break", e.label.as_ref(), e.break_token.span);
            if let Some(v) = &e.expr {
                self.visit_expr(v);
            }
        }
        fn visit_expr_continue(&mut self, e: &'ast syn::ExprContinue) {
            self.jump("continue", e.label.as_ref(), e.continue_token.span);
        }
        fn visit_expr_closure(&mut self, e: &'ast syn::ExprClosure) {
            self.apart(|s| visit::visit_expr_closure(s, e));
        }
        fn visit_expr_async(&mut self, e: &'ast syn::ExprAsync) {
            self.apart(|s| visit::visit_expr_async(s, e));
        }
        fn visit_expr_const(&mut self, e: &'ast syn::ExprConst) {
            self.apart(|s| visit::visit_expr_const(s, e));
        }
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }
    let mut j = Jumps {
        around: Vec::new(),
        errors: Vec::new(),
    };
    j.visit_block(block);
    j.errors
}
