//! Checks of `#[traced]` on an impl block: the block's own options, the prefix of its methods' span names, and
//! what each method's own `#[traced(...)]` asks for. Every mistake is reported at once.

use proc_macro2::TokenStream;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Attribute, ImplItem, ImplItemFn, ItemImpl, LitStr, Meta, Path, Type};

use crate::args::{Args, Errors};
use crate::name;
use crate::words;

/// What to do with each item of the block, in order.
pub(crate) struct Plan {
    pub(crate) items: Vec<Item>,
}

pub(crate) enum Item {
    /// Not a method, a `const fn`, or a method whose own `#[traced]` cannot be read: left as written (a
    /// method's unreadable attribute then reports its own mistakes).
    Leave,
    /// `#[traced(skip)]`: the attribute at this index is removed, nothing else.
    Skip(usize),
    /// Instrumented with this attribute, in place of its own at the index, if it had one.
    Trace { own: Option<usize>, attribute: Box<Attribute> },
}

/// Checks `args`, written on `block`, and plans each of its methods. The plan comes with the mistakes: it is
/// carried out either way, so a mistake on one method does not also fail its neighbours.
pub(crate) fn check(args: &mut Args, block: &ItemImpl) -> (Plan, syn::Result<()>) {
    let mut errors = std::mem::take(&mut args.errors);
    block_only(args, &mut errors);
    let prefix = prefix(args, block, &mut errors);
    let krate = args.krate.clone().unwrap_or_else(|| syn::parse_quote!(::traced));
    let items = block
        .items
        .iter()
        .map(|item| match (item, &prefix) {
            (ImplItem::Fn(method), Some(prefix)) if method.sig.constness.is_none() || own(method).is_some() => {
                plan(method, prefix, args, &krate, &mut errors)
            }
            _ => Item::Leave,
        })
        .collect();
    (Plan { items }, errors.finish())
}

/// Options that mean nothing for a whole block, each with how to say it instead.
fn block_only(args: &Args, errors: &mut Errors) {
    if let Some(name) = &args.name {
        errors.push(syn::Error::new(
            name.span(),
            "`name` on an impl block would give every method the same span name: set `prefix = \"...\"` for the \
             block, or `name` on a method's own `#[traced(...)]`",
        ));
    }
    if let Some(field) = args.fields.first() {
        errors.push(field.key.error(
            "`fields` and `redact` on an impl block cannot name the arguments of every method: put them on the \
             method's own `#[traced(...)]`",
        ));
    }
    if let Some(key) = args.not_sensitive.first() {
        errors.push(key.error("`not_sensitive` on an impl block: put it on the method's own `#[traced(...)]`"));
    }
    if let Some(skip) = args.skip {
        errors.push(syn::Error::new(
            skip,
            "`skip` on an impl block: to instrument none of its methods, remove `#[traced]`",
        ));
    }
    let options = [
        ("ret", args.ret.map(|(_, span)| span)),
        ("expected", args.expected.as_ref().map(|(_, span)| *span)),
        ("parent", args.parent.as_ref().map(|(_, span)| *span)),
        ("links", args.links.first().map(syn::spanned::Spanned::span)),
    ];
    for (option, span) in options {
        if let Some(span) = span {
            errors.push(syn::Error::new(
                span,
                format!("`{option}` on an impl block: put it on the methods it is for, in their own `#[traced(...)]`"),
            ));
        }
    }
}

/// The prefix of the block's span names: `prefix = ..`, else the self type's name in snake_case.
fn prefix(args: &Args, block: &ItemImpl, errors: &mut Errors) -> Option<String> {
    let self_ty = &*block.self_ty;
    if let Some(prefix) = &args.prefix {
        let text = prefix.value();
        // Checked as the name it starts, with a segment after it.
        if name::is_valid(&format!("{text}.operation")) {
            return Some(text);
        }
        let segments: Vec<String> =
            text.split('.').map(words::snake_case).filter(|segment| !segment.is_empty()).collect();
        let fix = if segments.is_empty() { "component".to_owned() } else { segments.join(".") };
        errors.push(syn::Error::new(
            prefix.span(),
            format!(
                "invalid prefix {text:?}: a prefix is lowercase segments `[a-z][a-z0-9_]*` joined by `.`; try {fix:?}"
            ),
        ));
        return None;
    }
    // A blanket impl's `T` names no type.
    let Some(ident) =
        type_name(self_ty).filter(|ident| block.generics.type_params().all(|param| param.ident != **ident))
    else {
        errors.push_spanned(
            self_ty,
            "cannot name spans after this type: give the block's span names a prefix with \
             `#[traced(prefix = \"component\")]`",
        );
        return None;
    };
    let snake = words::snake_case(&ident.unraw().to_string());
    if !name::is_valid(&format!("{snake}.operation")) {
        errors.push(syn::Error::new(
            ident.span(),
            format!(
                "the type name `{ident}` makes no span-name prefix (lowercase ASCII segments): give one with \
                 `#[traced(prefix = \"component\")]`"
            ),
        ));
        return None;
    }
    Some(snake)
}

