//! Implementation detail of the `traced` crate: use `traced::traced` and `traced::SpanAttributes`.
#![warn(missing_docs, unreachable_pub, rust_2018_idioms)]
#![forbid(unsafe_code)]

mod args;
mod check;
mod derive;
mod expand;
mod name;
mod sensitive;
mod shape;
mod words;

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::ToTokens;
use syn::ItemFn;

/// Instruments a function with an OpenTelemetry span. Documented in the `traced` crate.
#[proc_macro_attribute]
pub fn traced(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = TokenStream2::from(item);
    let function = match syn::parse2::<ItemFn>(item.clone()) {
        Ok(function) => function,
        Err(_) => return fallback(not_a_function(&item), item),
    };
    let parsed = syn::parse::<args::Args>(args).and_then(|mut args| check::check(&mut args, &function).map(|()| args));
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
    use syn::Item;
    if let Ok(declaration) = syn::parse2::<syn::TraitItemFn>(item.clone()) {
        return syn::Error::new_spanned(
            &declaration.sig,
            "`#[traced]` needs a function body: put it on the implementations of this method",
        );
    }
    let (tokens, what) = match syn::parse2::<Item>(item.clone()) {
        Ok(Item::Struct(item)) => (pair(&item.struct_token, &item.ident), "a struct"),
        Ok(Item::Enum(item)) => (pair(&item.enum_token, &item.ident), "an enum"),
        Ok(Item::Union(item)) => (pair(&item.union_token, &item.ident), "a union"),
        Ok(Item::Impl(item)) => (item.impl_token.to_token_stream(), "an impl block: put it on its methods"),
        Ok(Item::Trait(item)) => (pair(&item.trait_token, &item.ident), "a trait: put it on the methods of its impls"),
        Ok(Item::Mod(item)) => (pair(&item.mod_token, &item.ident), "a module"),
        Ok(Item::Const(item)) => (pair(&item.const_token, &item.ident), "a constant"),
        Ok(Item::Static(item)) => (pair(&item.static_token, &item.ident), "a static"),
        Ok(Item::Type(item)) => (pair(&item.type_token, &item.ident), "a type alias"),
        _ => (item.clone(), "this item"),
    };
    syn::Error::new_spanned(tokens, format!("`#[traced]` can only be applied to functions and methods, not to {what}"))
}

fn pair(first: &impl ToTokens, second: &impl ToTokens) -> TokenStream2 {
    let mut tokens = first.to_token_stream();
    second.to_tokens(&mut tokens);
    tokens
}
