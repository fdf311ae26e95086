//! The HTTP server layer, `traced::http::TraceLayer::http_server()`, on real axum servers on 127.0.0.1 called by reqwest: one
//! `server` span per request, named after the matched route, with the HTTP conventions' attributes and status, the
//! caller's trace context as its parent and current in the handler, ending when the response body ends; requests
//! and responses pass through untouched.

mod common;

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{any, get, post};
use axum::Router;
use bytes::Bytes;
use common::services::{chunks, propagators, runtime, Server};
use common::*;
use opentelemetry::baggage::BaggageExt;
use opentelemetry::trace::{SpanKind, Status};
use opentelemetry::{Context, Value};
use opentelemetry_sdk::trace::SpanData;
use tokio::sync::mpsc;
use tower::{Layer, ServiceExt};
use traced::http::TraceLayer;
use traced::traced;

const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_ID: &str = "00f067aa0ba902b7";

/// `attribute(span, key)` as text, whatever its type.
fn text(span: &SpanData, key: &str) -> Option<String> {
    attribute(span, key).map(|value| value.as_str().into_owned())
}

/// Every attribute of `span` as `key=value`, for searching.
fn all_attributes(span: &SpanData) -> Vec<String> {
    span.attributes.iter().map(|kv| format!("{}={}", kv.key, kv.value.as_str())).collect()
}

/// `router` traced by the layer under test.
fn traced_app(router: Router) -> Router {
    router.layer(TraceLayer::http_server())
}

async fn user(Path(id): Path<u32>) -> String {
    format!("user {id}")
}

mod naming {
    use super::*;

    #[test]
    fn span_is_named_after_the_matched_route_never_the_raw_path() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(traced_app(Router::new().route("/users/{id}", get(user)))).await;
            let response = reqwest::get(server.url("/users/42")).await.unwrap();
            assert_eq!(response.text().await.unwrap(), "user 42");

            let span = telemetry.wait_for("GET /users/{id}");
            assert_eq!(text(&span, "http.route").as_deref(), Some("/users/{id}"));
            assert_eq!(text(&span, "url.path").as_deref(), Some("/users/42"));
            assert!(telemetry.spans().iter().all(|span| !span.name.contains("42")), "{:?}", names(&telemetry.spans()));
            server.stop().await;
        });
    }

    #[test]
    fn request_matching_no_route_is_named_by_its_method_alone() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(traced_app(Router::new().route("/users/{id}", get(user)))).await;
            let response = reqwest::get(server.url("/nowhere/7")).await.unwrap();
            assert_eq!(response.status(), 404);

            let span = telemetry.wait_for("GET");
            assert_eq!(attribute(&span, "http.route"), None);
            assert_eq!(text(&span, "url.path").as_deref(), Some("/nowhere/7"));
            assert_eq!(attribute(&span, "http.response.status_code"), Some(Value::I64(404)));
            server.stop().await;
        });
    }

    #[test]
    fn unknown_method_is_recorded_as_other_and_named_http() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let app = Router::new().route("/cache/{key}", any(|| async { "purged" }));
            let server = Server::http(traced_app(app)).await;
            let purge = reqwest::Method::from_bytes(b"PURGE").unwrap();
            let response = reqwest::Client::new().request(purge, server.url("/cache/k1")).send().await.unwrap();
            assert_eq!(response.text().await.unwrap(), "purged");

            let span = telemetry.wait_for("HTTP /cache/{key}");
            assert_eq!(text(&span, "http.request.method").as_deref(), Some("_OTHER"));
            assert_eq!(text(&span, "http.request.method_original").as_deref(), Some("PURGE"));
            assert!(telemetry.spans().iter().all(|span| !span.name.contains("PURGE")));
            server.stop().await;
        });
    }
}

mod attributes {
    use super::*;

    #[test]
    fn server_span_carries_the_request_and_response_attributes() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(traced_app(Router::new().route("/users/{id}", get(user)))).await;
            let client = reqwest::Client::new();
            let response =
                client.get(server.url("/users/42")).header("user-agent", "traced-tests/1.0").send().await.unwrap();
            assert_eq!(response.status(), 200);
            response.bytes().await.unwrap();

