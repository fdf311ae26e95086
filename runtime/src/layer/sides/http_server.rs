//! The `server` span of an HTTP request: named `{METHOD} {route}`, its parent in the request's headers.

use std::borrow::Cow;

use http::Request;
use opentelemetry::trace::SpanKind;
use opentelemetry::KeyValue;
use opentelemetry_semantic_conventions::trace::{
    HTTP_ROUTE, NETWORK_PROTOCOL_VERSION, URL_PATH, URL_SCHEME, USER_AGENT_ORIGINAL,
};

use crate::layer::exchange::{Exchange, Side};
use crate::layer::hooks::{Hooks, RequestHead};
use crate::layer::{semconv, start_span};
use crate::propagation::extract_headers;

#[inline]
pub(crate) fn start<B>(request: &Request<B>, hooks: &Hooks) -> Exchange {
    let parent = extract_headers(request.headers());
    let cx = start_span(SpanKind::Server, &parent, || {
        let (name, attributes) = describe(request);
        super::customised(name, attributes, &RequestHead::of(request), hooks)
    });
    Exchange::new(cx, Side::HttpServer)
}

/// The name and start attributes of the server span of `request`.
fn describe<B>(request: &Request<B>) -> (Cow<'static, str>, Vec<KeyValue>) {
    let mut attributes = Vec::with_capacity(10);
    let method = semconv::method(request.method(), &mut attributes);
    let uri = request.uri();
    attributes.push(KeyValue::new(URL_PATH, uri.path().to_owned()));
    let scheme = semconv::scheme(uri);
    let scheme_value = match scheme {
        "http" => opentelemetry::Value::from("http"),
        "https" => opentelemetry::Value::from("https"),
        other => opentelemetry::Value::from(other.to_owned()),
    };
    attributes.push(KeyValue::new(URL_SCHEME, scheme_value));
    if let Some(authority) = semconv::requested_authority(uri, request.headers()) {
        semconv::server(authority, scheme, &mut attributes);
    }
    if let Some(agent) = request.headers().get(http::header::USER_AGENT).and_then(|agent| agent.to_str().ok()) {
        attributes.push(KeyValue::new(USER_AGENT_ORIGINAL, agent.to_owned()));
    }
    if let Some(version) = semconv::protocol_version(request.version()) {
        attributes.push(KeyValue::new(NETWORK_PROTOCOL_VERSION, version));
    }
    let route = route(request);
    if let Some(route) = route {
        attributes.push(KeyValue::new(HTTP_ROUTE, route.to_owned()));
    }
    let method = if method == "_OTHER" { "HTTP" } else { method };
    let name = match route {
        Some(route) => {
            let mut name = String::with_capacity(method.len() + 1 + route.len());
            name.push_str(method);
            name.push(' ');
            name.push_str(route);
            Cow::Owned(name)
        }
        None => Cow::Borrowed(method),
    };
    (name, attributes)
}

/// The route template that matched the request, where the router left one.
fn route<B>(request: &Request<B>) -> Option<&str> {
    #[cfg(feature = "axum")]
    if let Some(path) = request.extensions().get::<axum::extract::MatchedPath>() {
        return Some(path.as_str());
    }
    let _ = request;
    None
}
