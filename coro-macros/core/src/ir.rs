//! The control-flow graph the body is lowered into, cut only at suspension points.
//!
//! Code that contains no suspension point stays as the user's tokens inside [`Stmt::Code`] and
//! [`Stmt::Let`]; only the constructs around `yield_!` become blocks and edges. Every value that
//! flows between blocks is a [`Binding`]: a user's local, a parameter, or a temporary the lowering
//! made to keep Rust's evaluation order.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};

pub(crate) type BindingId = usize;
pub(crate) type BlockId = usize;
pub(crate) type ScopeId = usize;

/// A set of bindings, ordered by id (declaration order).
pub(crate) type Set = BTreeSet<BindingId>;

/// A local of the coroutine.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent facts about one binding, each read by a different phase"
)]
pub(crate) struct Binding {
    /// The user's name; `None` for temporaries.
    pub(crate) name: Option<Ident>,
    /// Declared `mut` (temporaries always are).
    pub(crate) mutable: bool,
    /// The scope that declares it.
    pub(crate) scope: ScopeId,
    /// Where it comes from in the user's code, for errors about it.
    pub(crate) span: Span,
    /// Declared by a `let` without initialiser: declared where it is first assigned.
    pub(crate) deferred: Option<Deferred>,
    /// Its type is certainly `Copy`, so reading it through a reference never moves.
    pub(crate) copy: bool,
    /// It holds a resume value, so its type is the resume type.
    pub(crate) resume_typed: bool,
    /// It holds an array: worth resuming in place rather than moving on every resume.
    pub(crate) array: bool,
    /// It certainly owns its data (see `analysis::borrows`).
    pub(crate) owned: bool,
    /// It borrows this owned local.
    pub(crate) borrows: Option<BindingId>,
    /// It holds a value rather than a reference, as far as its initialiser or type tells (see
    /// `analysis::borrows::value_init`): a borrow of it is a borrow of the coroutine's state.
    pub(crate) value: bool,
}

impl Binding {
    /// The name used in dumps and in the state enum's field names.
    pub(crate) fn label(&self, id: BindingId) -> String {
        match &self.name {
            Some(name) => {
                let s = name.to_string();
                let s = s.strip_prefix("r#").unwrap_or(&s).to_owned();
                format!("{s}_{id}")
            }
            None => format!("tmp_{id}"),
        }
    }
}

/// A `let x: ty;` without initialiser.
pub(crate) struct Deferred {
    pub(crate) ty: Option<TokenStream>,
}

/// How a scope's bindings come into being.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum ScopeKind {
    /// The function's parameters.
    Params,
    /// A `{ .. }` block of the user's.
    Brace,
    /// The bindings of a pattern that an edge binds (`if let`, `match` arm, `for`).
    Pattern,
}

/// A lexical scope.
pub(crate) struct Scope {
    pub(crate) parent: Option<ScopeId>,
    pub(crate) kind: ScopeKind,
}

/// An expression that is ready to be evaluated where it is placed: the user's tokens (with their
/// spans) or a temporary, and the bindings it mentions.
#[derive(Clone)]
pub(crate) struct Operand {
    pub(crate) tokens: TokenStream,
    pub(crate) uses: Set,
    /// Evaluating it later gives the same value and runs no code: a place or a literal.
    pub(crate) stable: bool,
}

/// A statement inside a block.
pub(crate) enum Stmt {
    /// User code (or code the lowering wrote) that runs to completion.
    Code {
        tokens: TokenStream,
        uses: Set,
        /// Bindings it assigns as a whole on every path.
        defs: Set,
        /// Bindings it assigns as a whole on some path.
        assigns: Set,
    },
    /// `let pat: ty = init else { .. };`
    Let {
        /// The user's attributes on the statement.
        attrs: TokenStream,
        pat: TokenStream,
        ty: Option<TokenStream>,
        init: Option<Operand>,
        /// A verbatim `else` block, or a block of the graph that diverges.
        else_branch: Option<Else>,
        declares: Vec<BindingId>,
        /// Bindings the initialiser assigns as a whole on every path.
        defs: Set,
        /// Bindings the initialiser assigns as a whole on some path.
        assigns: Set,
    },
    /// A `{` of the user's: the scope's bindings drop at its `}`.
    ScopeStart(ScopeId),
}

