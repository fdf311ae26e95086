//! The HTTP client tracing, `traced::http::TraceLayer::http_client()` over hyper-util's client and
//! `traced::reqwest::TracingMiddleware`, against real axum servers on 127.0.0.1 traced by `TraceLayer::http_server()`: one
//! `client` span per request, named after the method, with the HTTP conventions' attributes (secrets in the URL
//! redacted) and status, a child of the caller's context, whose trace context reaches the server.

mod common;

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use common::services::{chunks, propagators, runtime, Server};
use common::*;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use opentelemetry::context::FutureExt;
use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::trace::{SpanKind, TraceContextExt};
use opentelemetry::{Context, Value};
use opentelemetry_sdk::trace::SpanData;
use tokio::sync::mpsc;
use tower::{Layer, Service, ServiceExt};
use traced::http::{TraceLayer, TraceService};
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

/// The one finished client span.
fn client_span(telemetry: &Telemetry) -> SpanData {
    let spans = telemetry.spans();
    let mut clients = spans.iter().filter(|span| span.span_kind == SpanKind::Client);
    let span = clients.next().unwrap_or_else(|| panic!("no client span in {:?}", names(&spans))).clone();
    assert!(clients.next().is_none(), "several client spans: {:?}", names(&spans));
    span
}

/// The finished client span whose `url.full` is `url`, waiting for it.
fn client_span_for(telemetry: &Telemetry, url: &str) -> SpanData {
    let is_it = |span: &SpanData| span.span_kind == SpanKind::Client && text(span, "url.full").as_deref() == Some(url);
    let spans = telemetry.wait_until(|spans| spans.iter().any(is_it));
    spans.into_iter().find(is_it).unwrap()
}

/// A port on 127.0.0.1 nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// The context of an incoming request that carried a `traceparent` and a `tracestate`.
fn outer_context() -> Context {
    let mut headers = HeaderMap::new();
    headers.insert("traceparent", format!("00-{TRACE_ID}-{PARENT_ID}-01").parse().unwrap());
    headers.insert("tracestate", "vendor=x".parse().unwrap());
    traced::propagation::extract_headers(&headers)
}

/// The `traceparent` of `cx`, as a propagator writes it.
fn traceparent_of(cx: &Context) -> String {
    let mut headers = std::collections::HashMap::new();
    opentelemetry_sdk::propagation::TraceContextPropagator::new().inject_context(cx, &mut headers);
    headers.remove("traceparent").unwrap_or_default()
}

/// The server every test calls, traced: `/x` answers 200, `/missing` 404, `/fail` 500, `/tracestate` echoes the
/// `tracestate` header it received.
/// The client span of a successful `GET /x` to `server`: its name, kind and every attribute.
fn assert_get_x_span(span: &SpanData, server: &Server) {
    assert_eq!(span.name, "GET");
    assert_eq!(span.span_kind, SpanKind::Client);
    assert_eq!(text(span, "http.request.method").as_deref(), Some("GET"));
    assert_eq!(text(span, "server.address").as_deref(), Some("127.0.0.1"));
    assert_eq!(attribute(span, "server.port"), Some(Value::I64(i64::from(server.addr.port()))));
    assert_eq!(text(span, "url.full"), Some(server.url("/x")));
    assert_eq!(attribute(span, "http.response.status_code"), Some(Value::I64(200)));
    assert_eq!(text(span, "network.protocol.version").as_deref(), Some("1.1"));
    assert!(!is_error(span));
}

fn app() -> Router {
    Router::new()
        .route("/x", get(|| async { "ok" }))
        .route("/missing", get(|| async { StatusCode::NOT_FOUND }))
        .route("/fail", get(|| async { StatusCode::INTERNAL_SERVER_ERROR }))
        .route(
            "/tracestate",
            get(|headers: HeaderMap| async move {
                headers.get("tracestate").map(|value| value.to_str().unwrap().to_owned()).unwrap_or_default()
            }),
        )
        .layer(TraceLayer::http_server())
}

mod hyper_client {
    use super::*;

    type Traced = TraceService<Client<HttpConnector, Empty<Bytes>>>;

    fn client() -> Traced {
        TraceLayer::http_client().layer(Client::builder(TokioExecutor::new()).build_http())
    }

    type Response = <Traced as Service<http::Request<Empty<Bytes>>>>::Response;

    async fn send_get(client: &Traced, url: &str) -> Result<Response, hyper_util::client::legacy::Error> {
        client.clone().oneshot(http::Request::get(url).body(Empty::new()).unwrap()).await
    }

