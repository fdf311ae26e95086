//! The span processor that bounds attribute text on its way to the exporter.

use std::borrow::Cow;
use std::time::Duration;

use opentelemetry::{Context, KeyValue, StringValue, Value};
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{Span, SpanData, SpanProcessor};
use opentelemetry_sdk::Resource;

use crate::limits::truncate;

fn truncate_value(value: &mut Value, max: usize) {
    let Value::String(text) = value else { return };
    if let Cow::Owned(cut) = truncate(text.as_str(), max) {
        *text = StringValue::from(cut);
    }
}

fn truncate_all(attributes: &mut [KeyValue], max: usize) {
    for attribute in attributes {
        truncate_value(&mut attribute.value, max);
    }
}

/// A span processor that bounds every attribute value's text before passing the span on.
#[derive(Debug)]
pub(crate) struct Truncating<P> {
    inner: P,
    max: usize,
}

impl<P> Truncating<P> {
    pub(crate) fn new(inner: P, max: usize) -> Self {
        Truncating { inner, max }
    }
}

impl<P: SpanProcessor> SpanProcessor for Truncating<P> {
    fn on_start(&self, span: &mut Span, cx: &Context) {
        self.inner.on_start(span, cx);
    }

    fn on_end(&self, mut span: SpanData) {
        truncate_all(&mut span.attributes, self.max);
        for event in span.events.events.iter_mut() {
            truncate_all(&mut event.attributes, self.max);
        }
        for link in span.links.links.iter_mut() {
            truncate_all(&mut link.attributes, self.max);
        }
        self.inner.on_end(span);
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.inner.force_flush()
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.inner.shutdown_with_timeout(timeout)
    }

    fn set_resource(&mut self, resource: &Resource) {
        self.inner.set_resource(resource);
    }
}
