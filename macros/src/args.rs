//! Parsing of the `#[traced(...)]` arguments. Nothing here looks at the function: see `check.rs`.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, Ident, LitStr, Path, Token};

mod kw {
    syn::custom_keyword!(name);
    syn::custom_keyword!(kind);
    syn::custom_keyword!(fields);
    syn::custom_keyword!(redact);
    syn::custom_keyword!(not_sensitive);
}

/// Everything written inside `#[traced(...)]`.
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) name: Option<LitStr>,
    pub(crate) kind: Option<Ident>,
    /// `fields(...)` and `redact(...)` entries, in the order written: attributes keep that order.
    pub(crate) fields: Vec<Field>,
    pub(crate) not_sensitive: Vec<Key>,
    pub(crate) krate: Option<Path>,
}

/// One entry of `fields(...)` or `redact(...)`.
pub(crate) struct Field {
    pub(crate) key: Key,
    pub(crate) value: FieldValue,
}

pub(crate) enum FieldValue {
    /// `fields(order_id)`, `fields(?req)`: the argument of that name.
    Arg(Ident, Mode),
    /// `fields(customer.id = customer.id)`, `fields(req = ?req)`.
    Expr(Box<Expr>, Mode),
    /// `redact(card_number)`: the argument's name, recorded as `[REDACTED]`.
    Redacted(Ident),
}

/// How a captured value becomes an attribute value.
#[derive(Clone, Copy)]
pub(crate) enum Mode {
    /// Through `AttributeValue`: typed, no formatting.
    Value,
    /// `?expr`: through `Debug`.
    Debug,
    /// `%expr`: through `Display`.
    Display,
}

/// A dotted attribute key, `customer.id`, or a string literal key, `"http.method"`.
pub(crate) struct Key {
    pub(crate) text: String,
    pub(crate) span: Span,
}

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut args = Args::default();
        let mut errors = Errors::default();
        while !input.is_empty() {
            let lookahead = input.lookahead1();
            if lookahead.peek(kw::name) {
                let key = input.parse::<kw::name>()?;
                input.parse::<Token![=]>()?;
                set_once(&mut args.name, "name", key.span, input.parse()?, &mut errors);
            } else if lookahead.peek(kw::kind) {
                let key = input.parse::<kw::kind>()?;
                input.parse::<Token![=]>()?;
                set_once(&mut args.kind, "kind", key.span, parse_kind(input)?, &mut errors);
            } else if lookahead.peek(Token![crate]) {
                let key = input.parse::<Token![crate]>()?;
                input.parse::<Token![=]>()?;
                let path = Path::parse_mod_style(input)?;
                set_once(&mut args.krate, "crate", key.span, path, &mut errors);
            } else if lookahead.peek(kw::fields) {
                input.parse::<kw::fields>()?;
                let content;
                syn::parenthesized!(content in input);
                let entries = Punctuated::<Field, Token![,]>::parse_terminated(&content)?;
                args.fields.extend(entries);
            } else if lookahead.peek(kw::redact) {
                input.parse::<kw::redact>()?;
                let content;
                syn::parenthesized!(content in input);
                let names = Punctuated::<Ident, Token![,]>::parse_terminated_with(&content, parse_arg_name)?;
                args.fields.extend(names.into_iter().map(|arg| Field {
                    key: Key { text: arg.to_string(), span: arg.span() },
                    value: FieldValue::Redacted(arg),
                }));
            } else if lookahead.peek(kw::not_sensitive) {
                input.parse::<kw::not_sensitive>()?;
                let content;
                syn::parenthesized!(content in input);
                let keys = Punctuated::<Key, Token![,]>::parse_terminated(&content)?;
                args.not_sensitive.extend(keys);
            } else if input.peek(Ident::peek_any) {
                let unknown = input.call(Ident::parse_any)?;
                return Err(unknown_option(&unknown, errors));
            } else {
                return Err(lookahead.error());
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        errors.finish()?;
        Ok(args)
    }
}

fn unknown_option(unknown: &Ident, errors: Errors) -> syn::Error {
    let mut error = syn::Error::new(
        unknown.span(),
        format!(
            "unknown option `{unknown}`: expected `name`, `kind`, `fields`, `redact`, `not_sensitive` or `crate`"
        ),
    );
    if let Err(earlier) = errors.finish() {
        error.combine(earlier);
    }
    error
}

