//! Code generation for `#[traced]`. The output names only `::core` and the runtime's `__private` module.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{AttrStyle, Attribute, Ident, ItemFn, LitStr, Path, ReturnType, Type};

use crate::args::{Args, Field, FieldValue, Mode};

// Input:
//     #[traced(name = "orders.get", fields(id))]
//     fn get(id: u64) -> Result<Order, DbError> { body }
//
// Output:
//     fn get(id: u64) -> Result<Order, DbError> {
//         static __TRACED_SITE: Site = Site::new("orders.get", SpanKind::Internal, <crate>, <version>, 1);
//         let __traced_span = SpanGuard::start(&__TRACED_SITE, |__traced_attributes| {
//             __traced_attributes.value("id", &id);
//         });
//         let __traced_return = __traced_span.in_scope(move || -> Result<Order, DbError> { body });
//         { use ret::*; (&&&&&&Probe(&__traced_return)).__traced_record(&__traced_span); }
//         __traced_return
//     }
//
// An `async fn` stays an `async fn`: its body becomes `__traced_span.instrument(async move { body }).await`.
pub(crate) fn expand(args: &Args, function: ItemFn) -> TokenStream {
    let krate = args.krate.clone().unwrap_or_else(|| syn::parse_quote!(::traced));
    let ItemFn { attrs, vis, modifiers, sig, block } = function;
    let defaultness = modifiers.defaultness;
    // `#![...]` written inside the body stays inside the body.
    let (inner, outer): (Vec<Attribute>, Vec<Attribute>) =
        attrs.into_iter().partition(|attr| matches!(attr.style, AttrStyle::Inner(_)));
    let site = site(args, &sig.ident, &krate);
    let start = start(args, &krate);
    let span = Ident::new("__traced_span", Span::mixed_site());
    let track_caller = outer.iter().any(|attr| attr.path().is_ident("track_caller"));
    let body = match (&sig.output, sig.asyncness.is_some()) {
        (_, false) if track_caller => {
            // A closure would report its own location to the `#[track_caller]` calls in the body instead of the
            // caller's, so the body runs inline; its `return`s and `?`s leave directly: errors are not recorded.
            let entered = Ident::new("__traced_entered", Span::mixed_site());
            quote! {
                let #entered = #span.enter();
                #block
            }
        }
        // `()` is never an error: nothing to record after the body.
        (ReturnType::Default, true) => quote!(#span.instrument(async move #block).await),
        (ReturnType::Default, false) => quote!(#span.in_scope(move || #block)),
        // Nothing returns, so nothing is recorded; `!` cannot be named in a `let` on stable.
        (ReturnType::Type(_, ty), true) if matches!(**ty, Type::Never(_)) => {
            let never = Ident::new("__traced_never", Span::mixed_site());
            quote! {
                match #span.instrument(async move {
                    let #never: ::core::convert::Infallible = #block;
                    #never
                })
                .await {}
            }
        }
        (ReturnType::Type(_, ty), false) if matches!(**ty, Type::Never(_)) => {
            quote!(#span.in_scope(move || -> ! #block))
        }
        (ReturnType::Type(arrow, ty), is_async) => {
            let run = if is_async {
                let fake_return = fake_return_edge(ty);
                quote! {
                    #span.instrument(async move {
                        #fake_return
                        #block
                    })
                    .await
                }
            } else {
                // `-> Ret`, so that `?` converts errors as it did; a closure cannot name `impl Trait`.
                let hint = erase_impl_trait(ty).map(|ty| quote!(#arrow #ty));
                quote!(#span.in_scope(move || #hint #block))
            };
            let value = Ident::new("__traced_return", Span::mixed_site());
            quote! {
                #[allow(unreachable_code)]
                let #value = #run;
                #[allow(unreachable_code)]
                {
                    #[allow(unused_imports)]
                    use #krate::__private::ret::{
                        RecordBoxedError as _, RecordDebug as _, RecordDisplay as _, RecordError as _,
                        RecordNothing as _, RecordOpaque as _, RecordSpanError as _,
                    };
                    (&&&&&&#krate::__private::ret::Probe(&#value)).__traced_record(&#span);
                }
                #[allow(unreachable_code)]
                #value
            }
        }
    };
    quote! {
        #(#outer)*
        #vis #defaultness #sig {
            #(#inner)*
            #site
            let #span = #start;
            #body
        }
    }
}

fn site(args: &Args, function: &Ident, krate: &Path) -> TokenStream {
    let site = Ident::new("__TRACED_SITE", Span::mixed_site());
    let name = match &args.name {
        Some(name) => name.clone(),
        None => LitStr::new(&function.unraw().to_string(), function.span()),
    };
    let kind = args.kind.as_ref().map_or_else(|| "Internal".to_owned(), |kind| capitalize(&kind.to_string()));
    let kind = Ident::new(&kind, args.kind.as_ref().map_or_else(Span::call_site, Ident::span));
    let capacity = args.fields.len();
    quote! {
        static #site: #krate::__private::Site = #krate::__private::Site::new(
            #name,
            #krate::__private::SpanKind::#kind,
            ::core::option_env!("CARGO_PKG_NAME"),
            ::core::option_env!("CARGO_PKG_VERSION"),
            #capacity,
        );
    }
}

