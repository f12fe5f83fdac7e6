//! The macro never panics: every input, valid or not, gives code or `compile_error!`s.
//!
//! The inputs are every `#[coro::coroutine]` function of the behaviour suite, the corpus of
//! inputs that once broke the macro (`tests/corpus/`), two hundred programs of the differential
//! tests' generator, thousands of mutations of all of these (a token deleted, duplicated,
//! replaced by a keyword or punctuation, two tokens swapped) and thousands of random token
//! streams, all made by fixed pseudo-random sequences so that a failure reproduces. Valid inputs
//! (the suite, the corpus, the generated programs) must also expand without a `compile_error!`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::ToTokens;

#[path = "../../../difftest/src/generator.rs"]
#[allow(dead_code, unreachable_pub, missing_docs, clippy::pedantic)]
mod generator;

/// Every coroutine function in the run-pass suite, with its attribute arguments.
fn corpus() -> Vec<(TokenStream, TokenStream)> {
    coroutines_in(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/tests"))
}

/// Every coroutine function in the `.rs` files of `dir`, with its attribute arguments.
fn coroutines_in(dir: &str) -> Vec<(TokenStream, TokenStream)> {
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
        let file = syn::parse_file(&text)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
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

/// Expands an input that is valid Rust for the macro: no panic, and no `compile_error!`.
fn expands_cleanly(args: &TokenStream, item: &TokenStream) -> Result<(), String> {
    let out = catch_unwind(AssertUnwindSafe(|| {
        coro_macros_core::expand::coroutine(args.clone(), item.clone())
    }))
    .map_err(|_| "the macro panicked".to_string())?;
    let text = out.to_string();
    if text.contains("compile_error") {
        return Err(format!("the macro refused it: {text}"));
    }
    Ok(())
}

#[test]
fn inputs_that_once_broke_the_macro_expand_cleanly() {
    let corpus = coroutines_in(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus"));
    assert!(corpus.len() >= 3, "found {} corpus entries", corpus.len());
    for (args, item) in &corpus {
        if let Err(e) = expands_cleanly(args, item) {
            panic!("{e}\non\n{item}");
        }
    }
}

/// The coroutines of the differential tests' programs for `seeds`.
fn generated(seeds: std::ops::Range<u64>) -> Vec<(TokenStream, TokenStream)> {
    let mut out = Vec::new();
    for seed in seeds {
        let text = generator::generate(seed).render_coro();
        let file = syn::parse_file(&text).expect("generated programs parse");
        collect(&file.items, &mut out);
    }
    out
}

#[test]
fn generated_programs_expand_cleanly_and_their_mutations_without_panicking() {
    let programs = generated(10_000..10_200);
    assert!(programs.len() >= 200);
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for (args, item) in &programs {
        if let Err(e) = expands_cleanly(args, item) {
            panic!("{e}\non\n{item}");
        }
        let mut mutated = item.clone();
        for _ in 0..3 {
            mutated = mutate(&mutated, &mut rng);
            if let Err(e) = expand_without_panic(args, &mutated) {
                panic!("the macro panicked ({e}) on\n#[coro::coroutine({args})]\n{mutated}");
            }
        }
    }
}

/// A random token stream over a vocabulary of what coroutine bodies are made of.
fn random_tokens(rng: &mut Rng, depth: usize) -> TokenStream {
    const WORDS: [&str; 40] = [
        "yield_!",
        "yield_from!",
        "let",
        "mut",
        "if",
        "else",
        "match",
        "loop",
        "while",
        "for",
        "in",
        "break",
        "continue",
        "return",
        "async",
        "await",
        "move",
        "fn",
        "self",
        "Self",
        "x",
        "y",
        "_",
        "'a",
        "'a:",
        "=",
        "==",
        "=>",
        ";",
        ",",
        ".",
        "?",
        "&",
        "&&",
        "||",
        "|",
        "1",
        "\"s\"",
        "#[resume]",
        "::",
    ];
    let mut out = TokenStream::new();
    for _ in 0..rng.below(12) {
        if depth < 3 && rng.below(4) == 0 {
            let delim =
                [Delimiter::Parenthesis, Delimiter::Brace, Delimiter::Bracket][rng.below(3)];
            let inner = random_tokens(rng, depth + 1);
            out.extend([TokenTree::Group(Group::new(delim, inner))]);
        } else {
            let w: TokenStream = WORDS[rng.below(WORDS.len())].parse().expect("a token");
            out.extend(w);
        }
    }
    out
}

#[test]
fn random_token_streams_expand_without_panicking() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let arg_choices: [TokenStream; 4] = [
        TokenStream::new(),
        "yield = u8".parse().unwrap(),
        "yield = u8, clone".parse().unwrap(),
        "yield = ()".parse().unwrap(),
    ];
    for i in 0..4000 {
        let body = random_tokens(&mut rng, 0);
        let item: TokenStream = if i % 4 == 0 {
            body.clone()
        } else {
            let params = random_tokens(&mut rng, 2);
            quote::quote!(fn f(#params) -> u8 { #body })
        };
        let args = if i % 5 == 0 {
            random_tokens(&mut rng, 2)
        } else {
            arg_choices[rng.below(arg_choices.len())].clone()
        };
        if let Err(e) = expand_without_panic(&args, &item) {
            panic!("the macro panicked ({e}) on\n#[coro::coroutine({args})]\n{item}");
        }
    }
}
