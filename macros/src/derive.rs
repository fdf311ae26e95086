//! `#[derive(SpanAttributes)]`: a struct's fields as attributes under a prefix, with `#[redact]` applied.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Ident, LitStr, Path, Type};

use crate::args::Errors;
use crate::sensitive;

// Input:
//     #[derive(SpanAttributes)]
//     struct Order { id: String, #[redact] card_number: String, #[span(skip)] items: Vec<Item> }
//
// Output:
//     impl SpanAttributes for Order {
//         const TYPE_NAME: &'static str = "Order";
//         fn record_attributes(&self, prefix: &str, attributes: &mut Vec<KeyValue>) {
//             field(prefix, "id", &self.id, attributes);
//             redacted_field(prefix, "card_number", attributes);
//         }
//     }
//     impl AttributeValue for Order { /* flattened under the key */ }
pub(crate) fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let krate = container_crate(input, &mut errors)?;
    let fields = match &input.data {
        Data::Struct(data) => &data.fields,
        Data::Enum(data) => {
            return Err(syn::Error::new(data.enum_token.span, "`SpanAttributes` can only be derived for structs"))
        }
        Data::Union(data) => {
            return Err(syn::Error::new(data.union_token.span, "`SpanAttributes` can only be derived for structs"))
        }
    };
    let type_params: Vec<&Ident> = input.generics.type_params().map(|param| &param.ident).collect();
    let mut records = Vec::new();
    let mut bounds = Vec::new();
    let mut redacts = false;
    let mut catalog_keys = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        let options = FieldOptions::of(field, &mut errors);
        if options.skip {
            continue;
        }
        let member = match &field.ident {
            Some(ident) => ident.to_token_stream(),
            None => syn::Index::from(index).into_token_stream(),
        };
        let key = options.rename.unwrap_or_else(|| {
            let name = field
                .ident
                .as_ref()
                .map_or_else(|| index.to_string(), |ident| syn::ext::IdentExt::unraw(ident).to_string());
            LitStr::new(&name, member.span())
        });
        let recorded_as = if options.redact { "redacted" } else { "value" };
        catalog_keys.push(quote!(#krate::__private::CatalogKey::__new(#key, #recorded_as)));
        if options.redact {
            redacts = true;
            records.push(quote!(#krate::__private::redacted_field(prefix, #key, attributes);));
            continue;
        }
        if let Some(secret) = sensitive::secret_part(&key.value()).filter(|_| !options.not_sensitive) {
            errors.push(syn::Error::new(
                key.span(),
                format!(
                    "field `{}` looks like a secret (`{secret}`): mark it `#[redact]` to record it as `[REDACTED]`, \
                     `#[span(skip)]` to leave it out, or, if it is not a secret, `#[span(not_sensitive)]`",
                    key.value()
                ),
            ));
        }
        let ty = &field.ty;
        if mentions_any(ty, &type_params) {
            bounds.push(quote!(#ty: #krate::__private::AttributeValue));
        }
        records.push(quote_spanned! {ty.span()=>
            #krate::__private::field(prefix, #key, &self.#member, attributes);
        });
    }
    errors.finish()?;
    let ident = &input.ident;
    let type_name = LitStr::new(&ident.to_string(), ident.span());
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let mut where_clause = where_clause.cloned().unwrap_or_else(|| syn::parse_quote!(where));
    where_clause
        .predicates
        .extend(bounds.into_iter().map(|bound| -> syn::WherePredicate { syn::parse_quote!(#bound) }));
    // A secret must stay redacted whoever formats it: the struct's own `Debug`, and through it the `Debug` of
    // every type that holds it, prints what its attributes print. A `#[derive(Debug)]` beside it conflicts
    // (E0119), which is the point: a derived `Debug` would print the secret.
    let debug = redacts.then(|| {
        quote! {
            impl #impl_generics ::core::fmt::Debug for #ident #ty_generics #where_clause {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::fmt::Display::fmt(&#krate::__private::Redacted(self), f)
                }
            }
        }
    });
    let attributes_param = if records.is_empty() { quote!(_) } else { quote!(attributes) };
    let prefix_param = if records.is_empty() { quote!(_) } else { quote!(prefix) };
    Ok(quote! {
        impl #impl_generics #krate::__private::SpanAttributes for #ident #ty_generics #where_clause {
            const TYPE_NAME: &'static ::core::primitive::str = #type_name;

            fn record_attributes(
                &self,
                #prefix_param: &::core::primitive::str,
                #attributes_param: &mut #krate::__private::Vec<#krate::__private::KeyValue>,
            ) {
                #(#records)*
            }
        }

        impl #impl_generics #krate::__private::AttributeValue for #ident #ty_generics #where_clause {
            fn record(
                &self,
                key: #krate::__private::Key,
                attributes: &mut #krate::__private::Vec<#krate::__private::KeyValue>,
            ) {
                #krate::__private::flatten(self, key, attributes);
            }
        }

        #debug

        #krate::__private::catalog_type! { #type_name, ::core::module_path!(), &[#(#catalog_keys),*] }
    })
}

/// The errors, and impls that record nothing, so that the struct's uses compile and the errors stand alone
/// (rather than under "cannot be recorded" errors at every `fields(...)` that captures the struct).
pub(crate) fn fallback(input: &DeriveInput, error: syn::Error) -> TokenStream {
    let krate = container_crate(input, &mut Errors::default()).unwrap_or_else(|_| syn::parse_quote!(::traced));
    let ident = &input.ident;
    let type_name = LitStr::new(&ident.to_string(), ident.span());
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let error = error.into_compile_error();
    quote! {
        #error

        impl #impl_generics #krate::__private::SpanAttributes for #ident #ty_generics #where_clause {
            const TYPE_NAME: &'static ::core::primitive::str = #type_name;

            fn record_attributes(
                &self,
                _: &::core::primitive::str,
                _: &mut #krate::__private::Vec<#krate::__private::KeyValue>,
            ) {
            }
        }

        impl #impl_generics #krate::__private::AttributeValue for #ident #ty_generics #where_clause {
            fn record(&self, _: #krate::__private::Key, _: &mut #krate::__private::Vec<#krate::__private::KeyValue>) {}
        }
    }
}

/// `#[span(crate = path)]` on the struct.
fn container_crate(input: &DeriveInput, errors: &mut Errors) -> syn::Result<Path> {
    let mut krate = None;
    for attr in input.attrs.iter().filter(|attr| attr.path().is_ident("span")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                if krate.is_some() {
                    errors.push_spanned(&meta.path, "duplicate `crate` option: give it once");
                }
                krate = Some(meta.value()?.call(Path::parse_mod_style)?);
                Ok(())
            } else {
                Err(meta.error("unknown option: expected `#[span(crate = path)]` on the struct"))
            }
        })?;
    }
    Ok(krate.unwrap_or_else(|| syn::parse_quote!(::traced)))
}

