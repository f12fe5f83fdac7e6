//! The Rust blocks open at a position of an arm, and the names bindings have there.

use std::collections::HashMap;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::ir::{BindingId, ScopeId};

pub(super) struct Level {
    pub(super) scope: Option<ScopeId>,
    pub(super) closable: bool,
    pub(super) tokens: TokenStream,
}

/// The Rust blocks open at the current position of one arm or branch.
pub(super) struct Frame {
    pub(super) levels: Vec<Level>,
}

impl Frame {
    pub(super) fn new(barrier: Option<ScopeId>) -> Self {
        Frame {
            levels: vec![Level {
                scope: barrier,
                closable: false,
                tokens: TokenStream::new(),
            }],
        }
    }

    /// Puts a declaration at the start of the level of `scope` (the outermost level if the
    /// scope has none here).
    pub(super) fn prepend(&mut self, scope: ScopeId, t: TokenStream) {
        let i = self
            .levels
            .iter()
            .rposition(|l| l.scope == Some(scope))
            .unwrap_or(0);
        let level = &mut self.levels[i];
        let rest = std::mem::take(&mut level.tokens);
        level.tokens = quote!(#t #rest);
    }

    pub(super) fn push(&mut self, t: TokenStream) {
        self.levels
            .last_mut()
            .expect("frame has a level")
            .tokens
            .extend(t);
    }

    pub(super) fn open(&mut self, scope: ScopeId) {
        self.levels.push(Level {
            scope: Some(scope),
            closable: true,
            tokens: TokenStream::new(),
        });
    }

    /// Makes every open level end by a jump rather than by its `}`.
    pub(super) fn seal(&mut self) {
        for level in &mut self.levels {
            level.closable = false;
        }
    }

    pub(super) fn scopes(&self) -> impl Iterator<Item = ScopeId> + '_ {
        self.levels.iter().filter_map(|l| l.scope)
    }

    /// Closes the top `n` levels; with `tail`, the innermost evaluates it as its value and the
    /// result is bound to `bind`.
    pub(super) fn close(&mut self, n: usize, tail: Option<(TokenStream, TokenStream)>) {
        let mut inner: Option<TokenStream> = tail.as_ref().map(|(_, t)| t.clone());
        for _ in 0..n {
            let level = self.levels.pop().expect("level to close");
            let body = level.tokens;
            inner = Some(match inner {
                Some(t) => quote!({ #body #t }),
                None => quote!({ #body }),
            });
        }
        match (tail, inner) {
            (Some((bind, _)), Some(block)) if n > 0 => {
                self.push(quote!(#[allow(unused_mut)] let #bind = #block;));
            }
            (None, Some(block)) if n > 0 => self.push(block),
            _ => {}
        }
    }

    pub(super) fn finish(mut self) -> TokenStream {
        while self.levels.len() > 1 {
            let level = self.levels.pop().expect("level");
            let body = level.tokens;
            self.push(quote!({ #body }));
        }
        self.levels.pop().map(|l| l.tokens).unwrap_or_default()
    }
}

/// The names bindings have at the current position.
#[derive(Clone, Default)]
pub(super) struct Names {
    pub(super) of: HashMap<BindingId, Ident>,
    pub(super) by_name: HashMap<String, BindingId>,
    /// Bindings a later binding of the same name hides, with the name they had: when the
    /// hiding binding's scope ends, the name is theirs again.
    pub(super) hidden_by_shadow: HashMap<BindingId, Ident>,
}

impl Names {
    pub(super) fn bind(&mut self, id: BindingId, ident: Ident) {
        if let Some(prev) = self.of.get(&id) {
            let prev = prev.to_string();
            if self.by_name.get(&prev) == Some(&id) {
                self.by_name.remove(&prev);
            }
        }
        let key = ident.to_string();
        if let Some(old) = self.by_name.insert(key, id)
            && old != id
            && let Some(was) = self.of.remove(&old)
        {
            self.hidden_by_shadow.insert(old, was);
        }
        self.hidden_by_shadow.remove(&id);
        self.of.insert(id, ident);
    }
}
