//! The attribute's arguments: `yield = Type`, `clone` and `serde`.

use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream, Parser};
use syn::{Ident, Token, Type};

/// What `#[coro::coroutine(..)]` was given.
pub(crate) struct Args {
    /// The yield type; `()` when left out.
    pub(crate) yield_ty: Type,
    /// Whether the returned coroutine implements `Clone`.
    pub(crate) clone: bool,
    /// Where `serde` was given: the coroutine can be saved and restored.
    pub(crate) serde: Option<proc_macro2::Span>,
}

const KNOWN: &str = "expected `yield = Type`, `clone` or `serde`";

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut yield_ty = None;
        let mut clone = None;
        let mut serde = None;
        let mut errors: Option<syn::Error> = None;
        let mut push = |e: syn::Error| match &mut errors {
            Some(all) => all.combine(e),
            None => errors = Some(e),
        };
        while !input.is_empty() {
            if input.peek(Token![yield]) {
                let kw: Token![yield] = input.parse()?;
                if !input.peek(Token![=]) {
                    return Err(syn::Error::new(
                        kw.span,
                        "`yield` needs the yield type: write `yield = Type`",
                    ));
                }
                input.parse::<Token![=]>()?;
                if input.is_empty() || input.peek(Token![,]) {
                    return Err(syn::Error::new(
                        kw.span,
                        "`yield =` needs the yield type: write `yield = Type`",
                    ));
                }
                let ty: Type = input.parse()?;
                if let Some(span) = crate::ctx::impl_trait_span(&ty) {
                    push(syn::Error::new(
                        span,
                        "the yield type cannot be an `impl Trait`, which only a function's \
                         signature can name: name the type, or yield a boxed trait object \
                         (`yield = Box<dyn Trait>`)",
                    ));
                }
                if yield_ty.replace(ty).is_some() {
                    push(syn::Error::new(kw.span, "`yield` is given twice; keep one"));
                }
            } else {
                let ident: Ident = input.call(Ident::parse_any_ident)?;
                if (ident == "clone" || ident == "serde") && input.peek(Token![=]) {
                    let eq: Token![=] = input.parse()?;
                    push(syn::Error::new(
                        eq.span,
                        format!("`{ident}` takes no value: write `{ident}` alone to turn it on"),
                    ));
                    while !input.is_empty() && !input.peek(Token![,]) {
                        input.parse::<proc_macro2::TokenTree>()?;
                    }
                } else if ident == "clone" {
                    if clone.replace(ident.span()).is_some() {
                        push(syn::Error::new(
                            ident.span(),
                            "`clone` is given twice; keep one",
                        ));
                    }
                } else if ident == "serde" {
                    if serde.replace(ident.span()).is_some() {
                        push(syn::Error::new(
                            ident.span(),
                            "`serde` is given twice; keep one",
                        ));
                    }
                } else {
                    let bare = input.is_empty() || input.peek(Token![,]) || input.peek(Token![<]);
                    push(unknown_argument(&ident, bare));
                    // Skip the rest of this argument.
                    while !input.is_empty() && !input.peek(Token![,]) {
                        input.parse::<proc_macro2::TokenTree>()?;
                    }
                }
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        if let Some(errors) = errors {
            return Err(errors);
        }
        Ok(Args {
            yield_ty: yield_ty.unwrap_or_else(|| syn::parse_quote!(())),
            clone: clone.is_some(),
            serde,
        })
    }
}

trait AnyIdent {
    fn parse_any_ident(input: ParseStream) -> syn::Result<Ident>;
}

impl AnyIdent for Ident {
    fn parse_any_ident(input: ParseStream) -> syn::Result<Ident> {
        use syn::ext::IdentExt;
        Ident::parse_any(input)
            .map_err(|e| syn::Error::new(e.span(), format!("unexpected argument: {KNOWN}")))
    }
}

/// Names that are types, which a bare argument may mean as the yield type.
const PRIMITIVES: &[&str] = &[
    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32",
    "f64", "bool", "char", "str",
];

/// The error for an argument that is none of the known ones; `bare` when it stands alone (or
/// with generic arguments), as a type would.
fn unknown_argument(ident: &Ident, bare: bool) -> syn::Error {
    let name = ident.to_string();
    let looks_like_type = bare
        && (PRIMITIVES.contains(&name.as_str())
            || name.chars().next().is_some_and(char::is_uppercase));
    let type_hint = format!(" (did you mean `yield = {name}`?)");
    let hint = if looks_like_type {
        type_hint.as_str()
    } else if edit_distance(&name, "yield") <= 2 {
        " (did you mean `yield = Type`?)"
    } else if edit_distance(&name, "clone") <= 2 {
        " (did you mean `clone`?)"
    } else if edit_distance(&name, "serde") <= 2 {
        " (did you mean `serde`?)"
    } else {
        ""
    };
    syn::Error::new(
        ident.span(),
        format!("unknown argument `{name}`{hint}: {KNOWN}"),
    )
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(cur)
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// Parses the attribute's arguments.
pub(crate) fn parse_args(args: TokenStream) -> syn::Result<Args> {
    Args::parse.parse2(args)
}
