//! The `server` and `client` spans of a gRPC call: named `package.Service/Method`, after the RPC conventions.

use std::any::Any;
use std::borrow::Cow;
use std::sync::Arc;

use http::Request;
use opentelemetry::trace::{SpanKind, TraceContextExt};
use opentelemetry::KeyValue;
use opentelemetry_semantic_conventions::trace::RPC_SYSTEM_NAME;

use crate::layer::exchange::{Exchange, Side};
use crate::layer::hooks::{Hooks, RequestHead};
use crate::layer::messages::request_body::MessageBody;
use crate::layer::messages::{Counter, Direction, Messages};
use crate::layer::{semconv, start_span};
use crate::propagation::{extract_headers, inject_headers};

pub(crate) fn start_server<B: 'static>(
    request: &mut Request<B>,
    hooks: &Hooks,
    message_events: Option<u32>,
) -> Exchange {
    let parent = extract_headers(request.headers());
    let describe = || {
        let uri = request.uri();
        let mut attributes = Vec::with_capacity(3);
        attributes.push(KeyValue::new(RPC_SYSTEM_NAME, semconv::GRPC));
        if let Some(authority) = semconv::requested_authority(uri, request.headers()) {
            semconv::server(authority, semconv::scheme(uri), &mut attributes);
        }
        let name = semconv::grpc_method(uri.path()).unwrap_or(semconv::GRPC);
        super::customised(Cow::Owned(name.to_owned()), attributes, &RequestHead::of(request), hooks)
    };
    let cx = start_span(SpanKind::Server, &parent, describe);
    let exchange = Exchange::new(cx, Side::GrpcServer).with_grpc_path(request.uri().path());
    count_messages(exchange, request, message_events, Direction::Received)
}

pub(crate) fn start_client<B: 'static>(
    request: &mut Request<B>,
    hooks: &Hooks,
    message_events: Option<u32>,
) -> Exchange {
    let describe = || {
        let uri = request.uri();
        let mut attributes = Vec::with_capacity(5);
        attributes.push(KeyValue::new(RPC_SYSTEM_NAME, semconv::GRPC));
        let name = semconv::rpc_method(uri.path(), true, &mut attributes);
        if let Some(authority) = uri.authority() {
            semconv::server(authority.as_str(), semconv::scheme(uri), &mut attributes);
        }
        super::customised(Cow::Owned(name.to_owned()), attributes, &RequestHead::of(request), hooks)
    };
    // Not inside `Context::map_current`: the user's hooks may make `#[traced]` calls, which attach contexts.
    let cx = start_span(SpanKind::Client, &opentelemetry::Context::current(), describe);
    inject_headers(&cx, request.headers_mut());
    count_messages(Exchange::new(cx, Side::GrpcClient), request, message_events, Direction::Sent)
}

/// Counts the messages of a recording span's call, when the layer records message events: the request's, which
/// go `request_way` from the span's side, and the response's, the other way.
fn count_messages<B: 'static>(
    exchange: Exchange,
    request: &mut Request<B>,
    message_events: Option<u32>,
    request_way: Direction,
) -> Exchange {
    let Some(limit) = message_events.filter(|_| exchange.context().span().is_recording() && !is_base64(request)) else {
        return exchange;
    };
    let messages = Messages::new(exchange.context().clone(), limit);
    // The request keeps its type, which tonic's server and `Channel` fix: only tonic's own body can be wrapped
    // (boxed again, one allocation a call) and still be that type.
    if let Some(body) = (request.body_mut() as &mut dyn Any).downcast_mut::<tonic::body::Body>() {
        let inner = std::mem::replace(body, tonic::body::Body::empty());
        *body = tonic::body::Body::new(MessageBody::new(inner, Counter::new(Arc::clone(&messages), request_way)));
    }
    let response_way = match request_way {
        Direction::Sent => Direction::Received,
        Direction::Received => Direction::Sent,
    };
    exchange.with_messages(Counter::new(messages, response_way))
}

/// gRPC-Web's text form (`application/grpc-web-text`): both bodies are base64, whose bytes read as no framing, so
/// its messages are not counted.
fn is_base64<B>(request: &Request<B>) -> bool {
    request
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim_start().to_ascii_lowercase().starts_with("application/grpc-web-text"))
}
