//! What a returned value does to the span: an `Err` becomes an exception event, `error.type` and status `Error`.
//!
//! Chosen by autoref specialization at the expansion site, where the return type is known, so any `Result`
//! alias works: `(&&&&&&Probe(&value)).__traced_record(&guard)` takes the first impl that applies, from
//! `SpanError` errors (six references) down to values that are not `Result`s (none).

use std::error::Error;
use std::fmt::{Debug, Display};
use std::ops::Deref;

use opentelemetry::{KeyValue, Value};

use super::guard::Failure;
use super::SpanGuard;
use crate::error::{message_with_sources, SpanError};

/// Wraps the value being returned.
pub struct Probe<'a, T: ?Sized>(pub &'a T);

impl<T: ?Sized> Clone for Probe<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for Probe<'_, T> {}

/// `Err` of an error that knows its category.
pub trait RecordSpanError {
    /// Records the returned value on `guard`'s span.
    fn __traced_record(&self, guard: &SpanGuard);
}

impl<T, E: SpanError> RecordSpanError for &&&&&Probe<'_, Result<T, E>> {
    fn __traced_record(&self, guard: &SpanGuard) {
        let Err(error) = self.0 else { return };
        if !guard.is_recording() {
            return;
        }
        if error.is_expected() {
            guard.mark_expected();
        }
        let mut extra = Vec::new();
        if let Some(code) = error.code() {
            extra.push(KeyValue::new("error.code", code));
        }
        if let Some(retryable) = error.retryable() {
            extra.push(KeyValue::new("error.retryable", retryable));
        }
        if let Some(component) = error.component() {
            extra.push(KeyValue::new("error.component", component));
        }
        if let Some(operation) = error.operation() {
            extra.push(KeyValue::new("error.operation", operation));
        }
        guard.fail(
            Failure::of(std::any::type_name::<E>(), message_with_sources(error))
                .with_error_type(Value::from(error.category().as_str()))
                .with_description(error.to_string())
                .with_extra(extra),
        );
    }
}

/// `Err` of a `std::error::Error`: its message and source chain.
pub trait RecordError {
    /// Records the returned value on `guard`'s span.
    fn __traced_record(&self, guard: &SpanGuard);
}

impl<T, E: Error> RecordError for &&&&Probe<'_, Result<T, E>> {
    fn __traced_record(&self, guard: &SpanGuard) {
        if let Err(error) = self.0 {
            fail_with_error(guard, std::any::type_name::<E>(), error);
        }
    }
}

/// `Err` of a pointer to an error (`Box<dyn Error + Send + Sync>`, `anyhow::Error`, ...).
pub trait RecordBoxedError {
    /// Records the returned value on `guard`'s span.
    fn __traced_record(&self, guard: &SpanGuard);
}

impl<T, E: Deref> RecordBoxedError for &&&Probe<'_, Result<T, E>>
where
    E::Target: Error,
{
    fn __traced_record(&self, guard: &SpanGuard) {
        if let Err(error) = self.0 {
            fail_with_error(guard, std::any::type_name::<E>(), &**error);
        }
    }
}

fn fail_with_error<E: Error + ?Sized>(guard: &SpanGuard, type_name: &'static str, error: &E) {
    if guard.is_recording() {
        let message = message_with_sources(&DynError(error));
        guard.fail(Failure::of(type_name, message).with_description(error.to_string()));
    }
}

/// Lets an unsized error be viewed as `&dyn Error`.
struct DynError<'a, E: ?Sized>(&'a E);

impl<E: Error + ?Sized> Debug for DynError<'_, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Debug::fmt(self.0, f)
    }
}

impl<E: Error + ?Sized> Display for DynError<'_, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Display::fmt(self.0, f)
    }
}

impl<E: Error + ?Sized> Error for DynError<'_, E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.0.source()
    }
}

/// `Err` of a type that is only `Display` (`String`, `&str`, ...).
pub trait RecordDisplay {
    /// Records the returned value on `guard`'s span.
    fn __traced_record(&self, guard: &SpanGuard);
}

