//! Borrows of the coroutine's own locals held across a suspension point, caught where they can
//! be seen syntactically, so the error names the local and the suspension point instead of
//! surfacing as a borrow-checker error on generated code.
//!
//! A binding *borrows* a local when its initialiser is `&v`, `&mut v`, `&v[..]`, `&v.field`, or
//! a borrowing method on `v` (`v.iter()`, `v.chars()`, ..), and `v` certainly owns its data: it
//! was initialised with an owned value (`vec![..]`, `String::new()`, a literal array, ..) or is a
//! parameter of an owned type (`Vec<T>`, `String`, arrays, ..). A `for` loop's iterator borrows
//! the same way. If such a binding is kept across a suspension point, the state would hold a
//! borrow of itself: an error, as for rustc's movable coroutines (E0626).

use syn::{Expr, Type};

use crate::analysis::liveness::Analysis;
use crate::ir::{BlockKind, Cfg};

/// Methods that return a borrow of their receiver on every type that has them (not `get`,
/// `first` or `last`: `Cell::get` and `Iterator::last` return values).
const BORROWING_METHODS: &[&str] = &[
    "iter",
    "iter_mut",
    "chars",
    "char_indices",
    "bytes",
    "lines",
    "split",
    "split_whitespace",
    "splitn",
    "rsplit",
    "windows",
    "chunks",
    "chunks_exact",
    "chunks_mut",
    "keys",
    "values",
    "values_mut",
    "as_str",
    "as_slice",
    "as_mut_slice",
    "as_bytes",
    "drain",
];

/// The local an expression borrows, if it visibly does.
pub(crate) fn borrowed_local(e: &Expr) -> Option<&syn::Ident> {
    match e {
        Expr::Reference(r) => place_root(&r.expr),
        Expr::MethodCall(m) if BORROWING_METHODS.contains(&m.method.to_string().as_str()) => {
            place_root(&m.receiver)
        }
        Expr::Paren(p) => borrowed_local(&p.expr),
        _ => None,
    }
}

/// The local at the root of a place expression (`v`, `v.f`, `v[i]`).
fn place_root(e: &Expr) -> Option<&syn::Ident> {
    match e {
        Expr::Field(f) => place_root(&f.base),
        Expr::Index(i) => place_root(&i.expr),
        Expr::Paren(p) => place_root(&p.expr),
        other => crate::names::single_ident(other),
    }
}

/// Whether an initialiser produces a value rather than a reference, as far as its syntax tells:
/// a constructor (a struct literal, a tuple struct or variant, `T::new(..)`-like functions and
/// channel constructors), a literal other than a string, or such a value awaited or checked
/// with `?`. Anything else (a function or method that may return a reference) is not counted.
pub(crate) fn value_init(e: &Expr) -> bool {
    const CONSTRUCTORS: &[&str] = &[
        "new",
        "with_capacity",
        "default",
        "from",
        "channel",
        "unbounded_channel",
        "bounded",
        "unbounded",
        "interval",
        "interval_at",
        "bind",
        "connect",
    ];
    match e {
        Expr::Lit(l) => !matches!(
            l.lit,
            syn::Lit::Str(_) | syn::Lit::ByteStr(_) | syn::Lit::CStr(_)
        ),
        Expr::Struct(_) | Expr::Array(_) | Expr::Repeat(_) => true,
        Expr::Call(c) => match &*c.func {
            Expr::Path(p) => p.path.segments.last().is_some_and(|s| {
                let name = s.ident.to_string();
                CONSTRUCTORS.contains(&name.as_str())
                    || name.chars().next().is_some_and(char::is_uppercase)
            }),
            _ => false,
        },
        Expr::Tuple(t) => !t.elems.is_empty() && t.elems.iter().all(value_init),
        Expr::Try(t) => value_init(&t.expr),
        Expr::Await(a) => value_init(&a.base),
        Expr::Paren(p) => value_init(&p.expr),
        Expr::Macro(_) => owned_init(e),
        _ => false,
    }
}

