//! What the expansion says about a site before its span starts: the static facts of the site, its catalog
//! entry, and the closure that records its attributes.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Ident, LitStr, Pat, Path};

use crate::args::{Args, Field, FieldValue, Kind, Mode};
use crate::async_trait;

/// The span's name: `name = ..`, else `<module>.<function>`, which only a constant can spell, since the module
/// is known to `module_path!()` alone. `default_name` holds the constant's items, and is empty for a given name.
pub(super) struct SpanName {
    pub(super) default_name: TokenStream,
    pub(super) name: TokenStream,
}

pub(super) fn span_name(args: &Args, function: &Ident, krate: &Path) -> SpanName {
    if let Some(name) = &args.name {
        return SpanName { default_name: TokenStream::new(), name: name.to_token_stream() };
    }
    let names = quote!(#krate::__private::names);
    let constant = Ident::new("__TRACED_NAME", Span::mixed_site());
    let len = Ident::new("__TRACED_NAME_LEN", Span::mixed_site());
    let bytes = Ident::new("__TRACED_NAME_BYTES", Span::mixed_site());
    let function = LitStr::new(&crate::name::default_segment(function), function.span());
    let default_name = quote_spanned! {function.span()=>
        const #len: ::core::primitive::usize = #names::default_len(::core::module_path!(), #function);
        const #bytes: [::core::primitive::u8; #len] =
            #names::default_name::<#len>(::core::module_path!(), #function);
        const #constant: &::core::primitive::str = #names::checked(&#bytes);
    };
    SpanName { default_name, name: constant.into_token_stream() }
}

/// `static __TRACED_SITE: Site = Site::new(name, kind, crate, version, capacity);`
pub(super) fn site(args: &Args, name: &SpanName, krate: &Path) -> TokenStream {
    let site = Ident::new("__TRACED_SITE", Span::mixed_site());
    let SpanName { default_name, name } = name;
    let (kind, kind_span) = args.kind.unwrap_or((Kind::Internal, Span::call_site()));
    let kind = Ident::new(kind.variant(), kind_span);
    let capacity = args.fields.len();
    quote! {
        #default_name
        static #site: #krate::__private::Site = #krate::__private::Site::new(
            #name,
            #krate::__private::SpanKind::#kind,
            ::core::option_env!("CARGO_PKG_NAME"),
            ::core::option_env!("CARGO_PKG_VERSION"),
            #capacity,
        );
    }
}

