//! The seam between instrumentation and set-up: what the installed provider is known to do, which lets
//! `#[traced]` calls and the layers do less or do better. Instrumentation (`__private`, the layers) reads only
//! this module; set-up writes it when it installs a provider.
//!
//! - [`provider`]: which provider is installed (an id per install, providers installed straight through the
//!   global adopted), whether its sampler drops every child of an unsampled parent, whether its trace ids are
//!   random, whether it is a no-op.
//! - [`tracers`]: each thread's cache of the installed provider's tracers.
//! - `sdk`: what an `SdkTracerProvider` installed by hand is known to do, read from its configuration.
//! - `reentry`: the sections a call from inside them must not enter again (adopting a provider, looking up a
//!   tracer).
//! - [`roots`]: the root sampler set-up registered, which decides roots before the SDK is asked (a dropped root
//!   skips the SDK). Without feature `setup` nothing is ever registered, and every call finds nothing.
//! - [`limits`]: the bound on attribute text, the default until set-up sets another.

pub(crate) mod limits;
pub(crate) mod provider;
mod reentry;
pub(crate) mod roots;
#[cfg(feature = "setup")]
mod sdk;
pub(crate) mod tracers;