/// Methods of common async types (channels, streams, I/O, locks, timers) that borrow their
/// receiver in the future they return: `rx.recv().await` holds a borrow of `rx` while it waits.
pub(crate) const AWAIT_BORROWING_METHODS: &[&str] = &[
    "recv",
    "recv_many",
    "recv_from",
    "send_to",
    "next",
    "try_next",
    "select_next_some",
    "tick",
    "read",
    "read_exact",
    "read_to_end",
    "read_to_string",
    "read_line",
    "read_buf",
    "write",
    "write_all",
    "write_buf",
    "flush",
    "shutdown",
    "accept",
    "lock",
    "acquire",
    "changed",
    "notified",
    "readable",
    "writable",
    "peek",
];

/// Whether an initialiser certainly produces an owned value.
pub(crate) fn owned_init(e: &Expr) -> bool {
    match e {
        Expr::Macro(m) => m
            .mac
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "vec" || s.ident == "format"),
        Expr::Call(c) => match &*c.func {
            Expr::Path(p) => {
                p.path.segments.last().is_some_and(|s| {
                    matches!(
                        s.ident.to_string().as_str(),
                        "new" | "from" | "with_capacity" | "default" | "from_iter"
                    )
                }) && p.path.segments.len() >= 2
            }
            _ => false,
        },
        Expr::MethodCall(m) => matches!(
            m.method.to_string().as_str(),
            "to_vec" | "to_string" | "to_owned" | "collect" | "into_owned"
        ),
        Expr::Array(_) | Expr::Repeat(_) | Expr::Struct(_) => true,
        Expr::Paren(p) => owned_init(&p.expr),
        _ => false,
    }
}

/// Whether a parameter type certainly owns its data.
pub(crate) fn owned_ty(t: &Type) -> bool {
    match t {
        Type::Array(_) => true,
        Type::Path(p) if p.qself.is_none() => p.path.segments.last().is_some_and(|s| {
            matches!(
                s.ident.to_string().as_str(),
                "Vec"
                    | "String"
                    | "Box"
                    | "HashMap"
                    | "HashSet"
                    | "BTreeMap"
                    | "BTreeSet"
                    | "VecDeque"
                    | "BinaryHeap"
            )
        }),
        Type::Paren(p) => owned_ty(&p.elem),
        _ => false,
    }
}

/// An error for every binding kept across a suspension point that borrows an owned local.
pub(crate) fn check_borrows(cfg: &Cfg, an: &Analysis) -> Vec<syn::Error> {
    let mut errors = Vec::new();
    let mut reported = std::collections::BTreeSet::new();
    for (b, block) in cfg.blocks.iter().enumerate() {
        let BlockKind::Resume(k) = block.kind else {
            continue;
        };
        if block.preds == 0 {
            continue;
        }
        let line = cfg.suspends.get(k).map_or(0, |(_, span)| span.start().line);
        for &id in &an.carried[b] {
            let binding = &cfg.bindings[id];
            let Some(owner) = binding.borrows else {
                continue;
            };
            if !reported.insert(id) {
                continue;
            }
            let owner_name = cfg.bindings[owner]
                .name
                .as_ref()
                .map_or_else(String::new, ToString::to_string);
            let at = if line > 0 {
                format!("the suspension point on line {line}")
            } else {
                "a suspension point".to_owned()
            };
            let msg = match &binding.name {
                Some(name) => format!(
                    "`{name}` borrows `{owner_name}`, a local of this coroutine, and is kept \
                     across {at}: a coroutine's state cannot hold a borrow of its own local; \
                     keep owned data across it instead (iterate by value, keep an index or a \
                     clone), or take `{owner_name}` as a parameter by reference \
                     (`{owner_name}: &..`)"
                ),
                None => format!(
                    "this `for` loop borrows `{owner_name}`, a local of this coroutine, across \
                     {at}: a coroutine's state cannot hold a borrow of its own local; iterate \
                     by value (`for x in {owner_name}`), or take `{owner_name}` as a parameter \
                     by reference (`{owner_name}: &..`)"
                ),
            };
            errors.push(syn::Error::new(binding.span, msg));
        }
    }
    errors
}
