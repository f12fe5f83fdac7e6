//! Name resolution for user code that stays verbatim: which of the coroutine's bindings a piece
//! of code mentions, and which it assigns as a whole on every path.
//!
//! It follows Rust's scoping closely enough for liveness: `let`, closure parameters, `match`
//! arms, `if let`/`while let`/`for` patterns shadow outer names; nested items see no locals;
//! macro arguments are scanned token by token, including `{name}` captures in format strings.

use std::collections::HashSet;

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;
use syn::{Expr, Pat};

use crate::ir::{BindingId, Set};

/// The bindings a pattern introduces, with whether each is `mut`.
///
/// A bare identifier that starts with an upper-case letter is taken as a constant or a unit
/// variant (`None`, `MAX`), as rustc's naming lints assume.
pub(crate) fn pattern_bindings(pat: &Pat) -> Vec<(syn::Ident, bool)> {
    struct Collect(Vec<(syn::Ident, bool)>);
    impl<'ast> Visit<'ast> for Collect {
        fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
            let name = p.ident.to_string();
            let constant_like = p.by_ref.is_none()
                && p.mutability.is_none()
                && p.subpat.is_none()
                && name.chars().next().is_some_and(char::is_uppercase);
            if !constant_like {
                self.0.push((p.ident.clone(), p.mutability.is_some()));
            }
            if let Some((_, sub)) = &p.subpat {
                self.visit_pat(sub);
            }
        }
        fn visit_expr(&mut self, _: &'ast Expr) {}
    }
    let mut c = Collect(Vec::new());
    c.visit_pat(pat);
    c.0
}

/// What a piece of verbatim code does to the coroutine's bindings.
#[derive(Default)]
pub(crate) struct Mentions {
    /// Mentioned other than as the target of a whole assignment.
    pub(crate) uses: Set,
    /// Assigned as a whole (`x = ..`) on every path.
    pub(crate) defs: Set,
    /// Assigned as a whole on some path.
    pub(crate) assigns: Set,
    /// Written on some path: assigned as a whole, by a compound assignment (`x += ..`), or
    /// borrowed mutably by name (`&mut x`).
    pub(crate) writes: Set,
}

/// Resolves names against the coroutine's bindings visible at the code's position.
pub(crate) struct Resolver<'a> {
    lookup: &'a dyn Fn(&str) -> Option<BindingId>,
    /// Names bound inside the code itself, innermost last.
    shadowed: Vec<String>,
    uses: Set,
    assigns: Set,
    writes: Set,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(lookup: &'a dyn Fn(&str) -> Option<BindingId>) -> Self {
        Resolver {
            lookup,
            shadowed: Vec::new(),
            uses: Set::new(),
            assigns: Set::new(),
            writes: Set::new(),
        }
    }

    fn mention(&mut self, name: &str) {
        if self.shadowed.iter().any(|s| s == name) {
            return;
        }
        if let Some(id) = (self.lookup)(name) {
            self.uses.insert(id);
        }
    }

    /// Notes a write through `e` when it is a bare local name.
    fn note_write(&mut self, e: &Expr) {
        if let Some(i) = single_ident(e) {
            let name = i.to_string();
            if !self.shadowed.contains(&name)
                && let Some(id) = (self.lookup)(&name)
            {
                self.writes.insert(id);
            }
        }
    }

    fn bind_pat(&mut self, pat: &Pat) {
        for (ident, _) in pattern_bindings(pat) {
            self.shadowed.push(ident.to_string());
        }
        // Expressions inside patterns (const blocks, ranges) are rare; paths there are not
        // locals.
    }

    fn scan_tokens(&mut self, tokens: TokenStream) {
        for tt in tokens {
            match tt {
                TokenTree::Ident(i) => self.mention(&i.to_string()),
                TokenTree::Group(g) => self.scan_tokens(g.stream()),
                TokenTree::Literal(l) => {
                    for name in format_captures(&l.to_string()) {
                        self.mention(&name);
                    }
                }
                TokenTree::Punct(_) => {}
            }
        }
    }

    /// The mentions of an expression.
    pub(crate) fn expr(lookup: &'a dyn Fn(&str) -> Option<BindingId>, e: &Expr) -> Mentions {
        let mut r = Resolver::new(lookup);
        r.visit_expr(e);
        let mut writes = r.writes;
        writes.extend(r.assigns.iter().copied());
        Mentions {
            uses: r.uses,
            defs: must_defs(e, lookup),
            assigns: r.assigns,
            writes,
        }
    }

    /// The mentions of a macro's tokens.
    pub(crate) fn tokens(lookup: &'a dyn Fn(&str) -> Option<BindingId>, t: TokenStream) -> Set {
        let mut r = Resolver::new(lookup);
        r.scan_tokens(t);
        r.uses
    }
}

