//! Parsing of the `#[traced(...)]` arguments. Nothing here looks at the function: see `check.rs`.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, Ident, LitStr, Path, Token};

mod kw {
    syn::custom_keyword!(name);
    syn::custom_keyword!(kind);
    syn::custom_keyword!(fields);
    syn::custom_keyword!(redact);
    syn::custom_keyword!(not_sensitive);
    syn::custom_keyword!(prefix);
    syn::custom_keyword!(skip);
    syn::custom_keyword!(ret);
    syn::custom_keyword!(expected);
    syn::custom_keyword!(Debug);
    syn::custom_keyword!(Display);
    syn::custom_keyword!(parent);
    syn::custom_keyword!(links);
}

/// Everything written inside `#[traced(...)]`.
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) name: Option<LitStr>,
    pub(crate) kind: Option<(Kind, Span)>,
    /// `fields(...)` and `redact(...)` entries, in the order written: attributes keep that order.
    pub(crate) fields: Vec<Field>,
    pub(crate) not_sensitive: Vec<Key>,
    pub(crate) krate: Option<Path>,
    /// `prefix = "orders"`, on an impl block: its methods' spans are named `orders.<method>`.
    pub(crate) prefix: Option<LitStr>,
    /// `skip`, on a method of an instrumented impl block: the method is left alone.
    pub(crate) skip: Option<Span>,
    /// `ret`, `ret(Debug)`, `ret(Display)`: record the returned value (a `Result`'s `Ok` value) as `return`.
    pub(crate) ret: Option<(Mode, Span)>,
    /// `expected = predicate`: an `Err` the predicate accepts is an answer, not a failure.
    pub(crate) expected: Option<(Box<Expr>, Span)>,
    /// `parent = expr`: the span's parent instead of the current context's span; `parent = None`, a new root.
    pub(crate) parent: Option<(Box<Expr>, Span)>,
    /// `links(expr, ...)`: span contexts the span links to.
    pub(crate) links: Vec<Expr>,
    /// Mistakes that did not stop the parse; `check` adds its own, so one compile reports them all.
    pub(crate) errors: Errors,
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

/// A span kind, as OpenTelemetry names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Internal,
    Server,
    Client,
    Producer,
    Consumer,
}

impl Kind {
    const ALL: [Kind; 5] = [Kind::Internal, Kind::Server, Kind::Client, Kind::Producer, Kind::Consumer];

    /// The name written in `kind = ...`, and shown in the catalog.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Internal => "internal",
            Kind::Server => "server",
            Kind::Client => "client",
            Kind::Producer => "producer",
            Kind::Consumer => "consumer",
        }
    }

    /// The variant of `opentelemetry::trace::SpanKind`.
    pub(crate) fn variant(self) -> &'static str {
        match self {
            Kind::Internal => "Internal",
            Kind::Server => "Server",
            Kind::Client => "Client",
            Kind::Producer => "Producer",
            Kind::Consumer => "Consumer",
        }
    }
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
    /// The key as written, so that errors underline all of it.
    tokens: TokenStream,
}

const NAME_FORM: &str = "expected `name = \"component.operation\"`";
const KIND_FORM: &str = "expected `kind = internal | server | client | producer | consumer`";
const CRATE_FORM: &str = "expected a path: `crate = my_reexport::traced`";
const PREFIX_FORM: &str = "expected `prefix = \"component\"`";
const RET_FORM: &str = "expected `ret`, `ret(Debug)` or `ret(Display)`";
const EXPECTED_FORM: &str = "expected `expected = path::to::predicate`, a `fn(&E) -> bool`";
const PARENT_FORM: &str = "expected `parent = <expression>`: an `&opentelemetry::Context`, a `SpanContext` or `None`";
const OPTIONS: [&str; 12] = [
    "name",
    "kind",
    "fields",
    "redact",
    "not_sensitive",
    "crate",
    "prefix",
    "skip",
    "ret",
    "expected",
    "parent",
    "links",
];

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut args = Args::default();
        while !input.is_empty() {
            // A mistake in one option is kept, and the parse goes on with the next one, so that one compile
            // reports every mistake.
            if let Err(error) = args.parse_option(input) {
                args.errors.push(error);
                skip_value(input)?;
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(args)
    }
}

impl Args {
    /// Whether any option other than `skip` was given.
    pub(crate) fn any_but_skip(&self) -> bool {
        // Destructured, so that a new option cannot be forgotten here.
        let Args { name, kind, fields, not_sensitive, krate, prefix, skip: _, ret, expected, parent, links, errors: _ } =
            self;
        name.is_some()
            || kind.is_some()
            || !fields.is_empty()
            || !not_sensitive.is_empty()
            || krate.is_some()
            || prefix.is_some()
            || ret.is_some()
            || expected.is_some()
            || parent.is_some()
            || !links.is_empty()
    }

