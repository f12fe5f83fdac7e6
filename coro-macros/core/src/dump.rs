//! A stable text dump of the analysis: the graph, what each block carries in, and the layout of
//! the state enum. Snapshot tests read it the way rustc's `mir-opt` tests read MIR.

use std::fmt::Write;

use proc_macro2::TokenStream;

use crate::analysis::liveness::{Analysis, analyze};
use crate::args::parse_args;
use crate::ctx::Ctx;
use crate::ir::{BlockKind, Cfg, Else, Set, Stmt, Term};
use crate::{lower, sig};

fn names(cfg: &Cfg, set: &Set) -> String {
    let v: Vec<String> = set.iter().map(|&id| cfg.bindings[id].label(id)).collect();
    v.join(", ")
}

fn ids(cfg: &Cfg, ids: &[usize]) -> String {
    let v: Vec<String> = ids.iter().map(|&id| cfg.bindings[id].label(id)).collect();
    v.join(", ")
}

fn code(cfg: &Cfg, t: &TokenStream) -> String {
    crate::render::render(cfg, t, None, &TokenStream::new()).to_string()
}

/// Writes the dump of a lowered and analysed body.
pub(crate) fn write_dump(cfg: &Cfg, an: &Analysis, start: &[usize]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "scopes:");
    for (i, s) in cfg.scopes.iter().enumerate() {
        let parent = s.parent.map_or_else(|| "-".to_owned(), |p| format!("s{p}"));
        let _ = writeln!(out, "  s{i}: {:?} in {parent}", s.kind);
    }
    let mut order: Vec<usize> = (0..cfg.blocks.len()).collect();
    order.sort_by_key(|&b| cfg.blocks[b].order);
    for b in order {
        let block = &cfg.blocks[b];
        if block.preds == 0 {
            continue;
        }
        let kind = match block.kind {
            BlockKind::Entry => "entry".to_owned(),
            BlockKind::Resume(k) => format!("resume {k}"),
            BlockKind::Inner => "inner".to_owned(),
        };
        let _ = writeln!(
            out,
            "bb{b} ({kind}, preds {}, s{}) params({}) carries {{{}}}",
            block.preds,
            block.scope,
            ids(cfg, &block.params),
            names(cfg, &an.carried[b]),
        );
        for stmt in &block.stmts {
            match stmt {
                Stmt::Code {
                    tokens, uses, defs, ..
                } => {
                    let _ = writeln!(
                        out,
                        "    {}    // uses {{{}}} defs {{{}}}",
                        code(cfg, tokens),
                        names(cfg, uses),
                        names(cfg, defs)
                    );
                }
                Stmt::Let {
                    pat,
                    ty,
                    init,
                    else_branch,
                    declares,
                    ..
                } => {
                    let ty = ty.as_ref().map(|t| format!(": {t}")).unwrap_or_default();
                    let init = init
                        .as_ref()
                        .map(|i| format!(" = {}", code(cfg, &i.tokens)))
                        .unwrap_or_default();
                    let els = match else_branch {
                        None => String::new(),
                        Some(Else::Verbatim { tokens, .. }) => format!(" else {tokens}"),
                        Some(Else::Lowered(eb)) => format!(" else bb{eb}"),
                    };
                    let _ = writeln!(
                        out,
                        "    let {pat}{ty}{init}{els};    // declares {{{}}}",
                        ids(cfg, declares)
                    );
                }
                Stmt::ScopeStart(s) => {
                    let _ = writeln!(out, "    scope s{s} {{");
                }
            }
        }
        let edge = |e: &crate::ir::Edge| {
            let args: Vec<String> = e.args.iter().map(|a| code(cfg, &a.tokens)).collect();
            let exits: Vec<String> = e.exits.iter().map(|s| format!("s{s}")).collect();
            format!(
                "bb{}({}) exits [{}]",
                e.target,
                args.join(", "),
                exits.join(", ")
            )
        };
        let term = match &block.term {
            Term::Open => "open".to_owned(),
            Term::Unreachable => "unreachable".to_owned(),
            Term::Goto(e) => format!("goto {}", edge(e)),
            Term::If {
                cond,
                then,
                otherwise,
            } => format!(
                "if {} -> {} else {}",
                code(cfg, &cond.tokens),
                edge(then),
                edge(otherwise)
            ),
            Term::Match { scrutinee, arms } => {
                let arms: Vec<String> = arms
                    .iter()
                    .map(|a| format!("{} => {}", a.pat, edge(&a.edge)))
                    .collect();
                format!(
                    "match {} {{ {} }}",
                    code(cfg, &scrutinee.tokens),
                    arms.join("; ")
                )
            }
            Term::Yield { value, resume, .. } => {
                format!("yield {} -> bb{resume}", code(cfg, &value.tokens))
            }
            Term::Return(v) => format!("return {}", code(cfg, &v.tokens)),
        };
        let _ = writeln!(out, "    -> {term}");
    }
    let _ = writeln!(out, "layout:");
    let start: Set = start.iter().copied().collect();
    let _ = writeln!(out, "  Start {{ {} }}", names(cfg, &start));
    for (b, block) in cfg.blocks.iter().enumerate() {
        if let BlockKind::Resume(k) = block.kind
            && block.preds > 0
        {
            let mut kept: Vec<usize> = an.carried[b].iter().copied().collect();
            kept.reverse();
            let _ = writeln!(out, "  Suspend{k} {{ {} }}", ids(cfg, &kept));
        }
    }
    out
}

/// The dump of `#[coro::coroutine(args)] item`, or the error messages.
#[must_use]
pub fn dump(args: TokenStream, item: TokenStream) -> String {
    let f: syn::ImplItemFn = match syn::parse2(item) {
        Ok(f) => f,
        Err(e) => return format!("error: {e}"),
    };
    let args = match parse_args(args) {
        Ok(a) => a,
        Err(e) => return format!("error: {e}"),
    };
    let parts = match sig::split_sig(&f.sig) {
        Ok(p) => p,
        Err(e) => return format!("error: {}", e[0]),
    };
    let resume_ty = parts
        .resume
        .as_ref()
        .map_or_else(|| syn::parse_quote!(()), |(_, t)| t.clone());
    let ctx = Ctx::new(
        f.sig.ident.to_string(),
        args.yield_ty,
        resume_ty,
        parts.return_ty.clone(),
        args.clone,
    );
    match lower::lower_body(
        &ctx,
        &parts.params,
        parts.resume.as_ref().map(|r| &r.0),
        &f.block,
    ) {
        Ok(l) => {
            let an = analyze(&l.cfg);
            write_dump(&l.cfg, &an, &l.start_params)
        }
        Err(errors) => {
            let mut out = String::new();
            for e in errors {
                let _ = writeln!(out, "error: {e}");
            }
            out
        }
    }
}