/// The last identifier of a path type, under references, parentheses and invisible groups.
fn type_name(ty: &Type) -> Option<&syn::Ident> {
    match ty {
        Type::Path(path) if path.qself.is_none() => path.path.segments.last().map(|segment| &segment.ident),
        Type::Reference(reference) => type_name(&reference.elem),
        Type::Paren(paren) => type_name(&paren.elem),
        Type::Group(group) => type_name(&group.elem),
        _ => None,
    }
}

/// Whether an attribute's arguments name `traced` anywhere.
fn mentions_traced(attr: &Attribute) -> bool {
    fn any(tokens: TokenStream) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => ident == "traced",
            proc_macro2::TokenTree::Group(group) => any(group.stream()),
            _ => false,
        })
    }
    matches!(&attr.meta, Meta::List(list) if any(list.tokens.clone()))
}

/// The index of the method's own `#[traced]` attribute: one whose path ends in `traced`.
fn own(method: &ImplItemFn) -> Option<usize> {
    method.attrs.iter().position(|attr| attr.path().segments.last().is_some_and(|segment| segment.ident == "traced"))
}

fn plan(method: &ImplItemFn, prefix: &str, block: &Args, krate: &Path, errors: &mut Errors) -> Item {
    if let Some(conditional) =
        method.attrs.iter().find(|attr| attr.path().is_ident("cfg_attr") && mentions_traced(attr))
    {
        errors.push_spanned(
            conditional,
            "a `#[traced]` under `cfg_attr` is not seen by the instrumented impl block, which would instrument the \
             method twice: write the method's `#[traced(...)]` without `cfg_attr`, or put the `cfg_attr` on the block",
        );
        return Item::Leave;
    }
    let index = own(method);
    let (tokens, own_args) = match index.map(|index| &method.attrs[index]) {
        None => (TokenStream::new(), Args::default()),
        Some(attr) => {
            let tokens = match &attr.meta {
                Meta::Path(_) => TokenStream::new(),
                Meta::List(list) => list.tokens.clone(),
                Meta::NameValue(_) => return Item::Leave,
            };
            match syn::parse2::<Args>(tokens.clone()) {
                Ok(args) => (tokens, args),
                Err(_) => return Item::Leave,
            }
        }
    };
    if let (Some(skip), Some(index)) = (own_args.skip, index) {
        if own_args.any_but_skip() {
            errors.push(syn::Error::new(
                skip,
                "`skip` leaves the method uninstrumented, so its other options would do nothing: remove them, or \
                 `skip`",
            ));
        }
        return Item::Skip(index);
    }
    let mut options = vec![tokens];
    if own_args.name.is_none() {
        let ident = &method.sig.ident;
        let name = format!("{prefix}.{}", crate::name::default_segment(ident));
        if !name::is_valid(&name) {
            errors.push(syn::Error::new(
                ident.span(),
                format!(
                    "the method `{}` makes no span-name segment (lowercase ASCII `[a-z][a-z0-9_]*`): name its span \
                     with `#[traced(name = \"{prefix}.operation\")]`, or leave it out with `#[traced(skip)]`",
                    ident.unraw()
                ),
            ));
            return Item::Leave;
        }
        let name = LitStr::new(&name, ident.span());
        options.push(quote::quote!(name = #name));
    }
    if let (None, Some((kind, span))) = (own_args.kind, block.kind) {
        let kind = syn::Ident::new(kind.name(), span);
        options.push(quote::quote!(kind = #kind));
    }
    let krate = own_args.krate.as_ref().unwrap_or(krate);
    if let (None, Some(path)) = (&own_args.krate, &block.krate) {
        options.push(quote::quote!(crate = #path));
    }
    let options = options.into_iter().filter(|option| !option.is_empty());
    let span = index.map_or_else(|| method.sig.fn_token.span(), |index| method.attrs[index].span());
    let attribute: Attribute = syn::parse_quote_spanned!(span=> #[#krate::traced(#(#options),*)]);
    Item::Trace { own: index, attribute: Box::new(attribute) }
}
