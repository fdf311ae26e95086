//! `parent = ..` and `links(..)`: the span's parent when it is not the current context's span, and the spans it
//! links to, added when it starts so that a sampler sees them.

use std::cell::Cell;

use opentelemetry::baggage::{Baggage, BaggageExt};
use opentelemetry::trace::{Link, SpanContext, TraceContextExt};
use opentelemetry::{Context, ContextGuard};

/// What `parent = ..` takes: borrowed, so that an argument named there is not moved (into the span's start,
/// before the body, or an `#[async_trait]` future, needs it).
#[diagnostic::on_unimplemented(
    message = "`parent = ..` takes an `&opentelemetry::Context`, an `opentelemetry::trace::SpanContext`, or \
               `None`; `{Self}` is neither",
    label = "not a parent"
)]
pub trait IntoParent {
    /// The context to start the span under.
    fn to_parent(&self) -> Context;
}

impl IntoParent for Context {
    fn to_parent(&self) -> Context {
        self.clone()
    }
}

impl IntoParent for SpanContext {
    /// The current context (its baggage and other values) with this span as the parent; an invalid one (a
    /// message without trace headers) makes a root.
    fn to_parent(&self) -> Context {
        if self.is_valid() {
            Context::current().with_remote_span_context(self.clone())
        } else {
            root()
        }
    }
}

impl<T: IntoParent + ?Sized> IntoParent for &T {
    fn to_parent(&self) -> Context {
        (**self).to_parent()
    }
}

impl<T: IntoParent> IntoParent for Option<T> {
    fn to_parent(&self) -> Context {
        self.as_ref().map_or_else(root, IntoParent::to_parent)
    }
}

/// A context with no span but the current baggage, for `parent = None`: the span starts a new trace. (A context
/// cannot lose its span, and a parent-based sampler takes even an invalid one for an unsampled parent, so the
/// context is a new one: other values of the current context do not carry over.)
pub fn root() -> Context {
    Context::map_current(|current| {
        let baggage = current.baggage();
        if baggage.is_empty() {
            return Context::new();
        }
        let copied: Baggage =
            baggage.iter().map(|(key, (value, metadata))| (key.clone(), (value.clone(), metadata.clone()))).collect();
        Context::new().with_baggage(copied)
    })
}

/// Makes `parent` current while the span starts: the start reads only the current context.
pub fn attach<P: IntoParent + ?Sized>(parent: &P) -> ContextGuard {
    parent.to_parent().attach()
}

/// One expression of `links(..)`, taken once, chosen by autoref like the other probes:
/// `(&&&&Link(Cell::new(Some(expr)))).__traced_link(links)`.
pub struct Linked<T>(pub Cell<Option<T>>);

impl<T> Linked<T> {
    /// Wraps one expression of `links(..)`.
    pub fn new(value: T) -> Self {
        Linked(Cell::new(Some(value)))
    }
}

fn push(links: &mut Vec<Link>, span_context: SpanContext) {
    // An invalid context (a message without trace headers) links to nothing.
    if span_context.is_valid() {
        links.push(Link::with_context(span_context));
    }
}

/// A `SpanContext`.
pub trait LinkOne {
    /// Adds the link.
    fn __traced_link(&self, links: &mut Vec<Link>);
}

impl LinkOne for &&&Linked<SpanContext> {
    fn __traced_link(&self, links: &mut Vec<Link>) {
        if let Some(span_context) = self.0.take() {
            push(links, span_context);
        }
    }
}

/// A `&SpanContext`.
pub trait LinkOneRef {
    /// Adds the link.
    fn __traced_link(&self, links: &mut Vec<Link>);
}

impl LinkOneRef for &&Linked<&SpanContext> {
    fn __traced_link(&self, links: &mut Vec<Link>) {
        if let Some(span_context) = self.0.take() {
            push(links, span_context.clone());
        }
    }
}

/// Any `IntoIterator<Item = SpanContext>`: a `Vec`, an `Option`, an iterator.
#[diagnostic::on_unimplemented(
    message = "`links(..)` takes `SpanContext`s: one, a reference to one, or an iterator of either; `{Self}` is none \
               of those",
    label = "not a link"
)]
pub trait LinkMany {
    /// Adds the links.
    fn __traced_link(&self, links: &mut Vec<Link>);
}

impl<I: IntoIterator<Item = SpanContext>> LinkMany for &Linked<I> {
    fn __traced_link(&self, links: &mut Vec<Link>) {
        for span_context in self.0.take().into_iter().flatten() {
            push(links, span_context);
        }
    }
}

/// Any `IntoIterator<Item = &SpanContext>`: a `&Vec`, a slice.
pub trait LinkManyRefs {
    /// Adds the links.
    fn __traced_link(&self, links: &mut Vec<Link>);
}

impl<'a, I: IntoIterator<Item = &'a SpanContext>> LinkManyRefs for Linked<I> {
    fn __traced_link(&self, links: &mut Vec<Link>) {
        for span_context in self.0.take().into_iter().flatten() {
            push(links, span_context.clone());
        }
    }
}
