//! What `#[async_trait]` did to a method before `#[traced]` sees it: a destructured argument became an
//! `__argN` parameter, destructured by a `let` inside the boxed future
//! (`let (a, b) = { let __arg1 = __arg1; __arg1 };`, or `let (a, b) = __arg1;` in older versions).

use syn::visit_mut::VisitMut;
use syn::{Block, Expr, FnArg, Ident, Pat, Signature, Stmt};

/// The patterns of arguments that `#[async_trait]` moved into the future, each with the parameter it
/// destructures, so that `fields(...)` can read their bindings when the span starts.
pub(crate) fn destructured<'a>(sig: &'a Signature, block: &'a Block) -> Vec<(&'a Pat, &'a Ident)> {
    let Some(Stmt::Expr(Expr::Call(call), None)) = block.stmts.last() else { return Vec::new() };
    let Some(Expr::Async(future)) = call.args.first() else { return Vec::new() };
    let param = |init: &Expr| {
        let name = match init {
            Expr::Path(path) => path.path.get_ident()?,
            Expr::Block(block) => match block.block.stmts.last() {
                Some(Stmt::Expr(Expr::Path(path), None)) => path.path.get_ident()?,
                _ => return None,
            },
            _ => return None,
        };
        sig.inputs.iter().find_map(|input| match input {
            FnArg::Typed(typed) => match &*typed.pat {
                Pat::Ident(param) if param.ident == *name && name.to_string().starts_with("__arg") => {
                    Some(&param.ident)
                }
                _ => None,
            },
            FnArg::Receiver(_) => None,
        })
    };
    future
        .block
        .stmts
        .iter()
        .filter_map(|stmt| match stmt {
            Stmt::Local(local) => Some((&local.pat, param(&local.init.as_ref()?.expr)?)),
            _ => None,
        })
        .collect()
}

/// The pattern binding by reference: `mut` and `ref` removed, so that it can destructure `&__argN`.
pub(crate) fn by_reference(pattern: &Pat) -> Pat {
    struct Plain;
    impl VisitMut for Plain {
        fn visit_pat_ident_mut(&mut self, ident: &mut syn::PatIdent) {
            ident.by_ref = None;
            ident.mutability = None;
            syn::visit_mut::visit_pat_ident_mut(self, ident);
        }
    }
    let mut pattern = pattern.clone();
    Plain.visit_pat_mut(&mut pattern);
    pattern
}