    /// GETs `url` and reads the whole body.
    async fn get_text(client: &Traced, url: &str) -> (StatusCode, String) {
        let response = send_get(client, url).await.unwrap();
        let status = response.status();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    #[traced(name = "orders.sync")]
    async fn sync_orders(client: &Traced, url: &str) -> StatusCode {
        get_text(client, url).await.0
    }

    #[test]
    fn span_is_named_after_the_method_with_the_request_and_response_attributes() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            assert_eq!(get_text(&client(), &server.url("/x")).await, (StatusCode::OK, "ok".to_owned()));

            // Read to its end, the body has ended the span: no wait.
            let span = client_span(&telemetry);
            assert_get_x_span(&span, &server);

            telemetry.wait_for("GET /x");
            server.stop().await;
        });
    }

    /// Case-insensitive, the default credential keys and the layer's own.
    #[test]
    fn url_full_redacts_credential_keys_in_any_case_and_the_layers_own() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            let client = TraceLayer::http_client()
                .with_sensitive_query_keys(["x-ticket"])
                .layer(Client::builder(TokioExecutor::new()).build_http());
            let url = format!("http://{}/x?Token=t1&API_KEY=k1&X-Amz-Signature=s1&X-TICKET=x1&page=1", server.addr);
            assert_eq!(get_text(&client, &url).await.0, StatusCode::OK);
            let span = client_span(&telemetry);
            let expected = format!(
                "http://{}/x?Token=REDACTED&API_KEY=REDACTED&X-Amz-Signature=REDACTED&X-TICKET=REDACTED&page=1",
                server.addr
            );
            assert_eq!(text(&span, "url.full"), Some(expected));
            telemetry.wait_for("GET /x");
            server.stop().await;
        });
    }

    #[test]
    fn url_full_redacts_the_user_the_password_and_signatures() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            let url = format!("http://user:pw@{}/x?sig=abc&page=1", server.addr);
            assert_eq!(get_text(&client(), &url).await.0, StatusCode::OK);

            let span = client_span(&telemetry);
            let expected = format!("http://REDACTED:REDACTED@{}/x?sig=REDACTED&page=1", server.addr);
            assert_eq!(text(&span, "url.full"), Some(expected));
            assert_eq!(text(&span, "server.address").as_deref(), Some("127.0.0.1"));
            let server_span = telemetry.wait_for("GET /x");
            for span in [span, server_span] {
                let attributes = all_attributes(&span);
                assert!(attributes.iter().all(|kv| !kv.contains("pw") && !kv.contains("abc")), "{attributes:?}");
            }
            server.stop().await;
        });
    }

    #[test]
    fn server_span_is_a_child_of_the_client_span() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            assert_eq!(get_text(&client(), &server.url("/x")).await.0, StatusCode::OK);

            let server_span = telemetry.wait_for("GET /x");
            let client_span = client_span(&telemetry);
            assert!(is_root(&client_span));
            assert!(is_child_of(&server_span, &client_span), "{server_span:?}");
            assert!(server_span.parent_span_is_remote);
            server.stop().await;
        });
    }

    #[test]
    fn outer_trace_context_and_tracestate_are_sent_on() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            let (status, tracestate) =
                get_text(&client(), &server.url("/tracestate")).with_context(outer_context()).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(tracestate, "vendor=x");

            let client_span = client_span(&telemetry);
            assert_eq!(client_span.span_context.trace_id().to_string(), TRACE_ID);
            assert_eq!(client_span.parent_span_id.to_string(), PARENT_ID);
            let server_span = telemetry.wait_for("GET /tracestate");
            assert!(is_child_of(&server_span, &client_span));
            assert_eq!(server_span.span_context.trace_state().get("vendor"), Some("x"));
            server.stop().await;
        });
    }

    #[test]
    fn error_statuses_make_the_span_an_error() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            let client = client();
            for (path, code) in [("/missing", 404), ("/fail", 500), ("/x", 200)] {
                let url = server.url(path);
                assert_eq!(get_text(&client, &url).await.0, code);

                let span = client_span_for(&telemetry, &url);
                assert_eq!(attribute(&span, "http.response.status_code"), Some(Value::I64(code.into())));
                if code == 200 {
                    assert!(!is_error(&span), "{path}: {:?}", span.status);
                    assert_eq!(attribute(&span, "error.type"), None);
                } else {
                    assert!(is_error(&span), "{path}: {:?}", span.status);
                    assert_eq!(text(&span, "error.type"), Some(code.to_string()));
                }
            }
            telemetry.wait_until(|spans| spans.len() == 6);
            server.stop().await;
        });
    }

    #[test]
    fn transport_error_makes_the_span_an_error_and_reaches_the_caller() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let url = format!("http://127.0.0.1:{}/x", closed_port());
            let error = send_get(&client(), &url).await.expect_err("nothing listens there");
            assert!(error.is_connect(), "{error:?}");

            let span = client_span(&telemetry);
            assert!(is_error(&span), "{:?}", span.status);
            assert_eq!(status_description(&span), error.to_string());
            assert_eq!(
                text(&span, "error.type").as_deref(),
                Some(std::any::type_name::<hyper_util::client::legacy::Error>())
            );
            assert_eq!(attribute(&span, "http.response.status_code"), None);
        });
    }

    #[test]
    fn span_is_a_child_of_the_calling_traced_function() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            assert_eq!(sync_orders(&client(), &server.url("/x")).await, StatusCode::OK);

            let outer = telemetry.span("orders.sync");
            let client_span = client_span(&telemetry);
            assert!(is_child_of(&client_span, &outer), "{client_span:?}");
            assert!(is_child_of(&telemetry.wait_for("GET /x"), &client_span));
            server.stop().await;
        });
    }

    #[test]
    fn span_ends_when_the_response_body_ends() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let (sender, receiver) = mpsc::channel::<Bytes>(4);
            let receiver = Arc::new(Mutex::new(Some(receiver)));
            let handler = move || {
                let receiver = receiver.lock().unwrap().take().expect("one request");
                async move { Body::from_stream(chunks(receiver)) }
            };
            let server =
                Server::http(Router::new().route("/stream", get(handler)).layer(TraceLayer::http_server())).await;

            sender.send(Bytes::from_static(b"first")).await.unwrap();
            let response = send_get(&client(), &server.url("/stream")).await.unwrap();
            assert_eq!(response.status(), 200);
            // The head has arrived, the body is still being sent: no span can have ended.
            assert_eq!(names(&telemetry.spans()), Vec::<String>::new(), "a span ended before its body");

            let mut body = response.into_body();
            let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
            assert_eq!(first, "first");
            assert_eq!(names(&telemetry.spans()), Vec::<String>::new(), "a span ended before its body");

            sender.send(Bytes::from_static(b", second")).await.unwrap();
            drop(sender);
            assert_eq!(body.collect().await.unwrap().to_bytes(), ", second");
            // The client span ended as the body did, on this task.
            let span = client_span(&telemetry);
            assert_eq!(attribute(&span, "http.response.status_code"), Some(Value::I64(200)));
            assert!(!is_error(&span));
            telemetry.wait_for("GET /stream");
            server.stop().await;
        });
    }
}

