//! Root spans decided before the SDK is asked, when set-up registered a root sampler that looks at nothing but the
//! trace id (or an SDK provider installed by hand drops every root). Without feature `setup` nothing is ever
//! registered: every call finds nothing, and a [`Kept`] cannot exist.

#[cfg(feature = "setup")]
mod decided;

use opentelemetry::trace::SpanKind;
use opentelemetry::Context;

use super::provider::Installed;

#[cfg(feature = "setup")]
pub(crate) use decided::{always_off, register, Kept, Shared, StagedIds, StagedSampler};

/// A root decided here.
// Without set-up nothing decides roots here: the calls' arms for them stay, never taken.
#[cfg_attr(not(feature = "setup"), allow(dead_code))]
pub(crate) enum Presampled {
    /// Dropped: the context to make current instead of a span.
    Dropped(Context),
    /// Kept: build it through [`staged`].
    Kept(Kept),
}

/// A kept root, which only set-up's root samplers make.
#[cfg(not(feature = "setup"))]
pub(crate) enum Kept {}

/// Decides the span about to start under the current context, when it is a root of `installed`, a provider with
/// a registered root sampler.
#[inline]
pub(crate) fn root(installed: Installed, name: &str, kind: &SpanKind) -> Option<Presampled> {
    #[cfg(feature = "setup")]
    return decided::root(installed, name, kind);
    #[cfg(not(feature = "setup"))]
    {
        let _ = (installed, name, kind);
        None
    }
}

/// [`root`] for a span whose parent is `parent` rather than the current context: a server span, whose parent comes
/// from the request's headers.
#[cfg(feature = "http")]
#[inline]
pub(crate) fn root_under(installed: Installed, parent: &Context, name: &str, kind: &SpanKind) -> Option<Presampled> {
    #[cfg(feature = "setup")]
    return decided::root_under(installed, parent, name, kind);
    #[cfg(not(feature = "setup"))]
    {
        let _ = (installed, parent, name, kind);
        None
    }
}

/// Builds a kept root with `build`, the SDK taking the decision already made for it.
pub(crate) fn staged<R>(kept: Kept, build: impl FnOnce() -> R) -> R {
    #[cfg(feature = "setup")]
    return decided::staged(kept, build);
    #[cfg(not(feature = "setup"))]
    {
        let _ = build;
        match kept {}
    }
}
