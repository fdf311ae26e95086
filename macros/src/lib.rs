//! Implementation detail of the `traced` crate: use `traced::traced` and `traced::SpanAttributes`.
#![warn(missing_docs, unreachable_pub, rust_2018_idioms)]
#![forbid(unsafe_code)]

mod args;
mod async_trait;
mod check;
mod derive;
mod expand;
mod item;
mod name;
mod sensitive;
mod shape;
mod words;

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use syn::{ItemFn, ItemImpl};

/// Instruments a function with an OpenTelemetry span. Documented in the `traced` crate.
#[proc_macro_attribute]
pub fn traced(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = TokenStream2::from(item);
    let function = match syn::parse2::<ItemFn>(item.clone()) {
        Ok(function) => function,
        // rustc reports what is wrong inside the body on its own: one error, where it is.
        Err(_) if item::is_function_with_broken_body(item.clone()) => return item.into(),
        Err(_) => match syn::parse2::<ItemImpl>(item.clone()) {
            Ok(block) => return impl_block(args, block, item),
            Err(_) if item::is_impl_with_broken_items(item.clone()) => return item.into(),
            Err(_) => return fallback(item::not_a_function(&item), item),
        },
    };
    let parsed = syn::parse::<args::Args>(args).and_then(|mut args| check::check(&mut args, &function).map(|()| args));
    match parsed {
        Ok(args) => expand::expand(&args, function).into(),
        // The function stays as written, so its callers do not fail with unrelated errors.
        Err(error) => fallback(error, item),
    }
}

/// `#[traced]` on an impl block: its methods are instrumented as if each had the attribute.
fn impl_block(args: TokenStream, block: ItemImpl, item: TokenStream2) -> TokenStream {
    let mut args = match syn::parse::<args::Args>(args) {
        Ok(args) => args,
        Err(error) => return fallback(error, item),
    };
    let (plan, checked) = check::block::check(&mut args, &block);
    let expanded = expand::block::expand(plan, block);
    match checked {
        Ok(()) => expanded.into(),
        Err(error) => fallback(error, expanded),
    }
}

/// Records a struct's fields as span attributes. Documented in the `traced` crate.
#[proc_macro_derive(SpanAttributes, attributes(redact, span))]
pub fn derive_span_attributes(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    derive::derive(&input).unwrap_or_else(|error| derive::fallback(&input, error)).into()
}

fn fallback(error: syn::Error, item: TokenStream2) -> TokenStream {
    let mut tokens = error.into_compile_error();
    tokens.extend(item);
    tokens.into()
}
