//! What a function returns decides how its span is run: over the call, over an `async fn`'s future, or over the
//! future a plain function returns (`impl Future`, `Pin<Box<dyn Future>>`, and so every method `#[async_trait]`
//! has rewritten before `#[traced]` sees it).

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;
use syn::{Block, Expr, GenericArgument, PathArguments, ReturnType, Signature, Stmt, Type, TypeParamBound, TypePath};

pub(crate) enum Shape<'a> {
    /// The span covers the call.
    Call,
    /// An `async fn`: the span starts at the first poll and ends when the future completes.
    Async,
    /// A plain function returning a future: the span starts at the call, where the arguments are still there
    /// to record, and ends when the returned future completes.
    Future(Returned<'a>),
}

pub(crate) struct Returned<'a> {
    /// The signature's type is a boxed `dyn Future`: the traced future is boxed in its place.
    pub(crate) boxed: bool,
    /// `T` of the signature's `Output = T`, when it names one.
    pub(crate) output: Option<&'a Type>,
    /// The body ends in `Box::pin(inner)` and returns nowhere else: `inner` is traced and boxed once.
    pub(crate) unboxed: Option<Unboxed<'a>>,
}

pub(crate) struct Unboxed<'a> {
    /// The statements before `Box::pin(..)`.
    pub(crate) stmts: &'a [Stmt],
    /// What `Box::pin(..)` pins.
    pub(crate) inner: &'a Expr,
}

impl Shape<'_> {
    pub(crate) fn of<'a>(sig: &'a Signature, block: &'a Block) -> Shape<'a> {
        if sig.asyncness.is_some() {
            return Shape::Async;
        }
        let ReturnType::Type(_, ty) = &sig.output else { return Shape::Call };
        let pinned = boxed_pin(block);
        let (boxed, output) = match &**ty {
            Type::ImplTrait(impl_trait) => match future_output(&impl_trait.bounds) {
                Some(output) => (false, output),
                None => return Shape::Call,
            },
            Type::Path(path) => match pinned_dyn_future(path) {
                Some(output) => (true, output),
                // `BoxFuture<'a, T>`, `Self::Future`, ...: an alias is taken for a boxed future only when the
                // body boxes one, so a named future type such as `tower`'s `ResponseFuture` is left alone.
                None if pinned.is_some() && last_ident_ends_with(path, "Future") => (true, alias_output(path)),
                None => return Shape::Call,
            },
            _ => return Shape::Call,
        };
        let unboxed = pinned
            .filter(|_| boxed && !returns_early(block))
            .map(|inner| Unboxed { stmts: &block.stmts[..block.stmts.len() - 1], inner });
        Shape::Future(Returned { boxed, output, unboxed })
    }
}

/// `Some(Output)` when a bound is `Future` (`Some(None)` without `Output = ..`).
fn future_output<'a>(bounds: impl IntoIterator<Item = &'a TypeParamBound>) -> Option<Option<&'a Type>> {
    bounds.into_iter().find_map(|bound| {
        let TypeParamBound::Trait(bound) = bound else { return None };
        let last = bound.path.segments.last()?;
        if last.ident != "Future" {
            return None;
        }
        let PathArguments::AngleBracketed(args) = &last.arguments else { return Some(None) };
        Some(args.args.iter().find_map(|arg| match arg {
            GenericArgument::AssocType(assoc) if assoc.ident == "Output" => Some(&assoc.ty),
            _ => None,
        }))
    })
}

/// `Pin<Box<dyn Future<Output = T> + ..>>`, by the last segments of its paths.
fn pinned_dyn_future(path: &TypePath) -> Option<Option<&Type>> {
    let boxed = only_type_arg(path, "Pin")?;
    let Type::Path(boxed) = boxed else { return None };
    let Type::TraitObject(object) = only_type_arg(boxed, "Box")? else { return None };
    future_output(&object.bounds)
}

fn only_type_arg<'a>(path: &'a TypePath, name: &str) -> Option<&'a Type> {
    let last = path.path.segments.last()?;
    let PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match (last.ident == name, args.args.first(), args.args.len()) {
        (true, Some(GenericArgument::Type(ty)), 1) => Some(ty),
        _ => None,
    }
}

fn last_ident_ends_with(path: &TypePath, suffix: &str) -> bool {
    path.path.segments.last().is_some_and(|last| last.ident.to_string().ends_with(suffix))
}

/// The output of the `futures` crate's aliases, `BoxFuture<'a, T>` and `LocalBoxFuture<'a, T>`.
fn alias_output(path: &TypePath) -> Option<&Type> {
    let last = path.path.segments.last()?;
    if last.ident != "BoxFuture" && last.ident != "LocalBoxFuture" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    args.args.iter().rev().find_map(|arg| match arg {
        GenericArgument::Type(ty) => Some(ty),
        _ => None,
    })
}

/// The argument of a `Box::pin(..)` that ends the body.
fn boxed_pin(block: &Block) -> Option<&Expr> {
    let Some(Stmt::Expr(Expr::Call(call), None)) = block.stmts.last() else { return None };
    let Expr::Path(func) = &*call.func else { return None };
    let mut segments = func.path.segments.iter().rev();
    let (pin, boxed) = (segments.next()?, segments.next()?);
    (pin.ident == "pin" && boxed.ident == "Box" && call.args.len() == 1).then(|| &call.args[0])
}

/// Whether the body may `return` from the function itself, not from a closure, an async block or an inner item.
fn returns_early(block: &Block) -> bool {
    struct Finder(bool);
    impl Visit<'_> for Finder {
        fn visit_expr_return(&mut self, _: &syn::ExprReturn) {
            self.0 = true;
        }
        fn visit_expr_closure(&mut self, _: &syn::ExprClosure) {}
        fn visit_expr_async(&mut self, _: &syn::ExprAsync) {}
        fn visit_item(&mut self, _: &syn::Item) {}
        fn visit_macro(&mut self, mac: &syn::Macro) {
            // A macro's tokens are not parsed: any `return` in them counts.
            self.0 |= mentions_return(mac.tokens.clone());
        }
    }
    let mut finder = Finder(false);
    finder.visit_block(block);
    finder.0
}

fn mentions_return(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => ident == "return",
        TokenTree::Group(group) => mentions_return(group.stream()),
        _ => false,
    })
}