/// The `{name}` and `{name:..}` captures of a string literal's text.
pub(crate) fn format_captures(lit: &str) -> Vec<String> {
    if !lit.starts_with('"') && !lit.starts_with('r') {
        return Vec::new();
    }
    let mut out = Vec::new();
    let bytes: Vec<char> = lit.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == '{' {
            if bytes.get(i + 1) == Some(&'{') {
                i += 2;
                continue;
            }
            let start = i + 1;
            let mut j = start;
            while j < bytes.len() && (bytes[j].is_alphanumeric() || bytes[j] == '_') {
                j += 1;
            }
            if j > start && matches!(bytes.get(j), Some('}' | ':')) {
                let name: String = bytes[start..j].iter().collect();
                if !name.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                    out.push(name);
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

impl<'ast> Visit<'ast> for Resolver<'_> {
    fn visit_block(&mut self, b: &'ast syn::Block) {
        let mark = self.shadowed.len();
        for stmt in &b.stmts {
            self.visit_stmt(stmt);
        }
        self.shadowed.truncate(mark);
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        if let Some(init) = &l.init {
            self.visit_expr(&init.expr);
            if let Some((_, diverge)) = &init.diverge {
                self.visit_expr(diverge);
            }
        }
        self.bind_pat(&l.pat);
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        let mark = self.shadowed.len();
        for p in &c.inputs {
            self.bind_pat(p);
        }
        self.visit_expr(&c.body);
        self.shadowed.truncate(mark);
    }

    fn visit_arm(&mut self, a: &'ast syn::Arm) {
        let mark = self.shadowed.len();
        self.bind_pat(&a.pat);
        if let Some((_, g)) = &a.guard {
            self.visit_expr(g);
        }
        self.visit_expr(&a.body);
        self.shadowed.truncate(mark);
    }

    fn visit_expr_let(&mut self, l: &'ast syn::ExprLet) {
        // The pattern's names stay bound for the rest of the condition and the then-branch; the
        // caller (if/while) truncates.
        self.visit_expr(&l.expr);
        self.bind_pat(&l.pat);
    }

    fn visit_expr_if(&mut self, e: &'ast syn::ExprIf) {
        let mark = self.shadowed.len();
        self.visit_expr(&e.cond);
        self.visit_block(&e.then_branch);
        self.shadowed.truncate(mark);
        if let Some((_, otherwise)) = &e.else_branch {
            self.visit_expr(otherwise);
        }
    }

    fn visit_expr_while(&mut self, e: &'ast syn::ExprWhile) {
        let mark = self.shadowed.len();
        self.visit_expr(&e.cond);
        self.visit_block(&e.body);
        self.shadowed.truncate(mark);
    }

    fn visit_expr_for_loop(&mut self, e: &'ast syn::ExprForLoop) {
        self.visit_expr(&e.expr);
        let mark = self.shadowed.len();
        self.bind_pat(&e.pat);
        self.visit_block(&e.body);
        self.shadowed.truncate(mark);
    }

    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        if p.qself.is_none()
            && p.path.leading_colon.is_none()
            && p.path.segments.len() == 1
            && p.path.segments[0].arguments.is_none()
        {
            self.mention(&p.path.segments[0].ident.to_string());
        }
    }

    fn visit_expr_binary(&mut self, b: &'ast syn::ExprBinary) {
        if is_compound_assign(&b.op) {
            self.note_write(&b.left);
        }
        syn::visit::visit_expr_binary(self, b);
    }

    fn visit_expr_reference(&mut self, r: &'ast syn::ExprReference) {
        if r.mutability.is_some() {
            self.note_write(&r.expr);
        }
        syn::visit::visit_expr_reference(self, r);
    }

    fn visit_expr_assign(&mut self, a: &'ast syn::ExprAssign) {
        let mut targets = Vec::new();
        let mut places = Vec::new();
        assignees(&a.left, &mut targets, &mut places);
        for i in targets {
            let name = i.to_string();
            if !self.shadowed.contains(&name)
                && let Some(id) = (self.lookup)(&name)
            {
                self.assigns.insert(id);
            }
        }
        for p in places {
            self.visit_expr(p);
        }
        self.visit_expr(&a.right);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.scan_tokens(m.tokens.clone());
    }

    fn visit_pat(&mut self, _: &'ast Pat) {}
}

/// `x` when the expression is a bare local name.
pub(crate) fn single_ident(e: &Expr) -> Option<&syn::Ident> {
    match e {
        Expr::Path(p)
            if p.qself.is_none()
                && p.path.leading_colon.is_none()
                && p.path.segments.len() == 1
                && p.path.segments[0].arguments.is_none() =>
        {
            Some(&p.path.segments[0].ident)
        }
        Expr::Paren(p) => single_ident(&p.expr),
        _ => None,
    }
}

/// The bare names an assignee expression assigns as a whole (`x`, `(x, y)`, `[x, _]`), and
/// the other places in it (`s.f`, `v[i]`), which are mentions.
fn assignees<'e>(e: &'e Expr, names: &mut Vec<&'e syn::Ident>, places: &mut Vec<&'e Expr>) {
    match e {
        Expr::Tuple(t) => t.elems.iter().for_each(|e| assignees(e, names, places)),
        Expr::Array(a) => a.elems.iter().for_each(|e| assignees(e, names, places)),
        Expr::Paren(p) => assignees(&p.expr, names, places),
        Expr::Infer(_) | Expr::Range(_) => {}
        other => match single_ident(other) {
            Some(i) => names.push(i),
            None => places.push(other),
        },
    }
}

/// The bindings an expression assigns as a whole on every path through it.
pub(crate) fn must_defs(e: &Expr, lookup: &dyn Fn(&str) -> Option<BindingId>) -> Set {
    let mut out = Set::new();
    match e {
        Expr::Assign(a) => {
            out.extend(must_defs(&a.right, lookup));
            let mut names = Vec::new();
            assignees(&a.left, &mut names, &mut Vec::new());
            out.extend(names.into_iter().filter_map(|i| lookup(&i.to_string())));
        }
        Expr::Block(b) if b.label.is_none() => {
            let mut local = HashSet::new();
            for stmt in &b.block.stmts {
                match stmt {
                    syn::Stmt::Expr(e, _) => {
                        let inner = |n: &str| {
                            if local.contains(n) { None } else { lookup(n) }
                        };
                        out.extend(must_defs(e, &inner));
                    }
                    syn::Stmt::Local(l) => {
                        for (i, _) in pattern_bindings(&l.pat) {
                            local.insert(i.to_string());
                        }
                    }
                    _ => {}
                }
            }
        }
        Expr::If(i) => {
            out.extend(must_defs(&i.cond, lookup));
            if let Some((_, otherwise)) = &i.else_branch {
                let then = must_defs(
                    &Expr::Block(syn::ExprBlock {
                        attrs: vec![],
                        label: None,
                        block: i.then_branch.clone(),
                    }),
                    lookup,
                );
                let other = must_defs(otherwise, lookup);
                out.extend(then.intersection(&other));
            }
        }
        Expr::Match(m) => {
            out.extend(must_defs(&m.expr, lookup));
            let mut arms = m.arms.iter().map(|a| must_defs(&a.body, lookup));
            if let Some(first) = arms.next() {
                let all = arms.fold(first, |acc, s| acc.intersection(&s).copied().collect());
                out.extend(all);
            }
        }
        Expr::Paren(p) => out.extend(must_defs(&p.expr, lookup)),
        _ => {}
    }
    out
}

/// Whether values of the type are certainly `Copy` plain data: primitives, and arrays and
/// tuples of such. (References are `Copy` too but left out: read through the state they would
/// lose their lifetime.)
pub(crate) fn surely_copy_ty(t: &syn::Type) -> bool {
    match t {
        syn::Type::Path(p) if p.qself.is_none() => p.path.get_ident().is_some_and(|i| {
            matches!(
                i.to_string().as_str(),
                "u8" | "u16"
                    | "u32"
                    | "u64"
                    | "u128"
                    | "usize"
                    | "i8"
                    | "i16"
                    | "i32"
                    | "i64"
                    | "i128"
                    | "isize"
                    | "f32"
                    | "f64"
                    | "bool"
                    | "char"
            )
        }),
        syn::Type::Array(a) => surely_copy_ty(&a.elem),
        syn::Type::Tuple(t) => t.elems.iter().all(surely_copy_ty),
        syn::Type::Paren(p) => surely_copy_ty(&p.elem),
        _ => false,
    }
}

/// Whether the expression's value is certainly `Copy` plain data: literals other than strings,
/// casts to primitives, and arrays and tuples of such.
pub(crate) fn surely_copy_expr(e: &Expr) -> bool {
    match e {
        Expr::Lit(l) => !matches!(
            l.lit,
            syn::Lit::Str(_) | syn::Lit::ByteStr(_) | syn::Lit::CStr(_)
        ),
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => surely_copy_expr(&u.expr),
        Expr::Cast(c) => surely_copy_ty(&c.ty),
        Expr::Repeat(r) => surely_copy_expr(&r.expr),
        Expr::Array(a) => !a.elems.is_empty() && a.elems.iter().all(surely_copy_expr),
        Expr::Tuple(t) => t.elems.iter().all(surely_copy_expr),
        Expr::Paren(p) => surely_copy_expr(&p.expr),
        _ => false,
    }
}

/// For each binding of a `let` pattern, whether its value is certainly `Copy`, judged from
/// the type annotation or the initialiser.
pub(crate) fn copy_bindings(pat: &Pat, init: Option<&Expr>) -> Vec<bool> {
    match (pat, init) {
        (Pat::Type(pt), _) if surely_copy_ty(&pt.ty) => {
            pattern_bindings(pat).iter().map(|_| true).collect()
        }
        (Pat::Type(pt), init) => copy_bindings(&pt.pat, init),
        (Pat::Ident(pi), Some(e)) if pi.subpat.is_none() && pi.by_ref.is_none() => {
            vec![surely_copy_expr(e)]
        }
        (Pat::Tuple(pt), Some(Expr::Tuple(et))) if pt.elems.len() == et.elems.len() => pt
            .elems
            .iter()
            .zip(&et.elems)
            .flat_map(|(p, e)| copy_bindings(p, Some(e)))
            .collect(),
        _ => pattern_bindings(pat).iter().map(|_| false).collect(),
    }
}

/// Whether the type is an array (or holds one): a value worth not moving on every resume.
pub(crate) fn array_ty(t: &syn::Type) -> bool {
    match t {
        syn::Type::Array(_) => true,
        syn::Type::Tuple(t) => t.elems.iter().any(array_ty),
        syn::Type::Paren(p) => array_ty(&p.elem),
        _ => false,
    }
}

/// For each binding of a `let` pattern, whether it holds an array, judged from the type
/// annotation or the initialiser.
pub(crate) fn array_bindings(pat: &Pat, init: Option<&Expr>) -> Vec<bool> {
    match (pat, init) {
        (Pat::Type(pt), _) if array_ty(&pt.ty) => {
            pattern_bindings(pat).iter().map(|_| true).collect()
        }
        (Pat::Type(pt), init) => array_bindings(&pt.pat, init),
        (Pat::Ident(pi), Some(e)) if pi.subpat.is_none() && pi.by_ref.is_none() => {
            vec![matches!(e, Expr::Repeat(_) | Expr::Array(_))]
        }
        (Pat::Tuple(pt), Some(Expr::Tuple(et))) if pt.elems.len() == et.elems.len() => pt
            .elems
            .iter()
            .zip(&et.elems)
            .flat_map(|(p, e)| array_bindings(p, Some(e)))
            .collect(),
        _ => pattern_bindings(pat).iter().map(|_| false).collect(),
    }
}

/// `+=`, `-=`, ..: an operator that assigns through its left operand.
pub(crate) fn is_compound_assign(op: &syn::BinOp) -> bool {
    use syn::BinOp;
    matches!(
        op,
        BinOp::AddAssign(_)
            | BinOp::SubAssign(_)
            | BinOp::MulAssign(_)
            | BinOp::DivAssign(_)
            | BinOp::RemAssign(_)
            | BinOp::BitXorAssign(_)
            | BinOp::BitAndAssign(_)
            | BinOp::BitOrAssign(_)
            | BinOp::ShlAssign(_)
            | BinOp::ShrAssign(_)
    )
}

/// `==`, `<`, ..: an operator that takes both operands by reference.
pub(crate) fn is_comparison(op: &syn::BinOp) -> bool {
    use syn::BinOp;
    matches!(
        op,
        BinOp::Eq(_) | BinOp::Ne(_) | BinOp::Lt(_) | BinOp::Le(_) | BinOp::Gt(_) | BinOp::Ge(_)
    )
}
