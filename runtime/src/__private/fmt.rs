//! `?expr` and `%expr`: `Debug` / `Display`, except that `SpanAttributes` types render with their redactions.
//!
//! Chosen by autoref specialization at the expansion site, where the type is known:
//! `(&&Probe(&value)).__traced_debug()` finds the `SpanAttributes` impl on `&Probe` first, then the plain one.

use std::fmt::{Debug, Display};

use crate::attributes::{Redacted, SpanAttributes};

/// Wraps the value being formatted.
pub struct Probe<'a, T: ?Sized>(pub &'a T);

/// `SpanAttributes` types, rendered through their redactions.
pub trait RedactedFormat {
    /// The `?` rendering.
    fn __traced_debug(&self) -> String;
    /// The `%` rendering.
    fn __traced_display(&self) -> String;
}

impl<T: SpanAttributes + ?Sized> RedactedFormat for &Probe<'_, T> {
    fn __traced_debug(&self) -> String {
        Redacted(self.0).to_string()
    }
    fn __traced_display(&self) -> String {
        Redacted(self.0).to_string()
    }
}

/// Everything else with `Debug`.
pub trait DebugFormat {
    /// The `?` rendering.
    fn __traced_debug(&self) -> String;
}

impl<T: Debug + ?Sized> DebugFormat for Probe<'_, T> {
    fn __traced_debug(&self) -> String {
        format!("{:?}", self.0)
    }
}

/// Everything else with `Display`.
pub trait DisplayFormat {
    /// The `%` rendering.
    fn __traced_display(&self) -> String;
}

impl<T: Display + ?Sized> DisplayFormat for Probe<'_, T> {
    fn __traced_display(&self) -> String {
        self.0.to_string()
    }
}