mod reqwest_client {
    use super::*;
    use reqwest_middleware::{ClientBuilder, ClientWithMiddleware};

    fn client() -> ClientWithMiddleware {
        ClientBuilder::new(reqwest::Client::new()).with(traced::reqwest::TracingMiddleware::new()).build()
    }

    #[traced(name = "orders.sync")]
    async fn sync_orders(client: &ClientWithMiddleware, url: &str) -> StatusCode {
        client.get(url).send().await.unwrap().status()
    }

    #[test]
    fn span_is_named_after_the_method_with_the_request_and_response_attributes() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            let response = client().get(server.url("/x")).send().await.unwrap();
            assert_eq!(response.text().await.unwrap(), "ok");

            let span = client_span(&telemetry);
            assert_get_x_span(&span, &server);

            telemetry.wait_for("GET /x");
            server.stop().await;
        });
    }

    #[test]
    fn the_middleware_redacts_its_own_keys_in_url_full_and_in_error_text() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let client = ClientBuilder::new(reqwest::Client::new())
                .with(traced::reqwest::TracingMiddleware::new().with_sensitive_query_keys(["x-ticket"]))
                .build();
            let url = format!("http://127.0.0.1:{}/x?x-ticket=canary-ticket-5e1&page=1", closed_port());
            let error = client.get(&url).send().await.expect_err("nothing listens there");
            assert!(error.to_string().contains("canary-ticket-5e1"), "the caller's error is unchanged");
            let span = client_span(&telemetry);
            assert!(text(&span, "url.full").unwrap().contains("x-ticket=REDACTED&page=1"));
            assert!(!format!("{span:?}").contains("canary-ticket"), "{span:#?}");
        });
    }

    // reqwest moves a URL's user and password into an `Authorization` header before any middleware sees the
    // request: the password cannot reach `url.full`, the signature must be redacted there.
    #[test]
    fn url_full_redacts_signatures_and_never_holds_the_password() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            let url = format!("http://user:pw@{}/x?sig=abc&page=1", server.addr);
            assert_eq!(client().get(&url).send().await.unwrap().status(), 200);

            let span = client_span(&telemetry);
            assert_eq!(text(&span, "url.full"), Some(format!("http://{}/x?sig=REDACTED&page=1", server.addr)));
            let server_span = telemetry.wait_for("GET /x");
            for span in [span, server_span] {
                let attributes = all_attributes(&span);
                assert!(attributes.iter().all(|kv| !kv.contains("pw") && !kv.contains("abc")), "{attributes:?}");
            }
            server.stop().await;
        });
    }

    #[test]
    fn server_span_is_a_child_of_the_client_span() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            assert_eq!(client().get(server.url("/x")).send().await.unwrap().status(), 200);

            let server_span = telemetry.wait_for("GET /x");
            let client_span = client_span(&telemetry);
            assert!(is_root(&client_span));
            assert!(is_child_of(&server_span, &client_span), "{server_span:?}");
            assert!(server_span.parent_span_is_remote);
            server.stop().await;
        });
    }

    #[test]
    fn outer_trace_context_and_tracestate_are_sent_on() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            let client = client();
            let response = client.get(server.url("/tracestate")).send().with_context(outer_context()).await.unwrap();
            assert_eq!(response.text().await.unwrap(), "vendor=x");

            let client_span = client_span(&telemetry);
            assert_eq!(client_span.span_context.trace_id().to_string(), TRACE_ID);
            assert_eq!(client_span.parent_span_id.to_string(), PARENT_ID);
            let server_span = telemetry.wait_for("GET /tracestate");
            assert!(is_child_of(&server_span, &client_span));
            assert_eq!(server_span.span_context.trace_state().get("vendor"), Some("x"));
            server.stop().await;
        });
    }

    #[test]
    fn error_statuses_make_the_span_an_error() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            let client = client();
            for (path, code) in [("/missing", 404), ("/fail", 500), ("/x", 200)] {
                let url = server.url(path);
                assert_eq!(client.get(&url).send().await.unwrap().status(), code);

                let span = client_span_for(&telemetry, &url);
                assert_eq!(attribute(&span, "http.response.status_code"), Some(Value::I64(code.into())));
                if code == 200 {
                    assert!(!is_error(&span), "{path}: {:?}", span.status);
                    assert_eq!(attribute(&span, "error.type"), None);
                } else {
                    assert!(is_error(&span), "{path}: {:?}", span.status);
                    assert_eq!(text(&span, "error.type"), Some(code.to_string()));
                }
            }
            telemetry.wait_until(|spans| spans.len() == 6);
            server.stop().await;
        });
    }

    #[test]
    fn transport_error_is_a_connect_error_and_reaches_the_caller() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let url = format!(
                "http://user:canary-pw-3f9@127.0.0.1:{}/x?sig=canary-sig-3f9&Token=canary-tok-3f9",
                closed_port()
            );
            let error = client().get(&url).send().await.expect_err("nothing listens there");
            assert!(matches!(&error, reqwest_middleware::Error::Reqwest(error) if error.is_connect()), "{error:?}");

            let span = client_span(&telemetry);
            assert!(is_error(&span), "{:?}", span.status);
            // reqwest's error text quotes the URL: the description keeps it, without its credentials.
            let description = status_description(&span);
            assert!(error.to_string().contains("canary-sig-3f9"), "the caller's error is unchanged: {error}");
            assert!(description.contains("sig=REDACTED&Token=REDACTED"), "{description}");
            assert!(!format!("{span:?}").contains("canary-"), "no credential anywhere in the span: {span:#?}");
            assert_eq!(text(&span, "error.type").as_deref(), Some("connect"));
            assert_eq!(attribute(&span, "http.response.status_code"), None);
        });
    }

    #[test]
    fn span_is_a_child_of_the_calling_traced_function() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            assert_eq!(sync_orders(&client(), &server.url("/x")).await, StatusCode::OK);

            let outer = telemetry.span("orders.sync");
            let client_span = client_span(&telemetry);
            assert!(is_child_of(&client_span, &outer), "{client_span:?}");
            assert!(is_child_of(&telemetry.wait_for("GET /x"), &client_span));
            server.stop().await;
        });
    }

    #[test]
    fn sent_traceparent_names_the_client_span() {
        let telemetry = telemetry();
        propagators();
        runtime().block_on(async {
            let app = Router::new()
                .route(
                    "/traceparent",
                    get(|headers: HeaderMap| async move { headers["traceparent"].to_str().unwrap().to_owned() }),
                )
                .layer(TraceLayer::http_server());
            let server = Server::http(app).await;
            let received = client().get(server.url("/traceparent")).send().await.unwrap().text().await.unwrap();

            let client_span = client_span(&telemetry);
            let cx = Context::new().with_remote_span_context(client_span.span_context.clone());
            assert_eq!(received, traceparent_of(&cx));
            telemetry.wait_for("GET /traceparent");
            server.stop().await;
        });
    }
}
