//! Whatever bytes a peer puts in its headers, the layers never panic and never change the exchange: arbitrary
//! header values (obs-text, multi-byte UTF-8 cut anywhere, tabs) for everything they read, the trace context and
//! baggage through the propagators set-up installs, on requests into the HTTP and gRPC server layers and on
//! responses into the client layers. The services run in memory.

mod common;

use std::convert::Infallible;

use bytes::Bytes;
use common::services::propagators;
use common::{block_on, telemetry};
use http::{HeaderMap, HeaderName, HeaderValue, Request, Response, StatusCode};
use http_body_util::Full;
use proptest::prelude::*;
use tower::{Layer, Service, ServiceExt};

/// Headers the layers read: the trace context, baggage, the conventions' attributes, gRPC's status.
const NAMES: [&str; 9] = [
    "traceparent",
    "tracestate",
    "baggage",
    "host",
    "user-agent",
    "content-type",
    "grpc-status",
    "grpc-message",
    "x-forwarded-for",
];

/// Bytes a header value may hold: anything but control characters, so visible ASCII, tabs and spaces, and
/// obs-text, which multi-byte UTF-8 (whole or cut) is made of.
fn header_value() -> impl Strategy<Value = HeaderValue> {
    let pieces = prop::sample::select(vec![
        "00-", "-01", "0", "f", "=", ",", ";", "%", "%e9", "%C3%A9", "@", ":", "[", "]", " ", "\t", "é", "😀", "a",
    ]);
    let text = prop::collection::vec(pieces, 0..24).prop_map(|pieces| pieces.concat().into_bytes());
    let bytes = prop::collection::vec(any::<u8>(), 0..80);
    prop_oneof![text, bytes].prop_filter_map("a header value", |bytes| {
        let start = bytes.len() / 3;
        // Cut through the middle of a character too.
        let bytes: Vec<u8> = bytes.into_iter().skip(start % 2).collect();
        HeaderValue::from_bytes(&bytes).ok()
    })
}

fn headers() -> impl Strategy<Value = HeaderMap> {
    prop::collection::vec((prop::sample::select(NAMES.to_vec()), header_value()), 0..12).prop_map(|pairs| {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(HeaderName::from_static(name), value);
        }
        headers
    })
}

/// The service behind the layers: it answers every request with the status and headers of the case.
type Inner = tower::util::BoxCloneService<Request<Full<Bytes>>, Response<Full<Bytes>>, Infallible>;

/// Calls `layer` over a service that answers `status` with `response_headers`, with a request carrying
/// `request_headers`, and checks that the exchange passed through untouched.
fn exchange<L, B>(layer: L, uri: &str, request_headers: HeaderMap, status: StatusCode, response_headers: HeaderMap)
where
    L: Layer<Inner>,
    L::Service: Service<Request<Full<Bytes>>, Response = Response<B>>,
    <L::Service as Service<Request<Full<Bytes>>>>::Error: std::fmt::Debug,
{
    let answer = response_headers.clone();
    let inner = tower::service_fn(move |_request: Request<Full<Bytes>>| {
        let mut response = Response::new(Full::new(Bytes::from_static(b"body")));
        *response.status_mut() = status;
        *response.headers_mut() = answer.clone();
        async move { Ok::<_, Infallible>(response) }
    });
    let mut service = layer.layer(Inner::new(inner));
    let mut request = Request::builder().uri(uri).body(Full::new(Bytes::new())).expect("request");
    *request.headers_mut() = request_headers;
    block_on(async {
        let response = service.ready().await.expect("ready").call(request).await.expect("the service's answer");
        assert_eq!(response.status(), status);
        for (name, value) in &response_headers {
            assert!(response.headers().get_all(name).iter().any(|seen| seen == value), "{name} kept");
        }
    });
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn http_layers_take_any_header_bytes(request in headers(), response in headers(), status in 100_u16..600) {
        let telemetry = telemetry();
        propagators();
        let status = StatusCode::from_u16(status).unwrap();
        exchange(traced::http::TraceLayer::http_server(), "/users/7?q=é", request.clone(), status, response.clone());
        exchange(traced::http::TraceLayer::http_client(), "http://127.0.0.1:1/a?token=x", request, status, response);
        prop_assert_eq!(telemetry.spans().len(), 2, "a span for each exchange");
    }

    #[test]
    fn grpc_layers_take_any_metadata_bytes(request in headers(), response in headers(), status in 100_u16..600) {
        let telemetry = telemetry();
        propagators();
        let status = StatusCode::from_u16(status).unwrap();
        for uri in ["/pkg.Service/Method", "/", "/é/%", "/a/b/c"] {
            exchange(traced::http::TraceLayer::grpc_server(), uri, request.clone(), status, response.clone());
            let client_uri = format!("http://127.0.0.1:1{uri}");
            exchange(traced::http::TraceLayer::grpc_client(), &client_uri, request.clone(), status, response.clone());
        }
        prop_assert_eq!(telemetry.spans().len(), 8, "a span for each exchange");
    }
}