#[derive(Default)]
struct FieldOptions {
    redact: bool,
    skip: bool,
    not_sensitive: bool,
    rename: Option<LitStr>,
}

impl FieldOptions {
    fn of(field: &syn::Field, errors: &mut Errors) -> FieldOptions {
        let mut options = FieldOptions::default();
        let mut redact_span = None;
        let mut skip_span = None;
        for attr in &field.attrs {
            if attr.path().is_ident("redact") {
                if let Err(error) = attr.meta.require_path_only() {
                    errors.push(syn::Error::new(error.span(), "`#[redact]` takes no arguments"));
                }
                flag(&mut options.redact, "redact", attr.path(), errors);
                redact_span = Some(attr.path().span());
            } else if attr.path().is_ident("span") {
                let parsed = attr.parse_nested_meta(|meta| {
                    if meta.path.is_ident("skip") {
                        flag(&mut options.skip, "skip", &meta.path, errors);
                        skip_span = Some(meta.path.span());
                    } else if meta.path.is_ident("not_sensitive") {
                        flag(&mut options.not_sensitive, "not_sensitive", &meta.path, errors);
                    } else if meta.path.is_ident("rename") {
                        let key: LitStr = meta.value()?.parse()?;
                        if key.value().is_empty() {
                            errors.push_spanned(&key, "an attribute key cannot be empty");
                        }
                        if options.rename.replace(key).is_some() {
                            errors.push_spanned(&meta.path, "duplicate `rename` option: give it once");
                        }
                    } else {
                        return Err(meta.error(
                            "unknown field option: expected `#[span(skip)]`, `#[span(rename = \"key\")]` or \
                             `#[span(not_sensitive)]`",
                        ));
                    }
                    Ok(())
                });
                if let Err(error) = parsed {
                    errors.push(error);
                }
            }
        }
        if let (Some(_), Some(skip)) = (redact_span, skip_span) {
            errors.push(syn::Error::new(skip, "a field is either `#[redact]` or `#[span(skip)]`, not both"));
        }
        options
    }
}

fn flag(slot: &mut bool, name: &str, path: &Path, errors: &mut Errors) {
    if *slot {
        errors.push_spanned(path, format!("duplicate `{name}` option: give it once"));
    }
    *slot = true;
}

fn mentions_any(ty: &Type, params: &[&Ident]) -> bool {
    fn walk(tokens: TokenStream, params: &[&Ident]) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => params.contains(&&ident),
            proc_macro2::TokenTree::Group(group) => walk(group.stream(), params),
            _ => false,
        })
    }
    !params.is_empty() && walk(ty.to_token_stream(), params)
}
