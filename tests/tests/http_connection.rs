//! Connection events on HTTP client spans (`with_connection_events()`, with `traced::http::TracedConnector`,
//! `TracedResolver` and `TracedTlsConnector` below the client): the resolution, connect and handshake of a new
//! connection on the span of the request it was made for, `http.connection.reused` with the response, and nothing
//! when the events are off, against real servers on 127.0.0.1 and hyper-util's and reqwest's clients.

mod common;

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::routing::get;
use axum::Router;
use common::services::{runtime, Server};
use common::*;
use http::{StatusCode, Uri};
use http_body_util::BodyExt;
use hyper_util::client::legacy::connect::dns::Name;
use hyper_util::client::legacy::connect::{Connect, HttpConnector};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use opentelemetry::trace::SpanKind;
use opentelemetry::{Array, Value};
use opentelemetry_sdk::trace::SpanData;
use tokio::sync::{mpsc, Notify, Semaphore};
use tower::{service_fn, Layer, Service, ServiceExt};
use traced::http::{TraceLayer, TracedConnector, TracedResolver, TracedTlsConnector};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A resolver that answers every name with 127.0.0.1 (the port is the URL's): `localhost` without depending on
/// what the machine's resolver says, and only ever loopback.
fn loopback() -> impl Service<Name, Response = std::vec::IntoIter<SocketAddr>, Error = std::io::Error, Future: Send>
       + Clone
       + Send
       + Sync
       + 'static {
    service_fn(|_: Name| async { Ok(vec![SocketAddr::from(([127, 0, 0, 1], 0))].into_iter()) })
}

/// A resolver that knows no name.
fn failing() -> impl Service<Name, Response = std::vec::IntoIter<SocketAddr>, Error = std::io::Error, Future: Send>
       + Clone
       + Send
       + Sync
       + 'static {
    service_fn(|name: Name| async move {
        Err(std::io::Error::new(std::io::ErrorKind::NotFound, format!("no such host {}", name.as_str())))
    })
}

/// A port on 127.0.0.1 nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn app() -> Router {
    Router::new().route("/x", get(|| async { "ok" }))
}

/// The one finished client span.
fn client_span(telemetry: &Telemetry) -> SpanData {
    let spans = telemetry.spans();
    let clients: Vec<_> = spans.iter().filter(|span| span.span_kind == SpanKind::Client).collect();
    assert_eq!(clients.len(), 1, "client spans: {:?}", names(&spans));
    clients[0].clone()
}

/// The finished client spans, in the order they ended.
fn client_spans(telemetry: &Telemetry) -> Vec<SpanData> {
    telemetry.spans().into_iter().filter(|span| span.span_kind == SpanKind::Client).collect()
}

fn reused(span: &SpanData) -> Option<Value> {
    attribute(span, "http.connection.reused")
}

/// The events of a new connection to `server` through a resolver, with the peer address.
fn assert_resolved_and_connected(span: &SpanData, server: &Server) {
    assert_eq!(event_names(span), ["http.dns.start", "http.dns.done", "http.connect.start", "http.connect.done"]);
    assert_eq!(event_attribute(span, "http.dns.start", "dns.question.name"), Some(Value::from("localhost")));
    assert_eq!(event_attribute(span, "http.dns.done", "dns.question.name"), Some(Value::from("localhost")));
    assert_eq!(
        event_attribute(span, "http.dns.done", "dns.answers"),
        Some(Value::Array(Array::String(vec!["127.0.0.1".into()])))
    );
    assert_eq!(event_attribute(span, "http.connect.done", "network.peer.address"), Some(Value::from("127.0.0.1")));
    assert_eq!(
        event_attribute(span, "http.connect.done", "network.peer.port"),
        Some(Value::I64(i64::from(server.addr.port())))
    );
    let times: Vec<_> = span.events.iter().map(|event| event.timestamp).collect();
    assert!(times.windows(2).all(|pair| pair[0] <= pair[1]), "in time order: {times:?}");
    assert_eq!(reused(span), Some(Value::Bool(false)));
}

