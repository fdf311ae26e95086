//! A traced span's final status. The spec makes `Ok` final, and the SDK keeps it over any later `Error`; traced
//! keeps the rule for what the body reports (a retry loop that recorded failed attempts, then set `Ok`, ends
//! `Ok`), but lets the call's own failure win: a function that returns `Err` or panics, an exchange that fails,
//! ends `Error` even after the body set `Ok`. So a span of traced's holds an `Ok` back until it ends.

use std::borrow::Cow;
use std::time::SystemTime;

use opentelemetry::trace::{Span, SpanContext, SpanRef, Status};
use opentelemetry::KeyValue;

/// A span of traced's: an `Ok` set on it waits for its end, and is dropped if the call failed meanwhile.
#[derive(Debug)]
pub(crate) struct FinalStatus<S: Span> {
    span: S,
    ok: bool,
    failed: bool,
}

impl<S: Span> FinalStatus<S> {
    pub(crate) fn new(span: S) -> Self {
        FinalStatus { span, ok: false, failed: false }
    }
}

/// Sets `status` on `span` as the call's own failure, which an `Ok` from the body does not outlast.
pub(crate) fn fail(span: &SpanRef<'_>, status: Status) {
    // `Unset` is what no one sets on purpose (the SDK ignores it once anything else is set), so it can tell a
    // span of traced's that the failure which follows is the call's own; any other span ignores it.
    span.set_status(Status::Unset);
    span.set_status(status);
}

impl<S: Span> Span for FinalStatus<S> {
    fn add_event_with_timestamp<T>(&mut self, name: T, timestamp: SystemTime, attributes: Vec<KeyValue>)
    where
        T: Into<Cow<'static, str>>,
    {
        self.span.add_event_with_timestamp(name, timestamp, attributes);
    }

    fn span_context(&self) -> &SpanContext {
        self.span.span_context()
    }

    fn is_recording(&self) -> bool {
        self.span.is_recording()
    }

    fn set_attribute(&mut self, attribute: KeyValue) {
        self.span.set_attribute(attribute);
    }

    fn set_status(&mut self, status: Status) {
        match status {
            Status::Ok => self.ok = true,
            Status::Unset => self.failed = true,
            error => self.span.set_status(error),
        }
    }

    fn update_name<T>(&mut self, new_name: T)
    where
        T: Into<Cow<'static, str>>,
    {
        self.span.update_name(new_name);
    }

    fn add_link(&mut self, span_context: SpanContext, attributes: Vec<KeyValue>) {
        self.span.add_link(span_context, attributes);
    }

    fn end_with_timestamp(&mut self, timestamp: SystemTime) {
        if self.ok && !self.failed {
            self.span.set_status(Status::Ok);
        }
        self.span.end_with_timestamp(timestamp);
    }
}
