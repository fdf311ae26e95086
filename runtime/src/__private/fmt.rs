//! `?expr` and `%expr`: `Debug` / `Display`, except that `SpanAttributes` types render with their redactions.
//!
//! Chosen by autoref specialization at the expansion site, where the type is known:
//! `(&&Probe(value)).__traced_kind()` is a `RedactedTag` for `SpanAttributes` types (and options and sequences of
//! them) and a `PlainTag` otherwise,
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

impl<T: RedactedRender + ?Sized> RedactedKind for &Probe<'_, T> {}

/// Values rendered through redactions: `SpanAttributes` types, and options and sequences of them, so that
/// `?maybe_order` or `?orders` never fall back to a `Debug` that would show a redacted field.
pub trait RedactedRender {
    /// Writes the value, redactions applied.
    fn render(&self, out: &mut String);
}

impl<T: SpanAttributes + ?Sized> RedactedRender for T {
    fn render(&self, out: &mut String) {
        out.push_str(&Redacted(self).to_string());
    }
}

impl<T: RedactedRender> RedactedRender for Option<T> {
    fn render(&self, out: &mut String) {
        match self {
            Some(value) => {
                out.push_str("Some(");
                value.render(out);
                out.push(')');
            }
            None => out.push_str("None"),
        }
    }
}

impl<T: RedactedRender> RedactedRender for [T] {
    fn render(&self, out: &mut String) {
        out.push('[');
        for (i, value) in self.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            value.render(out);
        }
        out.push(']');
    }
}

impl<T: RedactedRender, const N: usize> RedactedRender for [T; N] {
    fn render(&self, out: &mut String) {
        self.as_slice().render(out);
    }
}

impl<T: RedactedRender + ToOwned + ?Sized> RedactedRender for std::borrow::Cow<'_, T> {
    fn render(&self, out: &mut String) {
        (**self).render(out);
    }
}

/// A map's values through their redactions, its keys through `Debug`.
fn render_map<'a, K: Debug + 'a, V: RedactedRender + 'a>(
    entries: impl Iterator<Item = (&'a K, &'a V)>,
    out: &mut String,
) {
    out.push('{');
    for (i, (key, value)) in entries.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&format!("{key:?}: "));
        value.render(out);
    }
    out.push('}');
}

impl<K: Debug, V: RedactedRender> RedactedRender for std::collections::BTreeMap<K, V> {
    fn render(&self, out: &mut String) {
        render_map(self.iter(), out);
    }
}

impl<K: Debug, V: RedactedRender, S> RedactedRender for std::collections::HashMap<K, V, S> {
    fn render(&self, out: &mut String) {
        render_map(self.iter(), out);
    }
}

macro_rules! forward {
    ($($ty:ty),*) => {$(
        impl<T: RedactedRender> RedactedRender for $ty {
            fn render(&self, out: &mut String) {
                (**self).render(out);
            }
        }
    )*};
}
// References to `SpanAttributes` types are `SpanAttributes` themselves; these are the other shapes.
forward!(Vec<T>, &[T], &Vec<T>, &Option<T>);

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
    pub fn debug<T: RedactedRender + ?Sized>(self, value: &T) -> String {
        let mut out = String::new();
        value.render(&mut out);
        out
    }

    /// The `%` rendering.
    pub fn display<T: RedactedRender + ?Sized>(self, value: &T) -> String {
        self.debug(value)
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