/// Two requests to `server` on one client: the first made a connection, the second was served from the pool.
fn assert_connected_then_pooled(telemetry: &Telemetry, server: &Server) {
    let spans = client_spans(telemetry);
    assert_eq!(spans.len(), 2);
    assert_resolved_and_connected(&spans[0], server);
    assert_eq!(event_names(&spans[1]), Vec::<String>::new());
    assert_eq!(reused(&spans[1]), Some(Value::Bool(true)));
}

mod hyper_client {
    use super::*;

    type Body = http_body_util::Empty<bytes::Bytes>;

    /// A traced client over `connector`, with or without connection events.
    fn client<C>(connector: C, events: bool) -> traced::http::TraceService<Client<C, Body>>
    where
        C: Connect + Clone + Send + Sync + 'static,
    {
        let layer = TraceLayer::http_client();
        let layer = if events { layer.with_connection_events() } else { layer };
        layer.layer(Client::builder(TokioExecutor::new()).build(connector))
    }

    /// hyper-util's connector over the loopback resolver, both traced.
    fn connector() -> impl Connect + Clone + Send + Sync + 'static {
        TracedConnector::new(HttpConnector::new_with_resolver(TracedResolver::new(loopback())))
    }

    /// GETs `url` and reads the whole body.
    async fn get<S, B>(client: &S, url: &str) -> Result<StatusCode, S::Error>
    where
        S: Service<http::Request<Body>, Response = http::Response<B>> + Clone,
        B: axum::body::HttpBody,
        B::Error: std::fmt::Debug,
    {
        let response = client.clone().oneshot(http::Request::get(url).body(Body::new()).unwrap()).await?;
        let status = response.status();
        response.into_body().collect().await.unwrap();
        Ok(status)
    }

    #[test]
    fn a_first_request_resolves_and_connects_and_names_its_peer() {
        let telemetry = telemetry();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            let client = client(connector(), true);
            let url = format!("http://localhost:{}/x", server.addr.port());
            assert_eq!(get(&client, &url).await.unwrap(), StatusCode::OK);
            assert_resolved_and_connected(&client_span(&telemetry), &server);
            server.stop().await;
        });
    }

    #[test]
    fn a_second_request_is_served_from_the_pool_without_connect_events() {
        let telemetry = telemetry();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            let client = client(connector(), true);
            let url = format!("http://localhost:{}/x", server.addr.port());
            get(&client, &url).await.unwrap();
            get(&client, &url).await.unwrap();

            assert_connected_then_pooled(&telemetry, &server);
            server.stop().await;
        });
    }

    #[test]
    fn without_connection_events_the_wrappers_record_nothing() {
        let telemetry = telemetry();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            let client = client(connector(), false);
            let url = format!("http://localhost:{}/x", server.addr.port());
            assert_eq!(get(&client, &url).await.unwrap(), StatusCode::OK);

            let span = client_span(&telemetry);
            assert!(span.events.is_empty(), "{:?}", event_names(&span));
            assert_eq!(reused(&span), None);
            assert_eq!(attribute(&span, "http.response.status_code"), Some(Value::I64(200)));
            server.stop().await;
        });
    }

    /// An IP address is not resolved: the connect starts when the connector is called.
    #[test]
    fn a_refused_connect_is_an_event_and_the_span_fails_as_before() {
        let telemetry = telemetry();
        runtime().block_on(async {
            let client = client(connector(), true);
            let error = get(&client, &format!("http://127.0.0.1:{}/x", closed_port())).await.unwrap_err();
            assert!(error.is_connect(), "{error:?}");

            let span = client_span(&telemetry);
            assert_eq!(event_names(&span), ["http.connect.start", "http.connect.error"]);
            assert_eq!(
                event_attribute(&span, "http.connect.error", "error.type"),
                Some(Value::from("hyper_util::client::legacy::connect::http::ConnectError"))
            );
            assert!(event_attribute(&span, "http.connect.error", "exception.message").is_some());
            assert!(is_error(&span));
            assert_eq!(attribute(&span, "error.type"), Some(Value::from("hyper_util::client::legacy::client::Error")));
            assert_eq!(reused(&span), None, "no response, so nothing to say about its connection");
        });
    }

    #[test]
    fn a_failed_resolution_is_a_dns_error_and_no_connect() {
        let telemetry = telemetry();
        runtime().block_on(async {
            let connector = TracedConnector::new(HttpConnector::new_with_resolver(TracedResolver::new(failing())));
            let client = client(connector, true);
            assert!(get(&client, "http://nowhere.invalid/x").await.is_err());

            let span = client_span(&telemetry);
            assert_eq!(event_names(&span), ["http.dns.start", "http.dns.error"]);
            assert_eq!(
                event_attribute(&span, "http.dns.error", "dns.question.name"),
                Some(Value::from("nowhere.invalid"))
            );
            assert_eq!(
                event_attribute(&span, "http.dns.error", "error.type"),
                Some(Value::from("std::io::error::Error"))
            );
            assert_eq!(
                event_attribute(&span, "http.dns.error", "exception.message"),
                Some(Value::from("no such host nowhere.invalid"))
            );
            assert!(is_error(&span));
        });
    }

    /// A stand-in for a TLS connector over a connector: it calls the one below from `call`, as hyper-rustls and
    /// hyper-tls do, and "handshakes" by passing the connection on, or failing.
    #[derive(Clone)]
    struct Handshake<C> {
        inner: C,
        fails: bool,
    }

    impl<C> Service<Uri> for Handshake<C>
    where
        C: Service<Uri>,
        C::Future: Send + 'static,
        C::Error: Into<BoxError>,
    {
        type Response = C::Response;
        type Error = BoxError;
        type Future = Pin<Box<dyn Future<Output = Result<C::Response, BoxError>> + Send>>;

        fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
            self.inner.poll_ready(cx).map_err(Into::into)
        }

        fn call(&mut self, uri: Uri) -> Self::Future {
            let connecting = self.inner.call(uri);
            let fails = self.fails;
            Box::pin(async move {
                let connection = connecting.await.map_err(Into::into)?;
                if fails {
                    return Err("handshake refused".into());
                }
                Ok(connection)
            })
        }
    }

    /// `TracedTlsConnector` over a stand-in TLS connector over `TracedConnector`, for `https` URLs.
    fn tls(fails: bool) -> impl Connect + Clone + Send + Sync + 'static {
        let mut http = HttpConnector::new_with_resolver(TracedResolver::new(loopback()));
        http.enforce_http(false);
        TracedTlsConnector::new(Handshake { inner: TracedConnector::new(http), fails })
    }

    #[test]
    fn a_handshake_starts_when_the_connect_below_is_done() {
        let telemetry = telemetry();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            let client = client(tls(false), true);
            // The stand-in's "TLS" is the plain connection: the server speaks HTTP on it.
            let url = format!("https://localhost:{}/x", server.addr.port());
            assert_eq!(get(&client, &url).await.unwrap(), StatusCode::OK);

            let span = client_span(&telemetry);
            assert_eq!(
                event_names(&span),
                [
                    "http.dns.start",
                    "http.dns.done",
                    "http.connect.start",
                    "http.connect.done",
                    "http.tls.start",
                    "http.tls.done"
                ]
            );
            assert_eq!(reused(&span), Some(Value::Bool(false)));
            server.stop().await;
        });
    }

    #[test]
    fn a_failed_handshake_is_a_tls_error_after_the_connect() {
        let telemetry = telemetry();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            let client = client(tls(true), true);
            let url = format!("https://localhost:{}/x", server.addr.port());
            assert!(get(&client, &url).await.unwrap_err().is_connect());

            let span = client_span(&telemetry);
            let names = event_names(&span);
            assert_eq!(names[2..], ["http.connect.start", "http.connect.done", "http.tls.start", "http.tls.error"]);
            assert_eq!(
                event_attribute(&span, "http.tls.error", "exception.message"),
                Some(Value::from("handshake refused"))
            );
            assert!(is_error(&span));
            server.stop().await;
        });
    }

    #[test]
    fn a_plain_http_connection_has_no_handshake_events() {
        let telemetry = telemetry();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            let client = client(tls(false), true);
            let url = format!("http://localhost:{}/x", server.addr.port());
            assert_eq!(get(&client, &url).await.unwrap(), StatusCode::OK);
            let span = client_span(&telemetry);
            assert!(event_names(&span).iter().all(|name| !name.starts_with("http.tls")), "{:?}", event_names(&span));
            server.stop().await;
        });
    }

    /// A resolver that lets `gate`'s permits through, one a name, and says on `called` that it was called.
    fn gated(
        gate: Arc<Semaphore>,
        called: mpsc::UnboundedSender<()>,
    ) -> impl Service<Name, Response = std::vec::IntoIter<SocketAddr>, Error = std::io::Error, Future: Send>
           + Clone
           + Send
           + Sync
           + 'static {
        service_fn(move |_: Name| {
            let (gate, called) = (Arc::clone(&gate), called.clone());
            async move {
                let _ = called.send(());
                gate.acquire().await.expect("the gate stays open").forget();
                Ok(vec![SocketAddr::from(([127, 0, 0, 1], 0))].into_iter())
            }
        })
    }

    /// A connector that says on `done` when each connect below it has ended.
    #[derive(Clone)]
    struct Ended<C> {
        inner: C,
        done: mpsc::UnboundedSender<()>,
    }

    impl<C> Service<Uri> for Ended<C>
    where
        C: Service<Uri>,
        C::Future: Send + 'static,
    {
        type Response = C::Response;
        type Error = C::Error;
        type Future = Pin<Box<dyn Future<Output = Result<C::Response, C::Error>> + Send>>;

        fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), C::Error>> {
            self.inner.poll_ready(cx)
        }

        fn call(&mut self, uri: Uri) -> Self::Future {
            let connecting = self.inner.call(uri);
            let done = self.done.clone();
            Box::pin(async move {
                let connected = connecting.await;
                let _ = done.send(());
                connected
            })
        }
    }

    /// hyper-util races a new connect against the pool; when a pooled connection wins, it finishes the connect on
    /// a task of its own. That connect is no longer the request's: it records nothing more on its span (still
    /// open while the connect ends), and the request reads as served from the pool.
    #[test]
    fn a_connect_overtaken_by_a_pooled_connection_records_nothing_more() {
        let telemetry = telemetry();
        runtime().block_on(async {
            // `/slow` says when a request has arrived, and answers each when told to.
            let (arrived, mut arrivals) = mpsc::unbounded_channel();
            let answer = Arc::new(Notify::new());
            let slow = {
                let answer = Arc::clone(&answer);
                axum::routing::get(move || async move {
                    let _ = arrived.send(());
                    answer.notified().await;
                    "slow"
                })
            };
            let server = Server::http(app().route("/slow", slow)).await;

            let gate = Arc::new(Semaphore::new(1));
            let (called, mut resolving) = mpsc::unbounded_channel();
            let (done, mut connected) = mpsc::unbounded_channel();
            let http = HttpConnector::new_with_resolver(TracedResolver::new(gated(Arc::clone(&gate), called)));
            let client = client(Ended { inner: TracedConnector::new(http), done }, true);
            let base = format!("http://localhost:{}/slow", server.addr.port());
            let send = |url: String| {
                let client = client.clone();
                tokio::spawn(async move { get(&client, &url).await.unwrap() })
            };

            // The first request holds the only connection until the server answers it.
            let first = send(format!("{base}?first"));
            arrivals.recv().await.unwrap();
            resolving.recv().await.unwrap();
            connected.recv().await.unwrap();

            // The second finds the pool empty and starts a connect, which waits in its resolver.
            let second = send(format!("{base}?second"));
            resolving.recv().await.unwrap();

            // The first connection comes back to the pool, and the second request takes it.
            answer.notify_one();
            assert_eq!(first.await.unwrap(), StatusCode::OK);
            arrivals.recv().await.unwrap();

            // While the second request waits for its answer, its connect ends in the background.
            gate.add_permits(1);
            connected.recv().await.unwrap();
            answer.notify_one();
            assert_eq!(second.await.unwrap(), StatusCode::OK);

            let spans = client_spans(&telemetry);
            let second = spans.iter().find(|span| text_attribute(span, "url.full").ends_with("?second")).unwrap();
            assert_eq!(event_names(second), ["http.dns.start"], "the resolution it waited for, and nothing after");
            assert_eq!(reused(second), Some(Value::Bool(true)));
            server.stop().await;
        });
    }

    fn text_attribute(span: &SpanData, key: &str) -> String {
        attribute(span, key).map(|value| value.as_str().into_owned()).unwrap_or_default()
    }

    /// A client below the traced one (a test double of a service that calls out) inherits the marker in its
    /// context, but its connects are not the outer request's.
    #[test]
    fn a_connect_under_another_span_is_not_the_requests() {
        let telemetry = telemetry();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            let url = format!("http://localhost:{}/x", server.addr.port());
            let inner = client(connector(), false);
            let outer =
                TraceLayer::http_client().with_connection_events().layer(service_fn(move |_: http::Request<Body>| {
                    let (inner, url) = (inner.clone(), url.clone());
                    async move {
                        let status = get(&inner, &url).await?;
                        Ok::<_, hyper_util::client::legacy::Error>(
                            http::Response::builder().status(status).body(String::new()).unwrap(),
                        )
                    }
                }));
            let response = outer.oneshot(http::Request::get("http://example.test/").body(Body::new()).unwrap()).await;
            drop(response.unwrap());

            let spans = client_spans(&telemetry);
            assert_eq!(spans.len(), 2);
            assert!(
                spans.iter().all(|span| span.events.is_empty()),
                "{:?}",
                spans.iter().map(event_names).collect::<Vec<_>>()
            );
            let outer = spans.iter().find(|span| text_attribute(span, "url.full") == "http://example.test/").unwrap();
            assert_eq!(reused(outer), Some(Value::Bool(true)), "no traced connect ran for it");
            server.stop().await;
        });
    }
}