/// The `else` of a `let .. else`.
pub(crate) enum Else {
    Verbatim { tokens: TokenStream, uses: Set },
    Lowered(BlockId),
}

/// An edge to a block: the values of its parameters and the scopes it leaves.
#[derive(Clone)]
pub(crate) struct Edge {
    pub(crate) target: BlockId,
    /// One per parameter of the target that the edge itself supplies.
    pub(crate) args: Vec<Operand>,
    /// The scopes left, innermost first.
    pub(crate) exits: Vec<ScopeId>,
}

/// One arm of [`Term::Match`].
pub(crate) struct Arm {
    pub(crate) pat: TokenStream,
    pub(crate) guard: Option<Operand>,
    /// The target's parameters are the pattern's bindings.
    pub(crate) edge: Edge,
}

/// How a block ends.
pub(crate) enum Term {
    /// Not yet written (only while lowering).
    Open,
    Goto(Edge),
    /// `if cond { then } else { otherwise }`; a `let` in `cond` binds the then-block's parameters.
    If {
        cond: Operand,
        then: Edge,
        otherwise: Edge,
    },
    Match {
        scrutinee: Operand,
        arms: Vec<Arm>,
    },
    /// A suspension point: hand out `value`, resume in `resume` with the resume value bound to
    /// its parameter.
    Yield {
        value: Operand,
        resume: BlockId,
        span: Span,
        /// An `.await`: `value` is the future, stored in the state and polled until ready; its
        /// output is the resume block's parameter.
        awaits: bool,
    },
    /// Complete the coroutine with the value.
    Return(Operand),
    /// The end of a `let .. else` block that the user's code must not reach.
    Unreachable,
}

/// What enters a block.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum BlockKind {
    /// The first resume.
    Entry,
    /// Resumption after the suspension point with this index.
    Resume(usize),
    /// Reached by edges inside one resume.
    Inner,
}

/// A basic block.
pub(crate) struct Block {
    pub(crate) kind: BlockKind,
    /// Bound on entry: by the edge's arguments, the edge's pattern or the resume value.
    pub(crate) params: Vec<BindingId>,
    pub(crate) stmts: Vec<Stmt>,
    pub(crate) term: Term,
    /// The scope at the start of the block.
    pub(crate) scope: ScopeId,
    /// The bindings whose names refer to them at the start of the block.
    pub(crate) visible: Vec<BindingId>,
    /// Position in source order, for emitting arms so that inference meets definitions first.
    pub(crate) order: usize,
    /// Number of edges into it.
    pub(crate) preds: usize,
}

/// The whole lowered body.
pub(crate) struct Cfg {
    pub(crate) bindings: Vec<Binding>,
    pub(crate) scopes: Vec<Scope>,
    pub(crate) blocks: Vec<Block>,
    pub(crate) entry: BlockId,
    /// The suspension points in source order: the block that suspends and the span of the call.
    pub(crate) suspends: Vec<(BlockId, Span)>,
}

impl Cfg {
    /// The scopes from `scope` out to the root, innermost first.
    pub(crate) fn scope_chain(&self, scope: ScopeId) -> Vec<ScopeId> {
        let mut chain = vec![scope];
        let mut cur = scope;
        while let Some(parent) = self.scopes[cur].parent {
            chain.push(parent);
            cur = parent;
        }
        chain
    }

    /// The successors of a block, with the edges.
    pub(crate) fn successors(&self, block: BlockId) -> Vec<BlockId> {
        match &self.blocks[block].term {
            Term::Open | Term::Return(_) | Term::Unreachable => vec![],
            Term::Goto(edge) => vec![edge.target],
            Term::If {
                then, otherwise, ..
            } => vec![then.target, otherwise.target],
            Term::Match { arms, .. } => arms.iter().map(|a| a.edge.target).collect(),
            Term::Yield { resume, .. } => vec![*resume],
        }
        .into_iter()
        .chain(self.blocks[block].stmts.iter().filter_map(|s| match s {
            Stmt::Let {
                else_branch: Some(Else::Lowered(b)),
                ..
            } => Some(*b),
            _ => None,
        }))
        .collect()
    }
}
