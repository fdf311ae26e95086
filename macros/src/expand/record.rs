//! What a returned value does to the span: an `Err` mapped by its type (unless `expected` says it is an
//! answer), and with `ret`, the value itself recorded as `return`.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::{Ident, Path};

use super::site::{rendered, respan};
use crate::args::{Args, Mode};

/// The recording of one function's returned value.
pub(super) struct Record<'a> {
    pub(super) krate: &'a Path,
    pub(super) args: &'a Args,
}

impl Record<'_> {
    /// Records `value` (an expression of a reference to the returned value) on `guard` (of a `&SpanGuard`).
    fn statements(&self, guard: &TokenStream, value: &TokenStream) -> TokenStream {
        let krate = self.krate;
        let private = quote!(#krate::__private);
        // Located at the option, so that a type error (a predicate of the wrong type, a value that cannot be
        // recorded) points at it; resolved like the rest of the expansion's names.
        let at = |span: Span| Span::mixed_site().located_at(span);
        let expected = self.args.expected.as_ref().map(|(predicate, span)| {
            let (guard, value) = (respan(guard.clone(), at(*span)), respan(value.clone(), at(*span)));
            quote_spanned!(at(*span)=> #private::ret::expected(#guard, #value, #predicate);)
        });
        let ret = self.args.ret.map(|(mode, span)| {
            let span = at(span);
            let (guard, value) = (respan(guard.clone(), span), respan(value.clone(), span));
            let ok = Ident::new("__traced_ok", span);
            let attributes = Ident::new("__traced_attributes", span);
            let methods = quote_spanned!(span=> #private::Attributes);
            let record = match mode {
                Mode::Value => quote_spanned!(span=> #methods::returned(#attributes, #ok);),
                Mode::Debug | Mode::Display => {
                    let text = rendered(&krate.to_token_stream(), &ok, mode, span);
                    quote_spanned!(span=> #methods::text(#attributes, "return", #text);)
                }
            };
            quote_spanned! {span=>
                #[allow(unused_imports)]
                use #private::ret::{ReturnedOk as _, ReturnedWhole as _};
                if let ::core::option::Option::Some(#ok) = (&&#private::ret::Returned(#value)).__traced_ok() {
                    #private::SpanGuard::record_return(#guard, |#attributes| { #record });
                }
            }
        });
        quote! {
            {
                #[allow(unused_imports)]
                use #private::ret::{
                    RecordBoxedError as _, RecordDebug as _, RecordDisplay as _, RecordError as _,
                    RecordNothing as _, RecordOpaque as _, RecordSpanError as _,
                };
                #expected
                (&&&&&&#private::ret::Probe(#value)).__traced_record(#guard);
                #ret
            }
        }
    }

    /// `(&&&&&&Probe(&value)).__traced_record(&span)` and the rest, after a plain function's body returned.
    pub(super) fn value(&self, value: &Ident, span: &Ident) -> TokenStream {
        self.statements(&quote!(&#span), &quote!(&#value))
    }

    /// The `record` a `Traced` future calls with its output: a closure without captures, made a `fn` pointer.
    pub(super) fn closure(&self) -> TokenStream {
        let guard = Ident::new("__traced_guard", Span::mixed_site());
        let value = Ident::new("__traced_value", Span::mixed_site());
        let statements = self.statements(&quote!(#guard), &quote!(#value));
        quote!(|#guard, #value| #statements)
    }
}