            let span = telemetry.wait_for("GET /users/{id}");
            assert_eq!(span.span_kind, SpanKind::Server);
            assert_eq!(text(&span, "http.request.method").as_deref(), Some("GET"));
            assert_eq!(text(&span, "url.path").as_deref(), Some("/users/42"));
            assert_eq!(text(&span, "url.scheme").as_deref(), Some("http"));
            assert_eq!(text(&span, "http.route").as_deref(), Some("/users/{id}"));
            assert_eq!(attribute(&span, "http.response.status_code"), Some(Value::I64(200)));
            assert_eq!(text(&span, "server.address").as_deref(), Some("127.0.0.1"));
            assert_eq!(attribute(&span, "server.port"), Some(Value::I64(i64::from(server.addr.port()))));
            assert_eq!(text(&span, "user_agent.original").as_deref(), Some("traced-tests/1.0"));
            assert_eq!(text(&span, "network.protocol.version").as_deref(), Some("1.1"));
            assert_eq!(attribute(&span, "http.request.method_original"), None);
            server.stop().await;
        });
    }

    #[test]
    fn query_string_is_never_recorded() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(traced_app(Router::new().route("/search", get(|| async { "found" })))).await;
            let response = reqwest::get(server.url("/search?token=secret&q=1")).await.unwrap();
            assert_eq!(response.text().await.unwrap(), "found");

            let span = telemetry.wait_for("GET /search");
            assert_eq!(text(&span, "url.path").as_deref(), Some("/search"));
            for span in telemetry.spans() {
                assert!(!span.name.contains("secret") && !span.name.contains('?'), "{}", span.name);
                let attributes = all_attributes(&span);
                assert!(attributes.iter().all(|kv| !kv.contains("secret") && !kv.contains("token")), "{attributes:?}");
            }
            server.stop().await;
        });
    }
}

mod status {
    use super::*;

    fn app() -> Router {
        traced_app(
            Router::new()
                .route("/ok", get(|| async { "fine" }))
                .route("/internal", get(|| async { StatusCode::INTERNAL_SERVER_ERROR }))
                .route("/unavailable", get(|| async { StatusCode::SERVICE_UNAVAILABLE }))
                .route("/missing", get(|| async { StatusCode::NOT_FOUND }))
                .route("/bad", get(|| async { StatusCode::BAD_REQUEST })),
        )
    }

    #[test]
    fn server_error_responses_make_the_span_an_error() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            for (path, code) in [("/internal", 500), ("/unavailable", 503)] {
                let response = reqwest::get(server.url(path)).await.unwrap();
                assert_eq!(response.status(), code);

                let span = telemetry.wait_for(&format!("GET {path}"));
                assert!(is_error(&span), "{path}: {:?}", span.status);
                assert_eq!(text(&span, "error.type"), Some(code.to_string()));
                assert_eq!(attribute(&span, "http.response.status_code"), Some(Value::I64(code.into())));
            }
            server.stop().await;
        });
    }

    #[test]
    fn client_error_responses_are_not_the_server_s_error() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            for (path, code) in [("/missing", 404), ("/bad", 400)] {
                let response = reqwest::get(server.url(path)).await.unwrap();
                assert_eq!(response.status(), code);

                let span = telemetry.wait_for(&format!("GET {path}"));
                assert!(!is_error(&span), "{path}: {:?}", span.status);
                assert_eq!(attribute(&span, "error.type"), None);
                assert_eq!(attribute(&span, "http.response.status_code"), Some(Value::I64(code.into())));
            }
            server.stop().await;
        });
    }

    #[test]
    fn success_leaves_the_status_unset() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            assert_eq!(reqwest::get(server.url("/ok")).await.unwrap().text().await.unwrap(), "fine");

            let span = telemetry.wait_for("GET /ok");
            assert_eq!(span.status, Status::Unset);
            assert_eq!(attribute(&span, "error.type"), None);
            server.stop().await;
        });
    }

    #[derive(Debug, PartialEq)]
    struct Refused(u32);

    impl std::fmt::Display for Refused {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "refused request {}", self.0)
        }
    }

    #[test]
    fn failed_service_future_is_an_error_and_reaches_the_caller_unchanged() {
        let telemetry = telemetry();
        propagators();
        let service = TraceLayer::http_server()
            .layer(tower::service_fn(|_: http::Request<()>| async { Err::<http::Response<()>, _>(Refused(7)) }));
        let request = http::Request::get("/orders").body(()).unwrap();
        let result = runtime().block_on(service.oneshot(request));

        assert_eq!(result.err(), Some(Refused(7)));
        let span = telemetry.span("GET");
        assert_eq!(span.span_kind, SpanKind::Server);
        assert_eq!(status_description(&span), "refused request 7");
        assert_eq!(text(&span, "error.type").as_deref(), Some(std::any::type_name::<Refused>()));
        assert_eq!(attribute(&span, "http.response.status_code"), None);
    }
}

