//! Code generation for `#[traced]` on an impl block: each method it instruments gets a `#[traced(...)]` of its
//! own, with the block's options, which the compiler then expands like any other. So a method is instrumented
//! exactly as it would be with that attribute written on it, also under an `#[async_trait]` that expands between
//! the two.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{ImplItem, ItemImpl};

use crate::check::block::{Item, Plan};

pub(crate) fn expand(plan: Plan, mut block: ItemImpl) -> TokenStream {
    for (item, planned) in block.items.iter_mut().zip(plan.items) {
        let ImplItem::Fn(method) = item else { continue };
        match planned {
            Item::Leave => {}
            Item::Skip(index) => {
                method.attrs.remove(index);
            }
            Item::Trace { own, attribute } => match own {
                Some(index) => method.attrs[index] = *attribute,
                None => method.attrs.insert(0, *attribute),
            },
        }
    }
    block.into_token_stream()
}