/// `SpanGuard::start(&__TRACED_SITE, |attributes| { ... })`: the closure runs once, when the span starts.
fn start(args: &Args, krate: &Path) -> TokenStream {
    let site = Ident::new("__TRACED_SITE", Span::mixed_site());
    let attributes = Ident::new("__traced_attributes", Span::mixed_site());
    let records: Vec<TokenStream> = args.fields.iter().map(|field| record(field, &attributes, krate)).collect();
    let param = if records.is_empty() { quote!(_) } else { attributes.to_token_stream() };
    quote! {
        #krate::__private::SpanGuard::start(&#site, |#param| { #(#records)* })
    }
}

fn record(field: &Field, attributes: &Ident, krate: &Path) -> TokenStream {
    let key = LitStr::new(&field.key.text, field.key.span);
    if let FieldValue::Expr(expr, Mode::Value) = &field.value {
        if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) = &**expr {
            // A string literal is recorded as the `&'static str` it is, without copying it.
            return quote!(#attributes.static_str(#key, #text););
        }
    }
    let (value, mode) = match &field.value {
        FieldValue::Arg(arg, mode) => (arg.to_token_stream(), *mode),
        FieldValue::Expr(expr, mode) => (quote!((#expr)), *mode),
        FieldValue::Redacted(_) => return quote!(#attributes.redacted(#key);),
    };
    let span = value.span();
    match mode {
        Mode::Value => quote_spanned!(span=> #attributes.value(#key, &#value);),
        Mode::Debug | Mode::Display => {
            let render = Ident::new(if matches!(mode, Mode::Debug) { "debug" } else { "display" }, span);
            // Every token of the call carries the expression's span, so that a missing `Debug`/`Display`
            // underlines just the expression. The binding is only visible inside this arm.
            let bound = Ident::new("__traced_value", span);
            let krate = respan(krate.to_token_stream(), span);
            quote_spanned! {span=>
                #attributes.text(#key, match &#value {
                    #bound => {
                        #[allow(unused_imports)]
                        use #krate::__private::fmt::{PlainKind as _, RedactedKind as _};
                        (&&#krate::__private::fmt::Probe(#bound)).__traced_kind().#render(#bound)
                    }
                });
            }
        }
    }
}

fn respan(tokens: TokenStream, span: Span) -> TokenStream {
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

/// A `return` of the declared type that never runs, so that `?` and `return` in the `async move` block infer
/// the same types as in the original body. Same idea as `tracing-attributes`' fake return edge.
fn fake_return_edge(ty: &Type) -> TokenStream {
    let Some(ty) = erase_impl_trait(ty) else { return TokenStream::new() };
    let fake = format_ident!("__traced_fake_return", span = Span::mixed_site());
    quote! {
        #[allow(unreachable_code, clippy::diverging_sub_expression, clippy::let_unit_value, clippy::needless_return)]
        if false {
            let #fake: #ty = loop {};
            return #fake;
        }
    }
}

/// The type with each `impl Trait` replaced by `_`; `None` when the whole type is `impl Trait`.
fn erase_impl_trait(ty: &Type) -> Option<Type> {
    struct Erase;
    impl VisitMut for Erase {
        fn visit_type_mut(&mut self, ty: &mut Type) {
            if let Type::ImplTrait(impl_trait) = ty {
                *ty = Type::Infer(syn::TypeInfer {
                    attrs: Vec::new(),
                    underscore_token: syn::Token![_](impl_trait.impl_token.span),
                });
            } else {
                syn::visit_mut::visit_type_mut(self, ty);
            }
        }
    }
    if matches!(ty, Type::ImplTrait(_)) {
        return None;
    }
    let mut ty = ty.clone();
    Erase.visit_type_mut(&mut ty);
    Some(ty)
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}