impl<T, E: Display> RecordDisplay for &&Probe<'_, Result<T, E>> {
    fn __traced_record(&self, guard: &SpanGuard) {
        if let (Err(error), true) = (self.0, guard.is_recording()) {
            let type_name = std::any::type_name::<E>();
            guard.fail(Failure::of(type_name, error.to_string()));
        }
    }
}

/// `Err` of a type that is only `Debug`.
pub trait RecordDebug {
    /// Records the returned value on `guard`'s span.
    fn __traced_record(&self, guard: &SpanGuard);
}

impl<T, E: Debug> RecordDebug for &Probe<'_, Result<T, E>> {
    fn __traced_record(&self, guard: &SpanGuard) {
        if let (Err(error), true) = (self.0, guard.is_recording()) {
            let type_name = std::any::type_name::<E>();
            guard.fail(Failure::of(type_name, format!("{error:?}")));
        }
    }
}

/// `Err` of a type that cannot be shown: its type name alone.
pub trait RecordOpaque {
    /// Records the returned value on `guard`'s span.
    fn __traced_record(&self, guard: &SpanGuard);
}

impl<T, E> RecordOpaque for Probe<'_, Result<T, E>> {
    fn __traced_record(&self, guard: &SpanGuard) {
        if let (Err(_), true) = (self.0, guard.is_recording()) {
            let type_name = std::any::type_name::<E>();
            guard.fail(Failure::of(type_name, String::new()).with_description(type_name.to_owned()));
        }
    }
}

/// Any value that is not a `Result`: nothing to record.
pub trait RecordNothing {
    /// Does nothing.
    fn __traced_record(self, guard: &SpanGuard);
}

impl<T: ?Sized> RecordNothing for Probe<'_, T> {
    #[inline(always)]
    fn __traced_record(self, _: &SpanGuard) {}
}

/// A value `expected = ..` can judge: a `Result`.
#[diagnostic::on_unimplemented(
    message = "`expected = ..` needs a function that returns a `Result`, and `{Self}` is not one",
    label = "not a `Result`",
    note = "remove `expected`, or return a `Result` whose `Err` the predicate judges"
)]
pub trait Fallible {
    /// The error type, which the predicate takes.
    type Error;

    /// The error, if this is one.
    fn error(&self) -> Option<&Self::Error>;
}

impl<T, E> Fallible for Result<T, E> {
    type Error = E;

    #[inline]
    fn error(&self) -> Option<&E> {
        self.as_ref().err()
    }
}

/// Marks `value`'s error as expected on `guard` when `predicate` says it is (`#[traced(expected = ..)]`). The
/// predicate runs only for a span that records.
#[inline]
pub fn expected<R: Fallible>(guard: &SpanGuard, value: &R, predicate: fn(&R::Error) -> bool) {
    if guard.is_recording() {
        if let Some(error) = value.error() {
            if predicate(error) {
                guard.mark_expected();
            }
        }
    }
}

/// The value `ret` records, chosen by autoref like [`Probe`]: `(&&Returned(&value)).__traced_ok()` is a
/// `Result`'s `Ok` value (nothing for an `Err`), or any other value whole.
pub struct Returned<'a, T: ?Sized>(pub &'a T);

/// `ret` of a `Result`: its `Ok` value.
pub trait ReturnedOk {
    /// The recorded value's type.
    type Value: ?Sized;

    /// The value to record, if any.
    fn __traced_ok(&self) -> Option<&Self::Value>;
}

impl<'a, T, E> ReturnedOk for &Returned<'a, Result<T, E>> {
    type Value = T;

    #[inline]
    fn __traced_ok(&self) -> Option<&T> {
        self.0.as_ref().ok()
    }
}

/// `ret` of any other value: the value.
pub trait ReturnedWhole {
    /// The recorded value's type.
    type Value: ?Sized;

    /// The value to record.
    fn __traced_ok(&self) -> Option<&Self::Value>;
}

impl<'a, T: ?Sized> ReturnedWhole for Returned<'a, T> {
    type Value = T;

    #[inline]
    fn __traced_ok(&self) -> Option<&T> {
        Some(self.0)
    }
}
