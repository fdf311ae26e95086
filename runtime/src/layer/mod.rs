//! [`TraceLayer`], which traces HTTP and gRPC exchanges: what each side's span is made of, the exchange a span
//! stands for, the future and the response body that carry it to its end, the user's hooks, the
//! semantic-convention attributes read off requests and responses, the connection events of clients, and reqwest's
//! middleware, made of the same parts.

pub(crate) mod body;
pub(crate) mod connection;
pub(crate) mod exchange;
pub(crate) mod future;
pub(crate) mod hooks;
// Message events are recorded only by the gRPC layers of the `grpc` feature.
#[cfg_attr(not(feature = "grpc"), allow(dead_code, unreachable_pub))]
pub(crate) mod messages;
#[cfg(feature = "reqwest")]
pub(crate) mod reqwest;
pub(crate) mod semconv;
pub(crate) mod service;
pub(crate) mod sides;
mod trace_layer;

/// A layer of before [`TraceLayer`], kept for a release as a deprecated shim over the side it stood for: a unit
/// struct with `new()` whose `layer` is `TraceLayer::$side().layer(..)`, and its service alias.
macro_rules! deprecated_layer {
    ($module:ident, $layer:ident, $service:ident, $side:ident, $note:literal) => {
        #[doc = concat!("Renamed [`TraceLayer::", stringify!($side), "`](crate::http::TraceLayer::", stringify!($side), ").")]
        ///
        /// ```
        /// # #![allow(deprecated)]
        #[doc = concat!("let before = traced::", stringify!($module), "::", stringify!($layer), "::new();")]
        #[doc = concat!("let now = traced::http::TraceLayer::", stringify!($side), "();")]
        /// # let _ = (before, now);
        /// ```
        #[deprecated(since = "0.1.0", note = $note)]
        #[derive(Clone, Copy, Debug, Default)]
        pub struct $layer {
            _private: (),
        }

        impl $layer {
            #[doc = concat!("[`TraceLayer::", stringify!($side), "`](crate::http::TraceLayer::", stringify!($side), ").")]
            ///
            /// ```
            /// # #![allow(deprecated)]
            #[doc = concat!("let layer = traced::", stringify!($module), "::", stringify!($layer), "::new();")]
            /// # let _ = layer;
            /// ```
            pub fn new() -> Self {
                $layer::default()
            }
        }

        impl<S> tower_layer::Layer<S> for $layer {
            type Service = $crate::layer::TraceService<S>;

            fn layer(&self, inner: S) -> Self::Service {
                $crate::layer::TraceLayer::$side().layer(inner)
            }
        }

        /// Renamed [`TraceService`](crate::http::TraceService).
        ///
        /// ```
        /// # #![allow(deprecated)]
        /// use std::convert::Infallible;
        /// use tower::{service_fn, Layer};
        ///
        /// let inner = service_fn(|_: http::Request<()>| async { Ok::<_, Infallible>(http::Response::new(())) });
        #[doc = concat!("let before: traced::", stringify!($module), "::", stringify!($service), "<_> = traced::", stringify!($module), "::", stringify!($layer), "::new().layer(inner);")]
        /// let now: traced::http::TraceService<_> = before;
        /// # let _ = now;
        /// ```
        #[deprecated(since = "0.1.0", note = "use `traced::http::TraceService`")]
        pub type $service<S> = $crate::layer::TraceService<S>;
    };
}
pub(crate) use deprecated_layer;

pub use body::ResponseBody;
#[cfg(feature = "hyper-util")]
pub use connection::{TracedConnector, TracedConnectorLayer, TracedResolver, TracedTlsConnector};
pub use future::ResponseFuture;
pub use hooks::{Outcome, RequestHead, ResponseHead};
pub use service::TraceService;
pub use trace_layer::TraceLayer;

use std::borrow::Cow;

use opentelemetry::trace::{SpanBuilder, SpanKind, TraceContextExt};
use opentelemetry::{Context, KeyValue};

use crate::installed::provider;
use crate::installed::roots::{self, Presampled};
use crate::installed::tracers::{self, ScopeSlot};

/// The instrumentation scope of every span the layers start.
static SCOPE: ScopeSlot = ScopeSlot::new("traced", Some(env!("CARGO_PKG_VERSION")));

/// Starts a span under `parent`, its name and attributes (given at start, so that samplers see them) made by
/// `describe` only when the span may record: a root that set-up's sampler drops skips them, and the SDK.
#[inline]
pub(crate) fn start_span(
    kind: SpanKind,
    parent: &Context,
    describe: impl FnOnce() -> (Cow<'static, str>, Vec<KeyValue>),
) -> Context {
    let installed = provider::installed();
    if installed.is_noop() {
        return spanless(parent);
    }
    // Under a filter the name is needed before the sampler is asked: a filtered-out request takes no sampling
    // decision (it would spend an adaptive sampler's budget, and drop or re-sample its handler's spans) and keeps
    // its parent. Without one, a root that set-up's sampler drops is never described.
    let mut describe = Some(describe);
    let early = describe.take_if(|_| crate::filter::in_force()).map(|describe| describe());
    if early.as_ref().is_some_and(|(name, _)| !crate::filter::allows(name)) {
        return spanless(parent);
    }
    // The root samplers registered there look at the trace id alone: the name is not needed to decide.
    let kept = match roots::root_under(installed, parent, "", &kind) {
        Some(Presampled::Dropped(cx)) => return cx,
        Some(Presampled::Kept(kept)) => Some(kept),
        None => None,
    };
    // Described before the decision is staged: the user's hooks may make `#[traced]` calls of their own.
    let (name, attributes) = early.or_else(|| describe.map(|describe| describe())).unwrap_or_default();
    let builder = SpanBuilder::from_name(name).with_kind(kind).with_attributes(attributes);
    let build = || tracers::with_tracer(installed, &SCOPE, |tracer| tracer.start(builder, parent));
    let started = match kept {
        Some(kept) => roots::staged(kept, build),
        None => build(),
    };
    // A span that is neither recorded nor valid (a no-op tracer's root) leaves the parent's context as it was.
    started.map_or_else(|| parent.clone(), |(cx, _)| cx)
}

/// What the no-op tracer would make, without describing the span: its parent's span context, in a span that does
/// nothing (ending it ends nothing of the caller's). A server's remote parent stays the parent of what the handler
/// does, and a client sends its caller's context on.
fn spanless(parent: &Context) -> Context {
    parent.with_remote_span_context(parent.span().span_context().clone())
}