fn set_once<T>(slot: &mut Option<T>, option: &str, span: Span, value: T, errors: &mut Errors) {
    if slot.is_some() {
        errors.push(syn::Error::new(span, format!("duplicate `{option}` option: give it once")));
    } else {
        *slot = Some(value);
    }
}

const KINDS: [&str; 5] = ["internal", "server", "client", "producer", "consumer"];

fn parse_kind(input: ParseStream<'_>) -> syn::Result<Ident> {
    let kind = input.call(Ident::parse_any).map_err(|error| {
        syn::Error::new(error.span(), "expected `kind = internal | server | client | producer | consumer`")
    })?;
    if KINDS.contains(&kind.to_string().as_str()) {
        Ok(kind)
    } else {
        Err(syn::Error::new(
            kind.span(),
            format!("unknown span kind `{kind}`: expected `kind = internal | server | client | producer | consumer`"),
        ))
    }
}

fn parse_arg_name(input: ParseStream<'_>) -> syn::Result<Ident> {
    if input.peek(Token![self]) {
        let token = input.parse::<Token![self]>()?;
        return Err(syn::Error::new(
            token.span,
            "`self` cannot be named here: capture its parts with `key = self.part`",
        ));
    }
    input.parse()
}

impl Parse for Field {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mode = parse_mode(input)?;
        if !matches!(mode, Mode::Value) {
            // `?req` / `%user`: shorthand for `req = ?req`.
            let arg = parse_arg_name(input)?;
            let key = Key { text: arg.to_string(), span: arg.span() };
            return Ok(Field { key, value: FieldValue::Arg(arg, mode) });
        }
        if input.peek(Token![self]) {
            parse_arg_name(input)?;
        }
        let key: Key = input.parse()?;
        if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
            let mode = parse_mode(input)?;
            let expr = input.parse()?;
            return Ok(Field { key, value: FieldValue::Expr(Box::new(expr), mode) });
        }
        match key.as_ident() {
            Some(arg) => Ok(Field { key, value: FieldValue::Arg(arg, Mode::Value) }),
            None => Err(syn::Error::new(
                key.span,
                format!("`{}` is not an argument name: write `{} = <expression>`", key.text, key.text),
            )),
        }
    }
}

fn parse_mode(input: ParseStream<'_>) -> syn::Result<Mode> {
    if input.peek(Token![?]) {
        input.parse::<Token![?]>()?;
        Ok(Mode::Debug)
    } else if input.peek(Token![%]) {
        input.parse::<Token![%]>()?;
        Ok(Mode::Display)
    } else {
        Ok(Mode::Value)
    }
}

impl Key {
    /// The key as an identifier when it is a single segment that is not a string literal.
    fn as_ident(&self) -> Option<Ident> {
        let is_ident = self.text.chars().all(|c| c == '_' || c.is_alphanumeric()) && !self.text.is_empty();
        (is_ident && !self.text.starts_with(|c: char| c.is_ascii_digit()))
            .then(|| Ident::new(&self.text, self.span))
    }
}

impl Parse for Key {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(LitStr) {
            let lit: LitStr = input.parse()?;
            if lit.value().is_empty() {
                return Err(syn::Error::new(lit.span(), "an attribute key cannot be empty"));
            }
            return Ok(Key { text: lit.value(), span: lit.span() });
        }
        let first = input.call(Ident::parse_any)?;
        let mut text = first.unraw().to_string();
        let mut span = first.span();
        while input.peek(Token![.]) {
            input.parse::<Token![.]>()?;
            let segment = input.call(Ident::parse_any)?;
            text.push('.');
            text.push_str(&segment.unraw().to_string());
            span = span.join(segment.span()).unwrap_or(span);
        }
        Ok(Key { text, span })
    }
}

/// Errors gathered so that one compile reports every mistake.
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    pub(crate) fn push_spanned(&mut self, tokens: impl Spanned, message: impl std::fmt::Display) {
        self.push(syn::Error::new(tokens.span(), message));
    }

    pub(crate) fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}