/// The site's entry in `traced::catalog()`: registered at link time with feature `catalog`, nothing without.
pub(super) fn catalog_entry(args: &Args, name: &SpanName, function: &Ident, krate: &Path) -> TokenStream {
    let name = &name.name;
    let kind = args.kind.map_or(Kind::Internal, |(kind, _)| kind).name();
    let function = function.unraw().to_string();
    let keys = args.fields.iter().map(|field| {
        let key = LitStr::new(&field.key.text, field.key.span);
        let recorded_as = match &field.value {
            FieldValue::Redacted(_) => "redacted",
            FieldValue::Arg(_, mode) | FieldValue::Expr(_, mode) => match mode {
                Mode::Value => "value",
                Mode::Debug => "debug",
                Mode::Display => "display",
            },
        };
        quote!(#krate::__private::CatalogKey::__new(#key, #recorded_as))
    });
    quote! {
        #krate::__private::catalog_site! {
            #name, #kind, ::core::module_path!(), #function, ::core::line!(), ::core::column!(),
            &[#(#keys),*]
        }
    }
}

/// `SpanGuard::start(&__TRACED_SITE, |attributes| { ... })`: the closure runs once, when the span starts.
/// Under `#[async_trait]`, the bindings of destructured arguments are bound again, by reference, for the
/// fields to read: `let (a, b) = &__arg1;`.
pub(super) fn start(args: &Args, krate: &Path, destructured: &[(&Pat, &Ident)]) -> TokenStream {
    let site = Ident::new("__TRACED_SITE", Span::mixed_site());
    let attributes = Ident::new("__traced_attributes", Span::mixed_site());
    let private = quote!(#krate::__private);
    let records: Vec<TokenStream> = args.fields.iter().map(|field| record(field, &attributes, krate)).collect();
    let param = if records.is_empty() { quote!(_) } else { attributes.to_token_stream() };
    let bindings = destructured.iter().filter(|_| !records.is_empty()).map(|(pattern, param)| {
        let pattern = async_trait::by_reference(pattern);
        quote!(#[allow(unused_variables)] let #pattern = &#param;)
    });
    let start = if args.links.is_empty() {
        quote!(#private::SpanGuard::start(&#site, |#param| { #(#bindings)* #(#records)* }))
    } else {
        let links = Ident::new("__traced_links", Span::mixed_site());
        let each = args.links.iter().map(|link| {
            let span = Span::mixed_site().located_at(link.span());
            quote_spanned! {span=>
                (&&&&#private::relations::Linked::new(#link)).__traced_link(#links);
            }
        });
        quote! {
            #private::SpanGuard::start_linked(
                &#site,
                |#links| {
                    #[allow(unused_imports)]
                    use #private::relations::{LinkMany as _, LinkManyRefs as _, LinkOne as _, LinkOneRef as _};
                    #(#each)*
                },
                |#param| { #(#bindings)* #(#records)* },
            )
        }
    };
    let Some((parent, span)) = &args.parent else { return start };
    let at = Span::mixed_site().located_at(*span);
    let parent = match &**parent {
        // `None` alone has no type to infer: it means a new root.
        syn::Expr::Path(path) if path.qself.is_none() && path.path.is_ident("None") => {
            quote_spanned!(at=> #private::relations::root())
        }
        parent => quote_spanned!(at=> (#parent)),
    };
    let attached = Ident::new("__traced_parent", Span::mixed_site());
    // The parent is current only while the span starts: the span's own context, made current for the body,
    // holds it as the parent.
    quote_spanned! {at=>
        {
            let #attached = #private::relations::attach(&#parent);
            #start
        }
    }
}

fn record(field: &Field, attributes: &Ident, krate: &Path) -> TokenStream {
    let key = LitStr::new(&field.key.text, field.key.span);
    let methods = quote!(#krate::__private::Attributes);
    if let FieldValue::Expr(expr, Mode::Value) = &field.value {
        if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) = &**expr {
            // A string literal is recorded as the `&'static str` it is, without copying it.
            return quote!(#methods::static_str(#attributes, #key, #text););
        }
    }
    let (value, mode) = match &field.value {
        FieldValue::Arg(arg, mode) => (arg.to_token_stream(), *mode),
        FieldValue::Expr(expr, mode) => (quote!((#expr)), *mode),
        FieldValue::Redacted(_) => return quote!(#methods::redacted(#attributes, #key);),
    };
    let span = value.span();
    // Every token of the call carries the value's span, so that a value that cannot be recorded underlines
    // just the value.
    let methods = respan(methods, span);
    match mode {
        Mode::Value => quote_spanned!(span=> #methods::value(#attributes, #key, &#value);),
        Mode::Debug | Mode::Display => {
            // The binding is only visible inside this arm.
            let bound = Ident::new("__traced_value", span);
            let text = rendered(&respan(krate.to_token_stream(), span), &bound, mode, span);
            quote_spanned! {span=>
                #methods::text(#attributes, #key, match &#value { #bound => #text });
            }
        }
    }
}

/// The `?` (`Mode::Debug`) or `%` text of `value`, a reference: through the value's redactions when it has any
/// (a `SpanAttributes` type, or a container of them), through its own `Debug` or `Display` otherwise.
pub(super) fn rendered(krate: &TokenStream, value: &Ident, mode: Mode, span: Span) -> TokenStream {
    let render = Ident::new(if matches!(mode, Mode::Debug) { "debug" } else { "display" }, span);
    quote_spanned! {span=>
        {
            #[allow(unused_imports)]
            use #krate::__private::fmt::{PlainKind as _, RedactedKind as _};
            (&&#krate::__private::fmt::Probe(#value)).__traced_kind().#render(#value)
        }
    }
}

/// `tokens`, each (groups too) with `span`.
pub(super) fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let proc_macro2::TokenTree::Group(group) = &token {
                let mut inner = proc_macro2::Group::new(group.delimiter(), respan(group.stream(), span));
                inner.set_span(span);
                token = inner.into();
            } else {
                token.set_span(span);
            }
            token
        })
        .collect()
}