mod parenting {
    use super::*;

    #[traced(name = "users.load")]
    async fn load_user(id: u32) -> String {
        yield_now().await;
        format!("user {id}")
    }

    #[test]
    fn traceparent_header_makes_the_remote_parent() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(traced_app(Router::new().route("/users/{id}", get(user)))).await;
            let response = reqwest::Client::new()
                .get(server.url("/users/42"))
                .header("traceparent", format!("00-{TRACE_ID}-{PARENT_ID}-01"))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);

            let span = telemetry.wait_for("GET /users/{id}");
            assert_eq!(span.span_context.trace_id().to_string(), TRACE_ID);
            assert_eq!(span.parent_span_id.to_string(), PARENT_ID);
            assert!(span.parent_span_is_remote);
            server.stop().await;
        });
    }

    #[test]
    fn request_without_traceparent_starts_a_root_span() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(traced_app(Router::new().route("/users/{id}", get(user)))).await;
            assert_eq!(reqwest::get(server.url("/users/42")).await.unwrap().status(), 200);

            let span = telemetry.wait_for("GET /users/{id}");
            assert!(is_root(&span));
            assert!(!span.parent_span_is_remote);
            server.stop().await;
        });
    }

    #[test]
    fn traced_functions_of_the_handler_are_children_of_the_server_span() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let app = Router::new().route("/users/{id}", get(|Path(id): Path<u32>| async move { load_user(id).await }));
            let server = Server::http(traced_app(app)).await;
            let response = reqwest::Client::new()
                .get(server.url("/users/42"))
                .header("traceparent", format!("00-{TRACE_ID}-{PARENT_ID}-01"))
                .send()
                .await
                .unwrap();
            assert_eq!(response.text().await.unwrap(), "user 42");

            let server_span = telemetry.wait_for("GET /users/{id}");
            let load = telemetry.span("users.load");
            assert!(is_child_of(&load, &server_span), "{load:?}");
            assert!(!load.parent_span_is_remote);
            server.stop().await;
        });
    }

    #[test]
    fn baggage_header_is_visible_in_the_handler() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let handler = || async {
                yield_now().await;
                let cx = Context::current();
                cx.baggage().get("user.id").map(|value| value.to_string()).unwrap_or_default()
            };
            let server = Server::http(traced_app(Router::new().route("/whoami", get(handler)))).await;
            let response = reqwest::Client::new()
                .get(server.url("/whoami"))
                .header("baggage", "user.id=42,tenant=acme")
                .send()
                .await
                .unwrap();
            assert_eq!(response.text().await.unwrap(), "42");

            telemetry.wait_for("GET /whoami");
            server.stop().await;
        });
    }
}

mod pass_through {
    use super::*;

    async fn custom() -> impl IntoResponse {
        (StatusCode::ACCEPTED, [("x-custom", "kept"), ("cache-control", "no-store")], "custom body")
    }

    async fn echo(headers: HeaderMap, body: Bytes) -> impl IntoResponse {
        let content_type = headers.get("content-type").cloned().unwrap_or(http::HeaderValue::from_static("none"));
        ([("x-request-content-type", content_type)], body)
    }

    fn routes() -> Router {
        Router::new()
            .route("/custom", get(custom))
            .route("/hello", get(|| async { "hello, world" }))
            .route("/echo", post(echo))
            .route("/empty", get(|| async { StatusCode::NO_CONTENT }))
    }

    #[test]
    fn status_headers_and_body_pass_through() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(traced_app(routes())).await;
            let response = reqwest::get(server.url("/custom")).await.unwrap();
            assert_eq!(response.status(), 202);
            assert_eq!(response.headers()["x-custom"], "kept");
            assert_eq!(response.headers()["cache-control"], "no-store");
            assert_eq!(response.headers()["content-length"], "11");
            assert_eq!(response.text().await.unwrap(), "custom body");

