//! The `server` and `client` spans of a gRPC call: named `package.Service/Method`, after the RPC conventions.

use std::borrow::Cow;

use http::Request;
use opentelemetry::trace::SpanKind;
use opentelemetry::KeyValue;
use opentelemetry_semantic_conventions::trace::RPC_SYSTEM_NAME;

use crate::layer::exchange::{Exchange, Side};
use crate::layer::hooks::{Hooks, RequestHead};
use crate::layer::{semconv, start_span};
use crate::propagation::{extract_headers, inject_headers};

pub(crate) fn start_server<B>(request: &Request<B>, hooks: &Hooks) -> Exchange {
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
    Exchange::new(cx, Side::GrpcServer).with_grpc_path(request.uri().path())
}

pub(crate) fn start_client<B>(request: &mut Request<B>, hooks: &Hooks) -> Exchange {
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
    Exchange::new(cx, Side::GrpcClient)
}
