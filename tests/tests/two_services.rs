//! A whole trace across services: HTTP service A (axum) calls gRPC service B (tonic), which calls back to A over
//! HTTP (reqwest). Every hop is traced by the layers, and the result is one trace whose spans link up, client to
//! server to the `#[traced]` functions inside.

mod common;

use axum::extract::{Path, State};
use axum::routing::get;
use axum::Router;
use common::services::{propagators, runtime, Server};
use common::*;
use opentelemetry::trace::SpanKind;
use opentelemetry_sdk::trace::SpanData;
use reqwest_middleware::{ClientBuilder, ClientWithMiddleware};
use tonic::{Request, Response, Status};
use traced::traced;
use traced_tests::stock::stock_client::StockClient;
use traced_tests::stock::stock_server::{Stock, StockServer};
use traced_tests::{CheckReply, CheckRequest};

type StockChannel = traced::http::TraceService<tonic::transport::Channel>;

/// Service A's state: its gRPC client of B.
#[derive(Clone)]
struct A {
    stock: StockClient<StockChannel>,
}

#[traced(name = "orders.place", fields(sku))]
async fn place(a: &A, sku: &str) -> Result<i64, Status> {
    let reply = a.stock.clone().check(CheckRequest { sku: sku.to_owned(), code: 0, replies: 0 }).await?;
    Ok(reply.into_inner().count)
}

async fn order(State(a): State<A>, Path(sku): Path<String>) -> String {
    place(&a, &sku).await.map(|count| count.to_string()).unwrap_or_else(|status| status.message().to_owned())
}

#[traced(name = "prices.lookup", fields(sku))]
fn price_of(sku: &str) -> i64 {
    sku.len() as i64 * 100
}

async fn price(Path(sku): Path<String>) -> String {
    price_of(&sku).to_string()
}

/// Service B: asks A for the price of what it checks.
struct B {
    a: String,
    http: ClientWithMiddleware,
}

#[traced(name = "stock.count", fields(sku))]
fn count(sku: &str) -> i64 {
    sku.len() as i64
}

#[tonic::async_trait]
impl Stock for B {
    // Under `#[tonic::async_trait]`: traced over the whole future, so the HTTP call and `count` nest under it.
    #[traced(name = "stock.check", fields(sku = request.get_ref().sku.as_str()))]
    async fn check(&self, request: Request<CheckRequest>) -> Result<Response<CheckReply>, Status> {
        let sku = request.into_inner().sku;
        let price = self.http.get(format!("{}/prices/{sku}", self.a)).send().await;
        let price: i64 = match price {
            Ok(response) => response.text().await.map_err(|error| Status::internal(error.to_string()))?,
            Err(error) => return Err(Status::unavailable(error.to_string())),
        }
        .parse()
        .map_err(|_| Status::internal("price"))?;
        Ok(Response::new(CheckReply { sku: sku.clone(), count: count(&sku) * price }))
    }

    type WatchStream = futures::stream::Empty<Result<CheckReply, Status>>;

    async fn watch(&self, _request: Request<CheckRequest>) -> Result<Response<Self::WatchStream>, Status> {
        Err(Status::unimplemented("not in this test"))
    }
}

fn one(spans: &[SpanData], name: &str, kind: SpanKind) -> SpanData {
    let mut matching = spans.iter().filter(|span| span.name == name && span.span_kind == kind);
    let span = matching.next().unwrap_or_else(|| panic!("no {kind:?} span {name:?} in {:?}", names(spans))).clone();
    assert!(matching.next().is_none(), "several {kind:?} spans {name:?}");
    span
}

#[test]
fn a_request_through_two_services_and_back_is_one_trace() {
    let telemetry = telemetry();
    propagators();
    let http = ClientBuilder::new(reqwest::Client::new()).with(traced::reqwest::TracingMiddleware::new()).build();
    let (body, spans) = runtime().block_on(async {
        // A's address is needed by B, and B's by A: bind A first, serve it once B's client exists.
        let a_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind A");
        let a_url = format!("http://{}", a_listener.local_addr().expect("A's address"));
        let b = Server::grpc(tonic::service::Routes::new(StockServer::new(B { a: a_url.clone(), http: http.clone() })))
            .await;
        let channel = tonic::transport::Endpoint::from_shared(b.url("")).expect("B's URL").connect_lazy();
        let channel = tower::ServiceBuilder::new().layer(traced::http::TraceLayer::grpc_client()).service(channel);
        let app = Router::new()
            .route("/orders/{sku}", get(order))
            .route("/prices/{sku}", get(price))
            .with_state(A { stock: StockClient::new(channel) })
            .layer(traced::http::TraceLayer::http_server());
        let a = Server::start(|_, stopped| async move {
            axum::serve(a_listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await
                .expect("A");
        })
        .await;

        let body = http.get(format!("{a_url}/orders/tea")).send().await.expect("order").text().await.expect("body");
        // Nine spans: the test's client span, and eight inside A and B.
        let spans = telemetry.wait_until(|spans| spans.len() >= 9);
        a.stop().await;
        b.stop().await;
        (body, spans)
    });
    assert_eq!(body, (3 * 300).to_string(), "the services answer as without tracing");

    let (roots, b_calls_a): (Vec<&SpanData>, Vec<&SpanData>) = spans
        .iter()
        .filter(|span| span.name == "GET" && span.span_kind == SpanKind::Client)
        .partition(|span| is_root(span));
    let (&[test_client], &[b_calls_a]) = (roots.as_slice(), b_calls_a.as_slice()) else {
        panic!("one client span of the test, one of B: {:?}", names(&spans));
    };
    let a_order = one(&spans, "GET /orders/{sku}", SpanKind::Server);
    let place = one(&spans, "orders.place", SpanKind::Internal);
    let a_calls_b = one(&spans, "traced.test.Stock/Check", SpanKind::Client);
    let b_check = one(&spans, "traced.test.Stock/Check", SpanKind::Server);
    let check = one(&spans, "stock.check", SpanKind::Internal);
    let count = one(&spans, "stock.count", SpanKind::Internal);
    let a_price = one(&spans, "GET /prices/{sku}", SpanKind::Server);
    let price = one(&spans, "prices.lookup", SpanKind::Internal);
    assert_eq!(spans.len(), 10, "{:?}", names(&spans));

    let trace_id = test_client.span_context.trace_id();
    assert!(spans.iter().all(|span| span.span_context.trace_id() == trace_id), "one trace: {spans:#?}");
    let links: [(&SpanData, &SpanData, bool); 9] = [
        (&a_order, test_client, true),
        (&place, &a_order, false),
        (&a_calls_b, &place, false),
        (&b_check, &a_calls_b, true),
        (&check, &b_check, false),
        (&count, &check, false),
        (b_calls_a, &check, false),
        (&a_price, b_calls_a, true),
        (&price, &a_price, false),
    ];
    for (child, parent, remote) in links {
        assert!(is_child_of(child, parent), "{} should be a child of {}", child.name, parent.name);
        assert_eq!(child.parent_span_is_remote, remote, "{} parent is remote", child.name);
    }
    assert!(spans.iter().all(|span| !is_error(span)), "no errors: {spans:#?}");
}
