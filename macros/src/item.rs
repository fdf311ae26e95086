//! What `#[traced]` was put on, when it is not a function it can instrument.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::{Attribute, Item, Signature, Token, Visibility};

/// A function whose signature parses but whose body does not. Only the signature is parsed, the body is a
/// brace-delimited group, as tracing-attributes' `MaybeItemFn` does: the item is then left to rustc, whose
/// error points inside the body.
pub(crate) fn is_function_with_broken_body(item: TokenStream) -> bool {
    let parser = |input: ParseStream<'_>| {
        input.call(Attribute::parse_outer)?;
        input.parse::<Visibility>()?;
        input.parse::<Option<Token![default]>>()?;
        input.parse::<Signature>()?;
        let body: proc_macro2::Group = input.parse()?;
        Ok(body.delimiter() == proc_macro2::Delimiter::Brace && input.is_empty())
    };
    parser.parse2(item).unwrap_or(false)
}

/// An impl block whose header parses but whose items do not (a method with a syntax error in its body): left
/// to rustc too, whose error points inside it.
pub(crate) fn is_impl_with_broken_items(item: TokenStream) -> bool {
    let parser = |input: ParseStream<'_>| {
        input.call(Attribute::parse_outer)?;
        input.parse::<Option<Token![default]>>()?;
        input.parse::<Option<Token![unsafe]>>()?;
        input.parse::<Token![impl]>()?;
        let mut last = None;
        while !input.is_empty() {
            last = Some(input.parse::<proc_macro2::TokenTree>()?);
        }
        Ok(
            matches!(last, Some(proc_macro2::TokenTree::Group(group)) if group.delimiter() == proc_macro2::Delimiter::Brace),
        )
    };
    parser.parse2(item).unwrap_or(false)
}

pub(crate) fn not_a_function(item: &TokenStream) -> syn::Error {
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
        Ok(Item::Trait(item)) => (pair(&item.trait_token, &item.ident), "a trait: put it on the methods of its impls"),
        Ok(Item::Mod(item)) => (pair(&item.mod_token, &item.ident), "a module"),
        Ok(Item::Const(item)) => (pair(&item.const_token, &item.ident), "a constant"),
        Ok(Item::Static(item)) => (pair(&item.static_token, &item.ident), "a static"),
        Ok(Item::Type(item)) => (pair(&item.type_token, &item.ident), "a type alias"),
        _ => (item.clone(), "this item"),
    };
    syn::Error::new_spanned(tokens, format!("`#[traced]` can only be applied to functions and methods, not to {what}"))
}

fn pair(first: &impl ToTokens, second: &impl ToTokens) -> TokenStream {
    let mut tokens = first.to_token_stream();
    second.to_tokens(&mut tokens);
    tokens
}
