//! The macro never panics: every input, valid or not, gives code or `compile_error!`s.
//!
//! The inputs are every `#[coro::coroutine]` function of the behaviour suite, and thousands of
//! mutations of them (a token deleted, duplicated, replaced by a keyword or punctuation, two
//! tokens swapped), made by a fixed pseudo-random sequence so that a failure reproduces.

use std::panic::{AssertUnwindSafe, catch_unwind};

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

/// Every coroutine function in the run-pass suite, with its attribute arguments.
fn corpus() -> Vec<(TokenStream, TokenStream)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/tests");
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("the behaviour suite")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("readable");
        let Ok(file) = syn::parse_file(&text) else {
            continue;
        };
        collect(&file.items, &mut out);
    }
    out
}

/// Removes the `#[coro::coroutine(..)]` attribute, giving its arguments.
fn take_coroutine_attr(attrs: &mut Vec<syn::Attribute>) -> Option<TokenStream> {
    let pos = attrs.iter().position(|a| {
        a.path()
            .segments
            .last()
            .is_some_and(|s| s.ident == "coroutine")
    })?;
    Some(match attrs.remove(pos).meta {
        syn::Meta::List(l) => l.tokens,
        _ => TokenStream::new(),
    })
}

fn collect(items: &[syn::Item], out: &mut Vec<(TokenStream, TokenStream)>) {
    for item in items {
        match item {
            syn::Item::Fn(f) => {
                let mut f = f.clone();
                if let Some(args) = take_coroutine_attr(&mut f.attrs) {
                    out.push((args, f.into_token_stream()));
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    collect(items, out);
                }
            }
            syn::Item::Impl(i) => {
                for it in &i.items {
                    if let syn::ImplItem::Fn(f) = it {
                        let mut f = f.clone();
                        if let Some(args) = take_coroutine_attr(&mut f.attrs) {
                            out.push((args, f.into_token_stream()));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

/// The tokens, flattened one level into groups at random depth, with one mutation applied.
fn mutate(tokens: &TokenStream, rng: &mut Rng) -> TokenStream {
    let mut tts: Vec<TokenTree> = tokens.clone().into_iter().collect();
    if tts.is_empty() {
        return tokens.clone();
    }
    let i = rng.below(tts.len());
    // Half the time, mutate inside a group instead.
    if let TokenTree::Group(g) = &tts[i]
        && rng.below(2) == 0
    {
        let mut ng = proc_macro2::Group::new(g.delimiter(), mutate(&g.stream(), rng));
        ng.set_span(g.span());
        tts[i] = TokenTree::Group(ng);
        return tts.into_iter().collect();
    }
    let replacements: [TokenStream; 12] = [
        "yield_!(1)".parse().unwrap(),
        "yield_from!(x)".parse().unwrap(),
        "break".parse().unwrap(),
        "continue".parse().unwrap(),
        "return".parse().unwrap(),
        "?".parse().unwrap(),
        ";".parse().unwrap(),
        "let".parse().unwrap(),
        "loop { yield_!() }".parse().unwrap(),
        "async".parse().unwrap(),
        "'a:".parse().unwrap(),
        "self".parse().unwrap(),
    ];
    match rng.below(4) {
        0 => {
            tts.remove(i);
        }
        1 => {
            let t = tts[i].clone();
            tts.insert(i, t);
        }
        2 => {
            let r = replacements[rng.below(replacements.len())].clone();
            tts.splice(i..=i, r);
        }
        _ => {
            let j = rng.below(tts.len());
            tts.swap(i, j);
        }
    }
    tts.into_iter().collect()
}

fn expand_without_panic(args: &TokenStream, item: &TokenStream) -> Result<(), String> {
    catch_unwind(AssertUnwindSafe(|| {
        let _ = coro_macros_core::expand::coroutine(args.clone(), item.clone());
        let _ = coro_macros_core::dump::dump(args.clone(), item.clone());
    }))
    .map_err(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(ToString::to_string))
            .unwrap_or_default()
    })
}

#[test]
fn the_suite_expands_without_panicking() {
    let corpus = corpus();
    assert!(corpus.len() > 100, "found {} coroutines", corpus.len());
    for (args, item) in &corpus {
        if let Err(e) = expand_without_panic(args, item) {
            panic!("the macro panicked ({e}) on\n{item}");
        }
    }
}

#[test]
fn mutated_inputs_expand_without_panicking() {
    let corpus = corpus();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut checked = 0;
    for round in 0..40 {
        for (args, item) in &corpus {
            let mut item = item.clone();
            for _ in 0..=round % 3 {
                item = mutate(&item, &mut rng);
            }
            let args = if rng.below(8) == 0 {
                mutate(args, &mut rng)
            } else {
                args.clone()
            };
            if let Err(e) = expand_without_panic(&args, &item) {
                panic!("the macro panicked ({e}) on\n#[coro::coroutine({args})]\n{item}");
            }
            checked += 1;
        }
    }
    assert!(checked > 1000);
}
