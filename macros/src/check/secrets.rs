//! The checks that keep secrets out of spans: every key once, secret-looking keys (and expressions that read a
//! secret-looking name last) redacted or declared `not_sensitive`, and no expression reading a redacted argument.

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::{Expr, FnArg, Ident, Member, Pat, Signature, Type};

use crate::args::{Args, Errors, Field, FieldValue};
use crate::sensitive;

/// The arguments whose type redacts itself (`traced::Secret<T>`, `secrecy`'s `SecretString` / `SecretBox<T>`, or
/// a reference to one), by the last segment of the type's path: capturing them records `[REDACTED]`.
fn secret_typed(sig: &Signature) -> Vec<Ident> {
    fn is_secret(ty: &Type) -> bool {
        match ty {
            Type::Reference(reference) => is_secret(&reference.elem),
            Type::Paren(paren) => is_secret(&paren.elem),
            Type::Path(path) => path
                .path
                .segments
                .last()
                .is_some_and(|last| ["Secret", "SecretString", "SecretBox"].iter().any(|name| last.ident == name)),
            _ => false,
        }
    }
    sig.inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(typed) => match &*typed.pat {
                Pat::Ident(pat) if is_secret(&typed.ty) => Some(pat.ident.clone()),
                _ => None,
            },
            FnArg::Receiver(_) => None,
        })
        .collect()
}

/// Every captured key once, and secret-looking keys redacted or declared `not_sensitive`.
pub(super) fn check(args: &Args, sig: &Signature, errors: &mut Errors) {
    let secret_typed = secret_typed(sig);
    let redacted = redacted_args(args);
    let mut seen = BTreeSet::new();
    for key in args.fields.iter().map(|field| &field.key) {
        if !seen.insert(key.text.as_str()) {
            errors.push(key.error(format!("duplicate attribute key `{}`: record each key once", key.text)));
        }
    }
    let captured: BTreeSet<&str> = args
        .fields
        .iter()
        .filter(|field| !matches!(field.value, FieldValue::Redacted(_)))
        .map(|field| field.key.text.as_str())
        .collect();
    let looks_secret: BTreeSet<&str> = args
        .fields
        .iter()
        .filter(|field| sensitive::secret_part(&field.key.text).is_some() || read_name(field).is_some())
        .map(|field| field.key.text.as_str())
        .collect();
    let mut allowed = BTreeSet::new();
    for key in &args.not_sensitive {
        let text = key.text.as_str();
        let problem = if !allowed.insert(text) {
            format!("duplicate `not_sensitive` key `{text}`")
        } else if !captured.contains(text) {
            format!("`not_sensitive({text})` names no key captured by `fields(...)`")
        } else if !looks_secret.contains(text) {
            format!("`{text}` does not look like a secret: remove it from `not_sensitive(...)`")
        } else {
            continue;
        };
        errors.push(key.error(problem));
    }
    for field in &args.fields {
        let key = &field.key.text;
        if allowed.contains(key.as_str()) {
            continue;
        }
        if matches!(&field.value, FieldValue::Arg(arg, _) if secret_typed.iter().any(|param| param == arg)) {
            continue;
        }
        if let Some(secret) = sensitive::secret_part(key) {
            let fix = match &field.value {
                FieldValue::Arg(arg, _) => format!("record it as `[REDACTED]` with `redact({arg})` instead"),
                FieldValue::Expr(..) => "do not capture it".to_owned(),
                FieldValue::Redacted(_) => continue,
            };
            errors.push(field.key.error(format!(
                "attribute key `{key}` looks like a secret (`{secret}`): {fix}, \
                 or, if it is not a secret, declare it with `not_sensitive({key})`"
            )));
        } else if let Some((name, secret)) =
            read_name(field).filter(|(name, _)| !redacted.iter().any(|arg| arg.unraw() == name.unraw()))
        {
            errors.push(syn::Error::new(
                name.span(),
                format!(
                    "`{key}` records `{name}`, which looks like a secret (`{secret}`): do not capture it, or, if it \
                     is not a secret, declare it with `not_sensitive({key})`"
                ),
            ));
        }
    }
    check_redacted_reads(args, &redacted, errors);
}

/// The name an expression field reads last, when it looks secret: `card.card_number`, `user.password()`,
/// `token` (conversions such as `.as_str()` or `.clone()` are looked through).
fn read_name(field: &Field) -> Option<(Ident, String)> {
    let FieldValue::Expr(expr, _) = &field.value else { return None };
    let name = last_name(expr)?;
    let secret = sensitive::secret_part(&name.unraw().to_string())?;
    Some((name, secret))
}

fn last_name(expr: &Expr) -> Option<Ident> {
    const CONVERSIONS: &[&str] = &[
        "as_str",
        "as_ref",
        "as_bytes",
        "as_deref",
        "borrow",
        "clone",
        "deref",
        "expect",
        "into",
        "to_owned",
        "to_string",
        "to_vec",
        "unwrap",
        "unwrap_or_default",
    ];
    match expr {
        Expr::Field(field) => match &field.member {
            Member::Named(name) => Some(name.clone()),
            Member::Unnamed(_) => last_name(&field.base),
        },
        Expr::MethodCall(call) if CONVERSIONS.contains(&call.method.to_string().as_str()) => last_name(&call.receiver),
        Expr::MethodCall(call) => Some(call.method.clone()),
        Expr::Path(path) => path.path.get_ident().cloned(),
        Expr::Reference(reference) => last_name(&reference.expr),
        Expr::Paren(paren) => last_name(&paren.expr),
        Expr::Unary(unary) => last_name(&unary.expr),
        Expr::Try(try_expr) => last_name(&try_expr.expr),
        _ => None,
    }
}

/// The arguments `redact(...)` names.
fn redacted_args(args: &Args) -> Vec<&Ident> {
    args.fields
        .iter()
        .filter_map(|field| match &field.value {
            FieldValue::Redacted(arg) => Some(arg),
            _ => None,
        })
        .collect()
}

/// A redacted argument is never read, so no expression may read it either (`fields(hint = password)`).
fn check_redacted_reads(args: &Args, redacted: &[&Ident], errors: &mut Errors) {
    if redacted.is_empty() {
        return;
    }
    for field in &args.fields {
        let FieldValue::Expr(expr, _) = &field.value else { continue };
        let mut reads = Vec::new();
        variables(expr.to_token_stream(), &mut reads);
        for read in reads {
            let Some(arg) = redacted.iter().find(|arg| arg.unraw() == read.unraw()) else { continue };
            errors.push(syn::Error::new(
                read.span(),
                format!(
                    "`{}` reads `{arg}`, which `redact({arg})` marks secret: a redacted argument is never read, not \
                     even in part; remove this field",
                    field.key.text
                ),
            ));
        }
    }
}

/// The identifiers of `tokens` that can be variables: not a field or method name after `.`, not a path segment.
fn variables(tokens: TokenStream, out: &mut Vec<Ident>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (index, token) in tokens.iter().enumerate() {
        let punct = |at: Option<usize>, c: char| {
            at.and_then(|at| tokens.get(at)).is_some_and(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == c))
        };
        match token {
            TokenTree::Ident(ident) => {
                let after_dot = punct(index.checked_sub(1), '.');
                let in_path = punct(index.checked_sub(1), ':') || punct(Some(index + 1), ':');
                if !after_dot && !in_path {
                    out.push(ident.clone());
                }
            }
            TokenTree::Group(group) => variables(group.stream(), out),
            _ => {}
        }
    }
}
