//! `?expr` and `%expr`: `Debug` / `Display`, except that `SpanAttributes` types render with their redactions.
//!
//! Chosen by autoref specialization at the expansion site, where the type is known:
//! `(&&Probe(value)).__traced_kind()` is a `RedactedTag` for `SpanAttributes` types and a `PlainTag` otherwise,
//! and the tag's `debug`/`display` carry the trait bound, so a type without `Debug` gets the compiler's usual
//! "doesn't implement `Debug`" error on the user's expression.

use std::fmt::{Debug, Display};

use crate::attributes::{Redacted, SpanAttributes};

/// Wraps the value being formatted.
pub struct Probe<'a, T: ?Sized>(pub &'a T);

/// Renders through the redactions of a `SpanAttributes` type.
pub struct RedactedTag;

/// Renders through `Debug` or `Display`.
pub struct PlainTag;

/// Picks [`RedactedTag`] for `SpanAttributes` types.
pub trait RedactedKind {
    /// The tag that renders this value.
    #[inline]
    fn __traced_kind(&self) -> RedactedTag {
        RedactedTag
    }
}

impl<T: SpanAttributes + ?Sized> RedactedKind for &Probe<'_, T> {}

/// Picks [`PlainTag`] for everything else.
pub trait PlainKind {
    /// The tag that renders this value.
    #[inline]
    fn __traced_kind(&self) -> PlainTag {
        PlainTag
    }
}

impl<T: ?Sized> PlainKind for Probe<'_, T> {}

impl RedactedTag {
    /// The `?` rendering.
    pub fn debug<T: SpanAttributes + ?Sized>(self, value: &T) -> String {
        Redacted(value).to_string()
    }

    /// The `%` rendering.
    pub fn display<T: SpanAttributes + ?Sized>(self, value: &T) -> String {
        Redacted(value).to_string()
    }
}

impl PlainTag {
    /// The `?` rendering.
    pub fn debug<T: Debug + ?Sized>(self, value: &T) -> String {
        format!("{value:?}")
    }

    /// The `%` rendering.
    pub fn display<T: Display + ?Sized>(self, value: &T) -> String {
        value.to_string()
    }
}
