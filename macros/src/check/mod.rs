//! Checks of `#[traced]` arguments against the function they instrument. Every mistake is reported at once.

pub(crate) mod block;
mod secrets;

use syn::ext::IdentExt;
use syn::{FnArg, Ident, ItemFn, Pat, Signature};

use crate::args::{Args, Errors, FieldValue};
use crate::shape::Shape;
use crate::{async_trait, name};

/// Checks `args` against `function`, reporting the parse's own mistakes too. Argument names in `args` are
/// replaced by the parameters they name, so `fields(r#type)` and `fields(type)` both find `r#type`.
pub(crate) fn check(args: &mut Args, function: &ItemFn) -> syn::Result<()> {
    let mut errors = std::mem::take(&mut args.errors);
    if let Some(constness) = &function.sig.constness {
        errors.push_spanned(
            constness,
            "`#[traced]` cannot instrument a `const fn`: spans are made at run time; remove `const` or the attribute",
        );
    }
    if let Some(name) = &args.name {
        if let Err(error) = name::check(name) {
            errors.push(error);
        }
    }
    if args.name.is_none() && !name::valid_segment(&name::default_segment(&function.sig.ident)) {
        let ident = &function.sig.ident;
        errors.push(syn::Error::new(
            ident.span(),
            format!(
                "the default span name is `<module>.<function>`, and `{}` makes no name segment (lowercase ASCII \
                 `[a-z][a-z0-9_]*`): name the span with `#[traced(name = \"component.operation\")]`",
                ident.unraw()
            ),
        ));
    }
    if let Some(nothing) = returns_nothing(&function.sig) {
        if let Some((_, ret)) = args.ret {
            errors.push(syn::Error::new(
                ret,
                format!("`ret` records the returned value, and this function returns {nothing}: remove `ret`"),
            ));
        }
        if let Some((_, expected)) = &args.expected {
            errors.push(syn::Error::new(
                *expected,
                format!(
                    "`expected` judges a returned `Err`, and this function returns {nothing}: remove `expected`, or \
                     return a `Result`"
                ),
            ));
        }
    }
    let track_caller = function.attrs.iter().any(|attr| attr.path().is_ident("track_caller"));
    if track_caller && matches!(Shape::of(&function.sig, &function.block), Shape::Call) {
        // Such a body runs inline (see `expand`), so nothing sees the value it returns.
        let options =
            [("ret", args.ret.map(|(_, span)| span)), ("expected", args.expected.as_ref().map(|(_, span)| *span))];
        for (option, span) in options {
            if let Some(span) = span {
                errors.push(syn::Error::new(
                    span,
                    format!(
                        "`{option}` needs the returned value, which a `#[track_caller]` function's span does not see \
                         (its body runs inline, so that the caller's location reaches it): remove `{option}` or \
                         `#[track_caller]`"
                    ),
                ));
            }
        }
    }
    if let Some(prefix) = &args.prefix {
        errors.push(syn::Error::new(
            prefix.span(),
            "`prefix` names the spans of an impl block's methods: put it on the `impl`, or give this function's \
             whole name with `name = \"component.operation\"`",
        ));
    }
    if let Some(skip) = args.skip {
        errors.push(syn::Error::new(
            skip,
            "`skip` leaves a method of an instrumented impl block alone: outside one, remove `#[traced]` instead",
        ));
    }
    let mut params = Params::of(&function.sig);
    for (pattern, _) in async_trait::destructured(&function.sig, &function.block) {
        bindings(pattern, &mut params.destructured);
    }
    for field in &mut args.fields {
        match &mut field.value {
            FieldValue::Arg(arg, _) => params.resolve(arg, Capture::Fields, &mut errors),
            FieldValue::Redacted(arg) => params.resolve(arg, Capture::Redact, &mut errors),
            FieldValue::Expr(..) => {}
        }
    }
    secrets::check(args, &function.sig, &mut errors);
    errors.finish()
}

