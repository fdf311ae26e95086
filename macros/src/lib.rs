//! Implementation detail of the `traced` crate: use `traced::traced` and `traced::SpanAttributes`.
#![warn(missing_docs, unreachable_pub, rust_2018_idioms)]

mod args;
mod check;
mod derive;
mod expand;
mod name;
mod sensitive;

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use syn::ItemFn;

/// Instruments a function with an OpenTelemetry span. Documented in the `traced` crate.
#[proc_macro_attribute]
pub fn traced(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = TokenStream2::from(item);
    let function = match syn::parse2::<ItemFn>(item.clone()) {
        Ok(function) => function,
        Err(_) => return fallback(not_a_function(&item), item),
    };
    let parsed = syn::parse::<args::Args>(args).and_then(|args| check::check(&args, &function).map(|()| args));
    match parsed {
        Ok(args) => expand::expand(&args, function).into(),
        // The function stays as written, so its callers do not fail with unrelated errors.
        Err(error) => fallback(error, item),
    }
}

/// Records a struct's fields as span attributes. Documented in the `traced` crate.
#[proc_macro_derive(SpanAttributes, attributes(redact, span))]
pub fn derive_span_attributes(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    derive::derive(input).unwrap_or_else(syn::Error::into_compile_error).into()
}

fn fallback(error: syn::Error, item: TokenStream2) -> TokenStream {
    let mut tokens = error.into_compile_error();
    tokens.extend(item);
    tokens.into()
}

fn not_a_function(item: &TokenStream2) -> syn::Error {
    use syn::spanned::Spanned;
    match syn::parse2::<syn::TraitItemFn>(item.clone()) {
        Ok(declaration) => syn::Error::new(
            declaration.sig.span(),
            "`#[traced]` needs a function body: put it on the implementation of this method",
        ),
        Err(_) => syn::Error::new(
            item.clone().into_iter().find(|token| !matches!(token, proc_macro2::TokenTree::Punct(_)))
                .map_or_else(proc_macro2::Span::call_site, |token| token.span()),
            "`#[traced]` can only be applied to functions and methods",
        ),
    }
}
