//! The `client` span of an HTTP request: named after the method, its context sent on in the request's headers.

use std::borrow::Cow;

use http::Request;
use opentelemetry::trace::SpanKind;
use opentelemetry::KeyValue;
use opentelemetry_semantic_conventions::trace::URL_FULL;

use crate::layer::exchange::{Exchange, Side};
use crate::layer::hooks::{Hooks, RequestHead};
use crate::layer::{semconv, start_span};
use crate::propagation::inject_headers;
use crate::sanitize::QueryKeys;

/// Starts the client span of `request` and injects its context into the request's headers.
pub(crate) fn start<B>(request: &mut Request<B>, hooks: &Hooks) -> Exchange {
    let keys = &hooks.query_keys;
    // Not inside `Context::map_current`: the user's hooks may make `#[traced]` calls, which attach contexts.
    let parent = opentelemetry::Context::current();
    let cx = start_span(SpanKind::Client, &parent, || {
        let (name, attributes) = attributes(request.method(), request.uri(), keys);
        super::customised(name, attributes, &RequestHead::of(request), hooks)
    });
    inject_headers(&cx, request.headers_mut());
    Exchange::new(cx, Side::HttpClient).with_query_keys(keys)
}

/// The name and start attributes of a client span.
pub(crate) fn attributes(
    method: &http::Method,
    uri: &http::Uri,
    keys: &QueryKeys,
) -> (Cow<'static, str>, Vec<KeyValue>) {
    let mut attributes = Vec::with_capacity(5);
    let method = semconv::method(method, &mut attributes);
    if let Some(authority) = uri.authority() {
        semconv::server(authority.as_str(), semconv::scheme(uri), &mut attributes);
    }
    attributes.push(KeyValue::new(URL_FULL, semconv::full_url(uri, keys)));
    (Cow::Borrowed(if method == "_OTHER" { "HTTP" } else { method }), attributes)
}