/// What the function returns, when that is nothing to record: `()` or `!`.
fn returns_nothing(sig: &Signature) -> Option<&'static str> {
    match &sig.output {
        syn::ReturnType::Default => Some("nothing"),
        syn::ReturnType::Type(_, ty) => match &**ty {
            syn::Type::Tuple(tuple) if tuple.elems.is_empty() => Some("`()`"),
            syn::Type::Never(_) => Some("`!` (it never returns)"),
            _ => None,
        },
    }
}

#[derive(Clone, Copy)]
enum Capture {
    Fields,
    Redact,
}

/// The function's parameters by name: plain ones, and the bindings inside destructured ones.
struct Params {
    plain: Vec<Ident>,
    destructured: Vec<Ident>,
}

impl Params {
    fn of(sig: &Signature) -> Params {
        let mut params = Params { plain: Vec::new(), destructured: Vec::new() };
        for input in &sig.inputs {
            let FnArg::Typed(typed) = input else { continue };
            match &*typed.pat {
                Pat::Ident(pat) if pat.subpat.is_none() => params.plain.push(pat.ident.clone()),
                pattern => bindings(pattern, &mut params.destructured),
            }
        }
        params
    }

    /// Replaces `arg` by the parameter it names (keeping where it was written), or reports that none does.
    fn resolve(&self, arg: &mut Ident, option: Capture, errors: &mut Errors) {
        let named = |param: &&Ident| param.unraw() == arg.unraw();
        // `redact` never reads the value, so a binding inside a destructured parameter is fine there.
        let found = match option {
            Capture::Fields => self.plain.iter().find(named),
            Capture::Redact => self.plain.iter().chain(&self.destructured).find(named),
        };
        if let Some(param) = found {
            let mut param = param.clone();
            param.set_span(arg.span());
            *arg = param;
            return;
        }
        let written = arg.unraw();
        let (name, later) = match option {
            // tracing's `fields(name)` declares an empty field, filled in later: say how that is done here.
            Capture::Fields => (
                "fields",
                format!(
                    "; to record an expression write `{written} = <expression>`, to set it later from the body call \
                     `traced::set_attribute(KeyValue::new(\"{written}\", value))`"
                ),
            ),
            Capture::Redact => ("redact", String::new()),
        };
        let message = if self.destructured.iter().any(|param| named(&param)) {
            format!(
                "`{written}` is bound by a destructured parameter: `fields(...)` takes whole arguments; \
                 capture it with `fields({written} = {written})`"
            )
        } else {
            let arguments = if self.plain.is_empty() {
                String::new()
            } else {
                let names: Vec<String> = self.plain.iter().map(|name| format!("`{}`", name.unraw())).collect();
                format!("; its arguments are {}", names.join(", "))
            };
            format!("`{name}({written})`: the function has no argument named `{written}`{arguments}{later}")
        };
        errors.push(syn::Error::new(arg.span(), message));
    }
}

fn bindings(pattern: &Pat, out: &mut Vec<Ident>) {
    match pattern {
        Pat::Ident(pat) => {
            out.push(pat.ident.clone());
            if let Some((_, sub)) = &pat.subpat {
                bindings(sub, out);
            }
        }
        Pat::Tuple(tuple) => tuple.elems.iter().for_each(|elem| bindings(elem, out)),
        Pat::TupleStruct(tuple) => tuple.elems.iter().for_each(|elem| bindings(elem, out)),
        Pat::Struct(strukt) => strukt.fields.iter().for_each(|field| bindings(&field.pat, out)),
        Pat::Slice(slice) => slice.elems.iter().for_each(|elem| bindings(elem, out)),
        Pat::Reference(reference) => bindings(&reference.pat, out),
        Pat::Type(typed) => bindings(&typed.pat, out),
        Pat::Paren(paren) => bindings(&paren.pat, out),
        _ => {}
    }
}