    fn parse_option(&mut self, input: ParseStream<'_>) -> syn::Result<()> {
        if input.peek(kw::name) {
            let key = input.parse::<kw::name>()?;
            expect_eq(input, key.span, NAME_FORM)?;
            let name = input.parse().map_err(|error| syn::Error::new(error.span(), NAME_FORM))?;
            set_once(&mut self.name, "name", key.span, name, &mut self.errors);
        } else if input.peek(kw::kind) {
            let key = input.parse::<kw::kind>()?;
            expect_eq(input, key.span, KIND_FORM)?;
            set_once(&mut self.kind, "kind", key.span, parse_kind(input)?, &mut self.errors);
        } else if input.peek(Token![crate]) {
            let key = input.parse::<Token![crate]>()?;
            expect_eq(input, key.span, CRATE_FORM)?;
            let path = Path::parse_mod_style(input).map_err(|error| syn::Error::new(error.span(), CRATE_FORM))?;
            set_once(&mut self.krate, "crate", key.span, path, &mut self.errors);
        } else if input.peek(kw::prefix) {
            let key = input.parse::<kw::prefix>()?;
            expect_eq(input, key.span, PREFIX_FORM)?;
            let prefix = input.parse().map_err(|error| syn::Error::new(error.span(), PREFIX_FORM))?;
            set_once(&mut self.prefix, "prefix", key.span, prefix, &mut self.errors);
        } else if input.peek(kw::skip) {
            let key = input.parse::<kw::skip>()?;
            set_once(&mut self.skip, "skip", key.span, key.span, &mut self.errors);
        } else if input.peek(kw::ret) {
            let key = input.parse::<kw::ret>()?;
            let mode = if input.peek(syn::token::Paren) {
                let content = parens(input, key.span, RET_FORM)?;
                whole(&content, parse_ret_mode)?
            } else {
                Mode::Value
            };
            set_once(&mut self.ret, "ret", key.span, (mode, key.span), &mut self.errors);
        } else if input.peek(kw::expected) {
            let key = input.parse::<kw::expected>()?;
            expect_eq(input, key.span, EXPECTED_FORM)?;
            let predicate: Expr = input.parse().map_err(|error| syn::Error::new(error.span(), EXPECTED_FORM))?;
            set_once(&mut self.expected, "expected", key.span, (Box::new(predicate), key.span), &mut self.errors);
        } else if input.peek(kw::parent) {
            let key = input.parse::<kw::parent>()?;
            expect_eq(input, key.span, PARENT_FORM)?;
            let parent: Expr = input.parse().map_err(|error| syn::Error::new(error.span(), PARENT_FORM))?;
            set_once(&mut self.parent, "parent", key.span, (Box::new(parent), key.span), &mut self.errors);
        } else if input.peek(kw::links) {
            let key = input.parse::<kw::links>()?;
            let content = parens(input, key.span, "expected `links(span_context, ...)`")?;
            self.links.extend(whole(&content, Punctuated::<Expr, Token![,]>::parse_terminated)?);
        } else if input.peek(kw::fields) {
            let key = input.parse::<kw::fields>()?;
            let content = parens(input, key.span, "expected `fields(argument, key = expression, ...)`")?;
            self.fields.extend(whole(&content, Punctuated::<Field, Token![,]>::parse_terminated)?);
        } else if input.peek(kw::redact) {
            let key = input.parse::<kw::redact>()?;
            let content = parens(input, key.span, "expected `redact(argument, ...)`")?;
            let names = whole(&content, |content| {
                Punctuated::<Ident, Token![,]>::parse_terminated_with(content, parse_arg_name)
            })?;
            self.fields
                .extend(names.into_iter().map(|arg| Field { key: Key::from(&arg), value: FieldValue::Redacted(arg) }));
        } else if input.peek(kw::not_sensitive) {
            let key = input.parse::<kw::not_sensitive>()?;
            let content = parens(input, key.span, "expected `not_sensitive(key, ...)`")?;
            self.not_sensitive.extend(whole(&content, Punctuated::<Key, Token![,]>::parse_terminated)?);
        } else if input.peek(Ident::peek_any) {
            let unknown = input.call(Ident::parse_any)?;
            self.errors.push(unknown_option(&unknown));
            skip_value(input)?;
        } else {
            return Err(input.error(format!("expected an option: {}", quoted(&OPTIONS))));
        }
        Ok(())
    }
}

/// Parses all of `content`, the inside of an option's parentheses. On a mistake the rest is skipped, so that
/// the parse can go on after the parentheses.
fn whole<T>(
    content: &syn::parse::ParseBuffer<'_>,
    parse: impl FnOnce(ParseStream<'_>) -> syn::Result<T>,
) -> syn::Result<T> {
    parse(content).inspect_err(|_| {
        let _ = content.step(|cursor| {
            let mut rest = *cursor;
            while let Some((_, next)) = rest.token_tree() {
                rest = next;
            }
            Ok(((), rest))
        });
    })
}

fn expect_eq(input: ParseStream<'_>, key: Span, form: &str) -> syn::Result<()> {
    if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        Ok(())
    } else {
        Err(syn::Error::new(key, form))
    }
}

fn parens<'a>(input: ParseStream<'a>, key: Span, form: &str) -> syn::Result<syn::parse::ParseBuffer<'a>> {
    let content;
    if !input.peek(syn::token::Paren) {
        return Err(syn::Error::new(key, form));
    }
    syn::parenthesized!(content in input);
    Ok(content)
}

