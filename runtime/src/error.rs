//! What a returned `Err` tells the span: categories, codes and retryability for errors that know them.

use std::borrow::Cow;
use std::error::Error;
use std::fmt;

/// The broad kind of a failure, recorded as `error.type`.
///
/// ```
/// use traced::ErrorCategory;
///
/// let category = ErrorCategory::Resource; // a pool exhausted, say
/// assert_eq!(category.to_string(), "resource");
/// assert_ne!(category, ErrorCategory::External);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCategory {
    /// The input was wrong: a bad request, a failed check.
    Validation,
    /// Our own system failed: a bug, a broken invariant, local I/O.
    System,
    /// A dependency failed: another service, a database, the network.
    External,
    /// A limit was hit: quota, pool exhausted, timeout, out of memory.
    Resource,
    /// Access was refused: authentication, authorization, a policy.
    Security,
}

impl ErrorCategory {
    /// The lowercase name recorded as `error.type`, e.g. `"validation"`.
    ///
    /// ```
    /// assert_eq!(traced::ErrorCategory::External.as_str(), "external");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCategory::Validation => "validation",
            ErrorCategory::System => "system",
            ErrorCategory::External => "external",
            ErrorCategory::Resource => "resource",
            ErrorCategory::Security => "security",
        }
    }
}

impl fmt::Display for ErrorCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error that describes itself to the span it fails: `error.type` (its category), `error.code`,
/// `error.retryable`, `error.component` and `error.operation`.
///
/// `#[traced]` uses it whenever the returned error type implements it; every method but `category` is optional.
///
/// ```
/// use std::borrow::Cow;
/// use traced::{ErrorCategory, SpanError};
///
/// #[derive(Debug)]
/// struct PaymentDeclined;
///
/// impl std::fmt::Display for PaymentDeclined {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///         f.write_str("insufficient funds")
///     }
/// }
///
/// impl std::error::Error for PaymentDeclined {}
///
/// impl SpanError for PaymentDeclined {
///     fn category(&self) -> ErrorCategory {
///         ErrorCategory::External
///     }
///     fn code(&self) -> Option<Cow<'static, str>> {
///         Some("card_declined".into())
///     }
///     fn retryable(&self) -> Option<bool> {
///         Some(false)
///     }
/// }
///
/// assert_eq!(PaymentDeclined.category().as_str(), "external");
/// ```
pub trait SpanError: Error {
    /// The broad kind of failure, recorded as `error.type`.
    fn category(&self) -> ErrorCategory;

    /// A stable, low-cardinality code, recorded as `error.code`.
    fn code(&self) -> Option<Cow<'static, str>> {
        None
    }

    /// Whether the caller may retry, recorded as `error.retryable`.
    fn retryable(&self) -> Option<bool> {
        None
    }

    /// The component that failed, recorded as `error.component`.
    fn component(&self) -> Option<Cow<'static, str>> {
        None
    }

    /// The operation that failed, recorded as `error.operation`.
    fn operation(&self) -> Option<Cow<'static, str>> {
        None
    }

    /// Whether this error is an answer rather than a failure (a lookup that found nothing, a request refused as
    /// invalid): returned from a `#[traced]` function, it leaves the span's status unset and `error.type` off,
    /// and is recorded as an `exception` event with `exception.expected = true`. The option
    /// `#[traced(expected = predicate)]` decides the same per function.
    fn is_expected(&self) -> bool {
        false
    }
}

/// `error` followed by its `source()` chain, joined with `": "`.
pub(crate) fn message_with_sources(error: &(dyn Error + '_)) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        // Many errors already print their cause; repeating it adds nothing.
        if !message.ends_with(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}