mod reqwest_client {
    use reqwest_middleware::{ClientBuilder, ClientWithMiddleware};

    use super::*;

    /// reqwest with the traced connector layer and resolver, and the middleware with or without connection events.
    fn client(events: bool) -> ClientWithMiddleware {
        let client = reqwest::Client::builder()
            .connector_layer(TracedConnector::layer())
            .dns_resolver(TracedResolver::new(loopback()))
            .build()
            .unwrap();
        let middleware = traced::reqwest::TracingMiddleware::new();
        ClientBuilder::new(client).with(if events { middleware.with_connection_events() } else { middleware }).build()
    }

    async fn get(client: &ClientWithMiddleware, url: &str) -> reqwest_middleware::Result<StatusCode> {
        let response = client.get(url).send().await?;
        let status = response.status();
        response.bytes().await?;
        Ok(status)
    }

    #[test]
    fn a_first_request_resolves_and_connects_and_the_second_is_served_from_the_pool() {
        let telemetry = telemetry();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            let client = client(true);
            let url = format!("http://localhost:{}/x", server.addr.port());
            assert_eq!(get(&client, &url).await.unwrap(), StatusCode::OK);
            assert_eq!(get(&client, &url).await.unwrap(), StatusCode::OK);

            assert_connected_then_pooled(&telemetry, &server);
            server.stop().await;
        });
    }

    #[test]
    fn without_connection_events_the_wrappers_record_nothing() {
        let telemetry = telemetry();
        runtime().block_on(async {
            let server = Server::http(app()).await;
            let url = format!("http://localhost:{}/x", server.addr.port());
            assert_eq!(get(&client(false), &url).await.unwrap(), StatusCode::OK);

            let span = client_span(&telemetry);
            assert!(span.events.is_empty(), "{:?}", event_names(&span));
            assert_eq!(reused(&span), None);
            server.stop().await;
        });
    }

    #[test]
    fn a_refused_connect_is_an_event_and_the_span_fails_as_before() {
        let telemetry = telemetry();
        runtime().block_on(async {
            let error = get(&client(true), &format!("http://127.0.0.1:{}/x", closed_port())).await.unwrap_err();
            assert!(error.is_connect(), "{error:?}");

            let span = client_span(&telemetry);
            assert_eq!(event_names(&span), ["http.connect.start", "http.connect.error"]);
            // reqwest boxes its connector's errors: the type is not known.
            assert_eq!(event_attribute(&span, "http.connect.error", "error.type"), Some(Value::from("_OTHER")));
            assert!(event_attribute(&span, "http.connect.error", "exception.message").is_some());
            assert!(is_error(&span));
            assert_eq!(attribute(&span, "error.type"), Some(Value::from("connect")));
        });
    }
}