            let span = telemetry.wait_for("GET /custom");
            assert_eq!(attribute(&span, "http.response.status_code"), Some(Value::I64(202)));
            server.stop().await;
        });
    }

    #[test]
    fn request_body_is_echoed_back() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(traced_app(routes())).await;
            let payload: Vec<u8> = (0..=255u8).cycle().take(64 * 1024).collect();
            let response = reqwest::Client::new()
                .post(server.url("/echo"))
                .header("content-type", "application/octet-stream")
                .body(payload.clone())
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            assert_eq!(response.headers()["x-request-content-type"], "application/octet-stream");
            assert_eq!(response.bytes().await.unwrap(), payload);

            telemetry.wait_for("POST /echo");
            server.stop().await;
        });
    }

    #[test]
    fn head_request_gets_the_headers_without_a_body() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(traced_app(routes())).await;
            let response = reqwest::Client::new().head(server.url("/hello")).send().await.unwrap();
            assert_eq!(response.status(), 200);
            assert_eq!(response.headers()["content-length"], "12");
            assert!(response.bytes().await.unwrap().is_empty());

            let span = telemetry.wait_for("HEAD /hello");
            assert_eq!(text(&span, "http.request.method").as_deref(), Some("HEAD"));
            server.stop().await;
        });
    }

    #[test]
    fn empty_no_content_response_passes_through_and_ends_the_span() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(traced_app(routes())).await;
            let response = reqwest::get(server.url("/empty")).await.unwrap();
            assert_eq!(response.status(), 204);
            assert!(response.bytes().await.unwrap().is_empty());

            let span = telemetry.wait_for("GET /empty");
            assert_eq!(attribute(&span, "http.response.status_code"), Some(Value::I64(204)));
            assert_eq!(span.status, Status::Unset);
            server.stop().await;
        });
    }

    /// Status, headers but `date`, and body of a response.
    async fn observed(response: reqwest::Response) -> (StatusCode, HeaderMap, Bytes) {
        let status = response.status();
        let mut headers = response.headers().clone();
        headers.remove("date");
        (status, headers, response.bytes().await.unwrap())
    }

    #[test]
    fn responses_are_identical_with_and_without_the_layer() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let plain = Server::http(routes()).await;
            let traced = Server::http(traced_app(routes())).await;
            let client = reqwest::Client::new();
            let requests = [
                (reqwest::Method::GET, "/custom", ""),
                (reqwest::Method::GET, "/hello", ""),
                (reqwest::Method::HEAD, "/hello", ""),
                (reqwest::Method::POST, "/echo", "some bytes"),
                (reqwest::Method::GET, "/empty", ""),
                (reqwest::Method::GET, "/nowhere", ""),
                (reqwest::Method::DELETE, "/hello", ""),
            ];
            for (method, path, body) in requests {
                let send = |server: &Server| {
                    client.request(method.clone(), server.url(path)).body(body).header("user-agent", "same").send()
                };
                let expected = observed(send(&plain).await.unwrap()).await;
                let actual = observed(send(&traced).await.unwrap()).await;
                assert_eq!(actual, expected, "{method} {path}");
            }

            telemetry.wait_until(|spans| spans.len() == 7);
            plain.stop().await;
            traced.stop().await;
        });
    }
}

mod streaming {
    use super::*;

    #[test]
    fn streamed_response_keeps_the_span_open_until_the_body_ends() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let (sender, receiver) = mpsc::channel::<Bytes>(4);
            let receiver = Arc::new(Mutex::new(Some(receiver)));
            let handler = move || {
                let receiver = receiver.lock().unwrap().take().expect("one request");
                async move { Body::from_stream(chunks(receiver)) }
            };
            let server = Server::http(traced_app(Router::new().route("/stream", get(handler)))).await;

            sender.send(Bytes::from_static(b"first")).await.unwrap();
            let mut response = reqwest::get(server.url("/stream")).await.unwrap();
            assert_eq!(response.status(), 200);
            let mut received = Vec::new();
            while received.len() < b"first".len() {
                received.extend_from_slice(&response.chunk().await.unwrap().expect("the first chunk"));
            }
            assert_eq!(received, b"first");
            // The body cannot have ended: its sender is still here.
            assert_eq!(names(&telemetry.spans()), Vec::<String>::new(), "the span ended before its body");

            sender.send(Bytes::from_static(b", second")).await.unwrap();
            drop(sender);
            while let Some(chunk) = response.chunk().await.unwrap() {
                received.extend_from_slice(&chunk);
            }
            assert_eq!(received, b"first, second");

            let span = telemetry.wait_for("GET /stream");
            assert_eq!(span.status, Status::Unset);
            assert_eq!(attribute(&span, "http.response.status_code"), Some(Value::I64(200)));
            server.stop().await;
        });
    }
}