/// Skips an unknown option's `= value` or `(...)`, so the options after it are still checked.
fn skip_value(input: ParseStream<'_>) -> syn::Result<()> {
    input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((token, next)) = rest.token_tree() {
            if matches!(&token, proc_macro2::TokenTree::Punct(punct) if punct.as_char() == ',') {
                break;
            }
            rest = next;
        }
        Ok(((), rest))
    })
}

fn unknown_option(unknown: &Ident) -> syn::Error {
    let text = unknown.to_string();
    let close = OPTIONS.iter().find(|option| similar(option, &text));
    let hint = close.map(|option| format!("; did you mean `{option}`?")).unwrap_or_default();
    syn::Error::new(unknown.span(), format!("unknown option `{text}`: expected {}{hint}", quoted(&OPTIONS)))
}

/// One of the two is a prefix of the other, or they are one edit apart.
fn similar(option: &str, text: &str) -> bool {
    let (a, b) = (option.as_bytes(), text.as_bytes());
    if text.len() >= 3 && (option.starts_with(text) || text.starts_with(option)) {
        return true;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    a.len().max(b.len()) - prefix - suffix <= 1
}

fn quoted(options: &[&str]) -> String {
    let quoted: Vec<String> = options.iter().map(|option| format!("`{option}`")).collect();
    quoted.join(", ")
}

fn set_once<T>(slot: &mut Option<T>, option: &str, span: Span, value: T, errors: &mut Errors) {
    if slot.is_some() {
        errors.push(syn::Error::new(span, format!("duplicate `{option}` option: give it once")));
    } else {
        *slot = Some(value);
    }
}

fn parse_kind(input: ParseStream<'_>) -> syn::Result<(Kind, Span)> {
    let kind = input.call(Ident::parse_any).map_err(|error| syn::Error::new(error.span(), KIND_FORM))?;
    match Kind::ALL.into_iter().find(|known| kind == known.name()) {
        Some(known) => Ok((known, kind.span())),
        None => Err(syn::Error::new(kind.span(), format!("unknown span kind `{kind}`: {KIND_FORM}"))),
    }
}

/// The inside of `ret(...)`: `Debug` or `Display`.
fn parse_ret_mode(content: ParseStream<'_>) -> syn::Result<Mode> {
    let mode = if content.peek(kw::Debug) {
        content.parse::<kw::Debug>()?;
        Mode::Debug
    } else if content.peek(kw::Display) {
        content.parse::<kw::Display>()?;
        Mode::Display
    } else {
        return Err(content.error(RET_FORM));
    };
    if !content.is_empty() {
        return Err(content.error(RET_FORM));
    }
    Ok(mode)
}

fn parse_arg_name(input: ParseStream<'_>) -> syn::Result<Ident> {
    if input.peek(Token![self]) {
        let token = input.parse::<Token![self]>()?;
        return Err(syn::Error::new(
            token.span,
            "`self` cannot be named here: capture its parts with `key = self.part`",
        ));
    }
    input.call(Ident::parse_any)
}

impl Parse for Field {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mode = parse_mode(input)?;
        if !matches!(mode, Mode::Value) {
            // `?req` / `%user`: shorthand for `req = ?req`.
            let arg = parse_arg_name(input)?;
            return Ok(Field { key: Key::from(&arg), value: FieldValue::Arg(arg, mode) });
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
            None => {
                Err(key.error(format!("`{}` is not an argument name: write `{} = <expression>`", key.text, key.text)))
            }
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
    /// An error that underlines the whole key.
    pub(crate) fn error(&self, message: impl std::fmt::Display) -> syn::Error {
        syn::Error::new_spanned(&self.tokens, message)
    }

    /// The key as an argument name, when it is a single identifier (raw ones included).
    fn as_ident(&self) -> Option<Ident> {
        syn::parse::Parser::parse2(Ident::parse_any, self.tokens.clone()).ok()
    }
}

impl From<&Ident> for Key {
    fn from(ident: &Ident) -> Self {
        Key { text: ident.unraw().to_string(), span: ident.span(), tokens: ident.to_token_stream() }
    }
}

impl Parse for Key {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(LitStr) {
            let lit: LitStr = input.parse()?;
            if lit.value().is_empty() {
                return Err(syn::Error::new(lit.span(), "an attribute key cannot be empty"));
            }
            return Ok(Key { text: lit.value(), span: lit.span(), tokens: lit.to_token_stream() });
        }
        let first = input.call(Ident::parse_any)?;
        let mut key = Key::from(&first);
        while input.peek(Token![.]) {
            let dot = input.parse::<Token![.]>()?;
            let segment = input.call(Ident::parse_any)?;
            key.text.push('.');
            key.text.push_str(&segment.unraw().to_string());
            dot.to_tokens(&mut key.tokens);
            segment.to_tokens(&mut key.tokens);
        }
        Ok(key)
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

    pub(crate) fn push_spanned(&mut self, tokens: impl ToTokens, message: impl std::fmt::Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    pub(crate) fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}
