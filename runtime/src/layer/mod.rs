//! What the HTTP and gRPC layers share: the exchange a span stands for, the future and the response body
//! that carry it to its end, and the semantic-convention attributes read off requests.

pub(crate) mod body;
pub(crate) mod exchange;
pub(crate) mod future;
pub(crate) mod semconv;
pub(crate) mod service;

use opentelemetry::trace::{SpanBuilder, SpanKind, TraceContextExt, Tracer};
use opentelemetry::{Context, KeyValue};

use crate::provider::{self, ScopeSlot};

/// The instrumentation scope of every span the layers start.
static SCOPE: ScopeSlot = ScopeSlot::new("traced", Some(env!("CARGO_PKG_VERSION")));

/// Starts a span under `parent`, the attributes given at start so that samplers see them.
pub(crate) fn start_span(
    name: impl Into<std::borrow::Cow<'static, str>>,
    kind: SpanKind,
    attributes: Vec<KeyValue>,
    parent: &Context,
) -> Context {
    let builder = SpanBuilder::from_name(name).with_kind(kind).with_attributes(attributes);
    let span = provider::with_tracer(&SCOPE, |tracer| tracer.build_with_context(builder, parent));
    parent.with_span(span)
}
