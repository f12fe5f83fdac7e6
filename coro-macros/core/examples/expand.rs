//! Prints the expansion of every `#[coro::coroutine(..)]` function in a file:
//! `cargo run -p coro-macros-core --example expand -- path/to/file.rs`.

use quote::ToTokens;

fn main() {
    let path = std::env::args().nth(1).expect("usage: expand FILE");
    let text = std::fs::read_to_string(path).expect("readable file");
    let file: syn::File = syn::parse_str(&text).expect("a Rust file");
    for item in file.items {
        let syn::Item::Fn(mut f) = item else { continue };
        let Some(pos) = f.attrs.iter().position(|a| {
            a.path()
                .segments
                .last()
                .is_some_and(|s| s.ident == "coroutine")
        }) else {
            continue;
        };
        let attr = f.attrs.remove(pos);
        let args = match attr.meta {
            syn::Meta::List(l) => l.tokens,
            _ => proc_macro2::TokenStream::new(),
        };
        if std::env::var_os("DUMP").is_some() {
            println!(
                "{}",
                coro_macros_core::dump::dump(args.clone(), f.to_token_stream())
            );
        }
        let out = coro_macros_core::expand::coroutine(args, f.into_token_stream());
        match syn::parse2::<syn::File>(out.clone()) {
            Ok(file) => println!("{}", prettyplease::unparse(&file)),
            Err(_) => println!("{out}"),
        }
    }
}
