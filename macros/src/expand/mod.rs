//! Code generation for `#[traced]`. The output names only `::core` and the runtime's `__private` module.

pub(crate) mod block;
mod record;
mod site;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{AttrStyle, Attribute, Block, Expr, FnArg, Ident, ItemFn, Pat, ReturnType, Signature, Stmt, Type};

use crate::args::Args;
use crate::async_trait;
use crate::shape::{Returned, Shape, Unboxed};
use record::Record;

// Input:
//     #[traced(name = "orders.get", fields(id))]
//     fn get(id: u64) -> Result<Order, DbError> { body }
//
// Output:
//     fn get(id: u64) -> Result<Order, DbError> {
//         static __TRACED_SITE: Site = Site::new("orders.get", SpanKind::Internal, <crate>, <version>, 1);
//         let __traced_span = SpanGuard::start(&__TRACED_SITE, |__traced_attributes| {
//             Attributes::value(__traced_attributes, "id", &id);
//         });
//         let __traced_return = SpanGuard::in_scope(&__traced_span, move || -> Result<Order, DbError> { body });
//         { use ret::*; (&&&&&&Probe(&__traced_return)).__traced_record(&__traced_span); }
//         __traced_return
//     }
//
// An `async fn` stays an `async fn`; its body becomes `Traced::new(__traced_span, async move { body }, record)
// .await`. A function returning a future returns `Traced::new(__traced_span, <its future>, record)`, boxed again
// when it was boxed. Every call names its function by path, so no trait in the user's scope can capture it.
pub(crate) fn expand(args: &Args, function: ItemFn) -> TokenStream {
    let krate = args.krate.clone().unwrap_or_else(|| syn::parse_quote!(::traced));
    let ItemFn { attrs, vis, modifiers, sig, block } = function;
    let defaultness = modifiers.defaultness;
    // `#![...]` written inside the body stays inside the body.
    let (inner, outer): (Vec<Attribute>, Vec<Attribute>) =
        attrs.into_iter().partition(|attr| matches!(attr.style, AttrStyle::Inner(_)));
    let name = site::span_name(args, &sig.ident, &krate);
    let site = site::site(args, &name, &krate);
    let catalog = site::catalog_entry(args, &name, &sig.ident, &krate);
    let start = site::start(args, &krate, &async_trait::destructured(&sig, &block));
    let span = Ident::new("__traced_span", Span::mixed_site());
    let track_caller = outer.iter().any(|attr| attr.path().is_ident("track_caller"));
    let private = quote!(#krate::__private);
    let record = Record { krate: &krate, args };
    let body = match Shape::of(&sig, &block) {
        Shape::Call if track_caller => {
            // A closure would report its own location to the `#[track_caller]` calls in the body instead of the
            // caller's, so the body runs inline; its `return`s and `?`s leave directly: errors are not recorded.
            let entered = Ident::new("__traced_entered", Span::mixed_site());
            quote! {
                let #entered = #private::SpanGuard::enter(&#span);
                #block
            }
        }
        Shape::Call => call(&sig.output, &block, &record),
        Shape::Async => async_body(&sig, &block, &record),
        Shape::Future(returned) => future(&sig.output, returned, &block, &record),
    };
    // The body's own braces, so that the function keeps its span and with it lints such as `dead_code`.
    let mut braced = TokenStream::new();
    block.brace_token.surround(&mut braced, |tokens| {
        tokens.extend(quote! {
            #(#inner)*
            #site
            #catalog
            let #span = #start;
            #body
        });
    });
    quote! {
        #(#outer)*
        #vis #defaultness #sig #braced
    }
}

/// The body of a plain function, run with the span current; an `Err` it returns is recorded.
fn call(output: &ReturnType, block: &Block, record: &Record<'_>) -> TokenStream {
    let krate = record.krate;
    let span = Ident::new("__traced_span", Span::mixed_site());
    let in_scope = quote!(#krate::__private::SpanGuard::in_scope);
    let (arrow, ty) = match output {
        // `()` is never an error: nothing to record after the body.
        ReturnType::Default => return quote!(#in_scope(&#span, move || #block)),
        // Nothing returns, so nothing is recorded; `!` cannot be named in a `let` on stable.
        ReturnType::Type(_, ty) if matches!(**ty, Type::Never(_)) => {
            return quote!(#in_scope(&#span, move || -> ! #block))
        }
        ReturnType::Type(arrow, ty) => (arrow, ty),
    };
    // `-> Ret`, so that `?` converts errors as it did; a closure cannot name `impl Trait`.
    let hint = erase_impl_trait(ty).map(|erased| quote!(#arrow #erased));
    let value = Ident::new("__traced_return", Span::mixed_site());
    let record = record.value(&value, &span);
    quote! {
        let #value = #in_scope(&#span, move || #hint #block);
        #[allow(unreachable_code)]
        #record
        #[allow(unreachable_code)]
        #value
    }
}

// Input:
//     async fn get(&self, id: u64) -> Result<Order, DbError> { body }
//
// Output (after the span's start):
//     Traced::new(__traced_span, async move { let _ = (&self,); <fake return>; body }, record).await
fn async_body(sig: &Signature, block: &Block, record: &Record<'_>) -> TokenStream {
    let krate = record.krate;
    let span = Ident::new("__traced_span", Span::mixed_site());
    let traced = quote!(#krate::__private::Traced::new);
    let captures = captures(sig);
    // A body of one expression is that expression: as the async block's last expression, its braces would trip
    // `unused_braces` (`{ Ok(k) }`). Any other body stays a block, so that its items and imports stay out of
    // the scope of the fake return's type.
    let block = match block.stmts.as_slice() {
        [Stmt::Expr(expr, None)] => expr.to_token_stream(),
        _ => block.to_token_stream(),
    };
    match &sig.output {
        ReturnType::Type(_, ty) if matches!(**ty, Type::Never(_)) => {
            // `!` cannot be an output on stable: the future's is `Infallible`, which the body's `!` coerces to.
            let fake_return = fake_return_edge(&syn::parse_quote!(::core::convert::Infallible), ty.span());
            quote! {
                match #traced(#span, async move {
                    #captures
                    #fake_return
                    #block
                }, |_, _| {})
                .await {}
            }
        }
        ReturnType::Default => {
            let fake_return = fake_return_edge(&syn::parse_quote!(()), sig.ident.span());
            quote! {
                #traced(#span, async move { #captures #fake_return #block }, |_, _| {}).await
            }
        }
        ReturnType::Type(_, ty) => {
            let fake_return = fake_return_edge(ty, ty.span());
            let record = record.closure();
            quote! {
                #traced(#span, async move {
                    #captures
                    #fake_return
                    #block
                }, #record)
                .await
            }
        }
    }
}

// Input:
//     fn get<'a>(&'a self, id: u64) -> Pin<Box<dyn Future<Output = Result<Order, DbError>> + Send + 'a>> {
//         Box::pin(async move { body })
//     }
//
// Output (after the span's start):
//     Box::pin(Traced::new(__traced_span, with_output::<Result<Order, DbError>, _>(async move {
//         body
//     }), record))
//
// A body with statements before `Box::pin(..)` runs them with the span current (`SpanGuard::make`); a body that
// returns elsewhere, or a future of another shape, is traced whole, and boxed once more when it was boxed.
fn future(output: &ReturnType, returned: Returned<'_>, block: &Block, record: &Record<'_>) -> TokenStream {
    let krate = record.krate;
    let span = Ident::new("__traced_span", Span::mixed_site());
    let private = quote!(#krate::__private);
    let hint = |future: TokenStream| match returned.output.and_then(erase_impl_trait) {
        Some(output) => quote!(#private::with_output::<#output, _>(#future)),
        None => future,
    };
    let future = match returned.unboxed {
        Some(Unboxed { stmts: [], inner: inner @ Expr::Async(_) }) => hint(inner.to_token_stream()),
        Some(Unboxed { stmts, inner }) => {
            let inner = hint(inner.to_token_stream());
            quote!(#private::SpanGuard::make(&#span, move || { #(#stmts)* #inner }))
        }
        // Making an async block runs nothing: no need to make the span current for it.
        None if !returned.boxed && matches!(block.stmts.as_slice(), [Stmt::Expr(Expr::Async(_), None)]) => {
            hint(block.stmts[0].to_token_stream())
        }
        None => {
            let ty = match output {
                ReturnType::Type(arrow, ty) => erase_impl_trait(ty).map(|ty| quote!(#arrow #ty)),
                ReturnType::Default => None,
            };
            hint(quote!(#private::SpanGuard::make(&#span, move || #ty #block)))
        }
    };
    let record = record.closure();
    let made = Ident::new("__traced_future", Span::mixed_site());
    let traced = quote!(#private::Traced::new(#span, #made, #record));
    let traced = if returned.boxed { quote!(#private::Box::pin(#traced)) } else { traced };
    quote! {
        let #made = #future;
        #traced
    }
}

/// `let _ = (&self, &_permit);`: the receiver and the arguments whose names start with `_`, which the body may
/// never mention, so that the `async move` block takes them too and a future dropped before it completes drops
/// them inside the span. Any other argument the body leaves unused keeps its `unused_variables` warning.
fn captures(sig: &Signature) -> TokenStream {
    let names: Vec<TokenStream> = sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Receiver(_) => Some(quote!(self)),
            FnArg::Typed(typed) => match &*typed.pat {
                Pat::Ident(pat) if pat.by_ref.is_none() && pat.subpat.is_none() => {
                    let name = pat.ident.unraw().to_string();
                    // Named at the call site, so that lints about the binding see macro code, not the user's.
                    name.starts_with('_').then(|| Ident::new(&name, Span::call_site()).into_token_stream())
                }
                _ => None,
            },
        })
        .collect();
    if names.is_empty() {
        return TokenStream::new();
    }
    quote!(let _ = (#(&#names,)*);)
}

/// A `return` of the declared type that never runs, so that `?` and `return` in the `async move` block infer
/// the same types as in the original body. Same idea as `tracing-attributes`' fake return edge. Its tokens carry
/// the span of the declared type (of the function's name for `()`), so that a mismatch in the body says "return
/// type inferred to be `T` here" about the signature, as it would without the attribute.
fn fake_return_edge(ty: &Type, span: Span) -> TokenStream {
    let Some(ty) = erase_impl_trait(ty) else { return TokenStream::new() };
    let fake = Ident::new("__traced_fake_return", span.resolved_at(Span::mixed_site()));
    quote_spanned! {span=>
        #[allow(
            unknown_lints,
            unreachable_code,
            clippy::diverging_sub_expression,
            clippy::empty_loop,
            clippy::let_unit_value,
            clippy::let_with_type_underscore,
            clippy::needless_return,
            clippy::unreachable
        )]
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
