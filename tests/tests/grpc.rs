//! The gRPC layers on a real tonic server and client on 127.0.0.1: one span per call on each side, named and
//! attributed after the gRPC conventions (semantic conventions 1.42), the server's a child of the client's through
//! the call's metadata, an Error by each side's rules, open until a streamed response ends; and the metadata
//! helpers.

mod common;

use std::pin::Pin;
use std::sync::{Arc, Mutex};

use common::services::{propagators, runtime, Server};
use common::*;
use futures::{Stream, StreamExt};
use opentelemetry::baggage::BaggageExt;
use opentelemetry::context::FutureExt;
use opentelemetry::trace::{SpanContext, SpanKind, TraceContextExt, TraceId};
use opentelemetry::{Context, Value};
use opentelemetry_sdk::trace::SpanData;
use tokio::sync::mpsc;
use tonic::metadata::MetadataMap;
use tonic::transport::{Channel, Endpoint};
use tonic::{Code, Request, Response, Status};
use traced::traced;
use traced_tests::stock::stock_client::StockClient;
use traced_tests::stock::stock_server::{Stock, StockServer};
use traced_tests::{CheckReply, CheckRequest};

const CHECK: &str = "traced.test.Stock/Check";
const WATCH: &str = "traced.test.Stock/Watch";
/// The message of every status the server answers with: percent-encoded on the wire.
const MESSAGE: &str = "stock: café 100% ✓";
/// The codes that make a server span an error: the server's fault, not the caller's.
const SERVER_ERRORS: [i32; 6] = [2, 4, 12, 13, 14, 15];

/// What the handler of a `Check` saw.
#[derive(Clone, Debug)]
struct Seen {
    /// `traced::trace_id()` in the handler.
    trace_id: Option<TraceId>,
    /// The span context of `extract_metadata(request.metadata())`.
    extracted: SpanContext,
    /// The baggage entry `tenant` of the current context.
    tenant: Option<String>,
}

/// The test implementation of `traced.test.Stock`.
#[derive(Clone, Default)]
struct Shop {
    /// What the last `Check` saw.
    seen: Arc<Mutex<Option<Seen>>>,
    /// The replies of the next `Watch`, sent by the test; without it the request says what to stream.
    gate: Arc<Mutex<Option<mpsc::Receiver<Reply>>>>,
}

/// One item of `Watch`'s stream.
type Reply = Result<CheckReply, Status>;

type Replies = Pin<Box<dyn Stream<Item = Reply> + Send>>;

#[traced(name = "stock.lookup")]
fn lookup(sku: &str) -> i64 {
    sku.len() as i64
}

#[tonic::async_trait]
impl Stock for Shop {
    async fn check(&self, request: Request<CheckRequest>) -> Result<Response<CheckReply>, Status> {
        let extracted = traced::grpc::extract_metadata(request.metadata()).span().span_context().clone();
        let tenant = Context::map_current(|cx| cx.baggage().get("tenant").map(|value| value.to_string()));
        *self.seen.lock().unwrap() = Some(Seen { trace_id: traced::trace_id(), extracted, tenant });
        let request = request.into_inner();
        let count = lookup(&request.sku);
        match request.code {
            0 => Ok(Response::new(CheckReply { sku: request.sku, count })),
            code => Err(Status::new(Code::from(code), MESSAGE)),
        }
    }

    type WatchStream = Replies;

    async fn watch(&self, request: Request<CheckRequest>) -> Result<Response<Replies>, Status> {
        if let Some(gate) = self.gate.lock().unwrap().take() {
            let replies = futures::stream::unfold(gate, |mut gate| async move { Some((gate.recv().await?, gate)) });
            return Ok(Response::new(Box::pin(replies)));
        }
        let CheckRequest { sku, code, replies } = request.into_inner();
        // Made as the response body is polled, so `lookup` runs in the body's polls, not the handler's.
        let replies = futures::stream::iter(0..replies).map(move |index| {
            lookup(&sku);
            Ok(CheckReply { sku: sku.clone(), count: index.into() })
        });
        let end = (code != 0).then(|| Err(Status::new(Code::from(code), MESSAGE)));
        Ok(Response::new(Box::pin(replies.chain(futures::stream::iter(end)))))
    }
}

impl Shop {
    fn routes(&self) -> tonic::service::Routes {
        tonic::service::Routes::new(StockServer::new(self.clone()))
    }

    fn seen(&self) -> Seen {
        self.seen.lock().unwrap().clone().expect("the handler ran")
    }
}

type TracedChannel = traced::http::TraceService<Channel>;

async fn channel(server: &Server) -> Channel {
    Endpoint::from_shared(server.url("")).expect("endpoint").connect().await.expect("connect")
}

/// A client behind `traced::http::TraceLayer::grpc_client()`.
async fn client(server: &Server) -> StockClient<TracedChannel> {
    StockClient::new(
        tower::ServiceBuilder::new().layer(traced::http::TraceLayer::grpc_client()).service(channel(server).await),
    )
}

/// The same server without the layer, for what the layers must leave as they are.
async fn untraced_server(shop: &Shop) -> Server {
    let routes = shop.routes();
    Server::start(|listener, stopped| async move {
        tonic::transport::Server::builder()
            .add_routes(routes)
            .serve_with_incoming_shutdown(tonic::transport::server::TcpIncoming::from(listener), async move {
                let _ = stopped.await;
            })
            .await
            .expect("tonic server");
    })
    .await
}

fn request(code: i32, replies: u32) -> CheckRequest {
    CheckRequest { sku: "sku-1".to_owned(), code, replies }
}

/// The one finished span named `name` of kind `kind`.
fn span_of(spans: &[SpanData], name: &str, kind: SpanKind) -> SpanData {
    let mut matching = spans.iter().filter(|span| span.name == name && span.span_kind == kind);
    let span = matching.next().unwrap_or_else(|| panic!("no {kind:?} span {name:?} in {:?}", names(spans))).clone();
    assert!(matching.next().is_none(), "several {kind:?} spans named {name:?}");
    span
}

/// Waits for the server and the client span of one call named `name`, and returns them.
fn wait_for_call(telemetry: &Telemetry, name: &str) -> (SpanData, SpanData) {
    let spans = telemetry.wait_until(|spans| {
        [SpanKind::Server, SpanKind::Client]
            .iter()
            .all(|kind| spans.iter().any(|span| span.name == name && span.span_kind == *kind))
    });
    (span_of(&spans, name, SpanKind::Server), span_of(&spans, name, SpanKind::Client))
}

/// `rpc.response.status_code`: the code's name.
fn status_code(span: &SpanData) -> Option<Value> {
    attribute(span, "rpc.response.status_code")
}

/// `error.type`, which a span must carry once at most.
fn error_type(span: &SpanData) -> Option<Value> {
    let values: Vec<&Value> =
        span.attributes.iter().filter(|kv| kv.key.as_str() == "error.type").map(|kv| &kv.value).collect();
    assert!(values.len() <= 1, "several error.type on {:?}: {values:?}", span.name);
    values.first().map(|value| (*value).clone())
}

/// The attributes of a call of `method` (`package.Service/Method`), and none of the names the conventions
/// replaced.
fn assert_rpc_attributes(span: &SpanData, method: &str) {
    assert_eq!(attribute(span, "rpc.system.name"), Some(Value::from("grpc")), "{span:?}");
    assert_eq!(attribute(span, "rpc.method"), Some(Value::from(method.to_owned())), "{span:?}");
    assert_eq!(attribute(span, "rpc.method_original"), None, "{span:?}");
    for deprecated in ["rpc.system", "rpc.service", "rpc.grpc.status_code"] {
        assert_eq!(attribute(span, deprecated), None, "{deprecated}: {span:?}");
    }
}

#[traced(name = "shop.order")]
async fn order(client: &mut StockClient<TracedChannel>) -> Result<CheckReply, Status> {
    let cx = Context::current_with_baggage([opentelemetry::KeyValue::new("tenant", "acme")]);
    client.check(request(0, 0)).with_context(cx).await.map(Response::into_inner)
}

#[test]
fn a_unary_call_has_a_client_span_and_a_server_span_its_child() {
    let telemetry = telemetry();
    propagators();
    runtime().block_on(async {
        let shop = Shop::default();
        let server = Server::grpc(shop.routes()).await;
        let mut client = client(&server).await;

        let reply = order(&mut client).await.expect("check");
        assert_eq!(reply, CheckReply { sku: "sku-1".to_owned(), count: 5 });

        let (server_span, client_span) = wait_for_call(&telemetry, CHECK);
        let order = telemetry.wait_for("shop.order");
        let lookup = telemetry.wait_for("stock.lookup");

        // Names, kinds and the conventions' attributes on both sides.
        assert_rpc_attributes(&server_span, CHECK);
        assert_rpc_attributes(&client_span, CHECK);
        assert_eq!(status_code(&server_span), Some(Value::from("OK")));
        assert_eq!(status_code(&client_span), Some(Value::from("OK")));
        // The server was addressed by the authority tonic's channel sends; the client knows it only from an
        // origin (`a_client_with_an_origin_records_the_server_address`).
        assert_eq!(attribute(&server_span, "server.address"), Some(Value::from("127.0.0.1")));
        assert_eq!(attribute(&server_span, "server.port"), Some(Value::I64(server.addr.port().into())));
        assert!(!is_error(&server_span) && !is_error(&client_span), "{server_span:?}\n{client_span:?}");
        assert_eq!(error_type(&server_span), None);
        assert_eq!(error_type(&client_span), None);

        // The client span is a child of the current context, the server span of the client span through the
        // metadata, and the handler's `#[traced]` functions are children of the server span.
        assert!(is_child_of(&client_span, &order), "{client_span:?}");
        assert!(!client_span.parent_span_is_remote);
        assert!(is_child_of(&server_span, &client_span), "{server_span:?}\n{client_span:?}");
        assert!(server_span.parent_span_is_remote);
        assert!(is_child_of(&lookup, &server_span), "{lookup:?}");

        // The handler runs in the call's context, and sees the client's span in the metadata, and its baggage.
        let seen = shop.seen();
        let client_context = &client_span.span_context;
        assert_eq!(seen.trace_id, Some(client_context.trace_id()));
        assert_eq!(seen.extracted.trace_id(), client_context.trace_id());
        assert_eq!(seen.extracted.span_id(), client_context.span_id());
        assert!(seen.extracted.is_remote() && seen.extracted.is_sampled());
        assert_eq!(seen.tenant.as_deref(), Some("acme"));

        server.stop().await;
    });
}

#[test]
fn a_call_outside_any_span_starts_a_trace() {
    let telemetry = telemetry();
    propagators();
    runtime().block_on(async {
        let shop = Shop::default();
        let server = Server::grpc(shop.routes()).await;
        let mut client = client(&server).await;

        client.check(request(0, 0)).await.expect("check");

        let (server_span, client_span) = wait_for_call(&telemetry, CHECK);
        assert!(is_root(&client_span), "{client_span:?}");
        assert!(is_child_of(&server_span, &client_span));
        assert_eq!(shop.seen().tenant, None);
        server.stop().await;
    });
}

#[test]
fn metadata_helpers_round_trip_the_span_context_and_baggage() {
    let telemetry = telemetry();
    propagators();

    #[traced(name = "shop.call_stock")]
    fn outgoing() -> (SpanContext, MetadataMap) {
        let cx = Context::current_with_baggage([opentelemetry::KeyValue::new("tenant", "acme")]);
        let mut metadata = MetadataMap::new();
        traced::grpc::inject_metadata(&cx, &mut metadata);
        (cx.span().span_context().clone(), metadata)
    }

    let (sent, metadata) = outgoing();
    assert!(metadata.contains_key("traceparent"), "{metadata:?}");
    assert_eq!(metadata.get("baggage").and_then(|value| value.to_str().ok()), Some("tenant=acme"));

    let cx = traced::grpc::extract_metadata(&metadata);
    let span = cx.span();
    let received = span.span_context();
    assert_eq!(received.trace_id(), sent.trace_id());
    assert_eq!(received.span_id(), sent.span_id());
    assert_eq!(received.trace_flags(), sent.trace_flags());
    assert!(received.is_remote());
    assert_eq!(cx.baggage().get("tenant").map(|value| value.to_string()).as_deref(), Some("acme"));

    // Nothing in, nothing out: the current context, here none.
    let empty = traced::grpc::extract_metadata(&MetadataMap::new());
    assert!(!empty.span().span_context().is_valid());

    // Attached, the extracted context is the parent of what follows.
    let _attached = cx.attach();
    assert_eq!(traced::trace_id(), Some(sent.trace_id()));
    #[traced(name = "stock.reserve")]
    fn reserve() {}
    reserve();
    let reserve = telemetry.span("stock.reserve");
    assert_eq!(reserve.span_context.trace_id(), sent.trace_id());
    assert_eq!(reserve.parent_span_id, sent.span_id());
    assert!(reserve.parent_span_is_remote);
}

#[test]
fn every_status_code_is_recorded_and_passed_through_untouched() {
    let telemetry = telemetry();
    propagators();
    runtime().block_on(async {
        let shop = Shop::default();
        let server = Server::grpc(shop.routes()).await;
        let untraced = untraced_server(&shop).await;
        let mut client = client(&server).await;
        let mut untraced_client = StockClient::new(channel(&untraced).await);

        for code in 0..=16 {
            let traced_answer = client.check(request(code, 0)).await;
            let (server_span, client_span) = wait_for_call(&telemetry, CHECK);
            telemetry.exporter.reset();
            let untraced_answer = untraced_client.check(request(code, 0)).await;

            // The caller gets what it gets without the layers.
            match (traced_answer, untraced_answer) {
                (Ok(traced), Ok(untraced)) => {
                    assert_eq!(code, 0);
                    assert_eq!(traced.get_ref(), untraced.get_ref());
                }
                (Err(traced), Err(untraced)) => {
                    assert_eq!(traced.code(), Code::from(code));
                    assert_eq!((traced.code(), traced.message()), (untraced.code(), untraced.message()));
                    assert_eq!(traced.message(), MESSAGE);
                }
                (traced, untraced) => panic!("code {code}: {traced:?} with the layers, {untraced:?} without"),
            }

            let name = upper_snake(&format!("{:?}", Code::from(code))); // `Internal` -> `INTERNAL`, ...
            for span in [&server_span, &client_span] {
                assert_rpc_attributes(span, CHECK);
                assert_eq!(status_code(span), Some(Value::from(name.clone())), "code {code}: {span:?}");
            }
            let server_error = SERVER_ERRORS.contains(&code);
            assert_eq!(is_error(&server_span), server_error, "code {code}: {server_span:?}");
            assert_eq!(is_error(&client_span), code != 0, "code {code}: {client_span:?}");
            for span in [&server_span, &client_span] {
                if is_error(span) {
                    assert_eq!(error_type(span), Some(Value::from(name.clone())), "code {code}: {span:?}");
                    assert_eq!(status_description(span), MESSAGE, "code {code}: {span:?}");
                } else {
                    assert_eq!(error_type(span), None, "code {code}: {span:?}");
                }
            }
        }

        server.stop().await;
        untraced.stop().await;
    });
}

/// `DeadlineExceeded` -> `DEADLINE_EXCEEDED`: gRPC's name of a code from tonic's.
fn upper_snake(name: &str) -> String {
    let mut out = String::new();
    for (index, c) in name.chars().enumerate() {
        if c.is_uppercase() && index > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

#[test]
fn a_streamed_response_keeps_both_spans_open_until_it_ends() {
    let telemetry = telemetry();
    propagators();
    runtime().block_on(async {
        let shop = Shop::default();
        let (replies, gate) = mpsc::channel(4);
        *shop.gate.lock().unwrap() = Some(gate);
        let server = Server::grpc(shop.routes()).await;
        let mut client = client(&server).await;

        let mut stream = client.watch(request(0, 0)).await.expect("watch").into_inner();
        replies.send(Ok(CheckReply { sku: "sku-1".to_owned(), count: 0 })).await.expect("send");
        let first = stream.message().await.expect("first reply").expect("a first reply");
        assert_eq!(first.count, 0);

        // The stream is open (the test has not ended it): no span of the call may have ended.
        let spans = telemetry.spans();
        assert!(spans.iter().all(|span| span.name != WATCH), "ended before the stream: {:?}", names(&spans));

        replies.send(Ok(CheckReply { sku: "sku-1".to_owned(), count: 1 })).await.expect("send");
        drop(replies);
        let second = stream.message().await.expect("second reply").expect("a second reply");
        assert_eq!(second.count, 1);
        assert_eq!(stream.message().await.expect("the end"), None);

        let (server_span, client_span) = wait_for_call(&telemetry, WATCH);
        for span in [&server_span, &client_span] {
            assert_rpc_attributes(span, WATCH);
            assert_eq!(status_code(span), Some(Value::from("OK")), "{span:?}");
            assert!(!is_error(span), "{span:?}");
        }
        assert!(is_child_of(&server_span, &client_span));

        server.stop().await;
    });
}

#[test]
fn traced_functions_that_make_a_streamed_response_are_children_of_the_server_span() {
    let telemetry = telemetry();
    propagators();
    runtime().block_on(async {
        let server = Server::grpc(Shop::default().routes()).await;
        let mut client = client(&server).await;
        let mut stream = client.watch(request(0, 2)).await.expect("watch").into_inner();
        while stream.message().await.expect("message").is_some() {}

        let (server_span, _) = wait_for_call(&telemetry, WATCH);
        let lookups: Vec<SpanData> = telemetry.spans().into_iter().filter(|span| span.name == "stock.lookup").collect();
        assert_eq!(lookups.len(), 2, "one per reply");
        assert!(lookups.iter().all(|lookup| is_child_of(lookup, &server_span)), "{lookups:#?}");
        server.stop().await;
    });
}

#[test]
fn a_stream_ended_by_an_error_status_in_its_trailers_is_an_error() {
    let telemetry = telemetry();
    propagators();
    runtime().block_on(async {
        let shop = Shop::default();
        let server = Server::grpc(shop.routes()).await;
        let mut client = client(&server).await;

        let mut stream = client.watch(request(13, 2)).await.expect("watch").into_inner();
        assert_eq!(stream.message().await.expect("first").map(|reply| reply.count), Some(0));
        assert_eq!(stream.message().await.expect("second").map(|reply| reply.count), Some(1));
        let status = stream.message().await.expect_err("the status in the trailers");
        assert_eq!((status.code(), status.message()), (Code::Internal, MESSAGE));

        let (server_span, client_span) = wait_for_call(&telemetry, WATCH);
        for span in [&server_span, &client_span] {
            assert_rpc_attributes(span, WATCH);
            assert_eq!(status_code(span), Some(Value::from("INTERNAL")), "{span:?}");
            assert!(is_error(span), "{span:?}");
            assert_eq!(error_type(span), Some(Value::from("INTERNAL")), "{span:?}");
            assert_eq!(status_description(span), MESSAGE);
        }

        server.stop().await;
    });
}

/// A unary call of `path` with the messages of `Check`, through a traced channel.
async fn call_path(server: &Server, path: &'static str) -> Result<Response<CheckReply>, Status> {
    let channel =
        tower::ServiceBuilder::new().layer(traced::http::TraceLayer::grpc_client()).service(channel(server).await);
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready().await.map_err(|error| Status::unknown(error.to_string()))?;
    let codec = tonic_prost::ProstCodec::<CheckRequest, CheckReply>::default();
    grpc.unary(Request::new(request(0, 0)), http::uri::PathAndQuery::from_static(path), codec).await
}

#[test]
fn a_method_the_server_lacks_is_unimplemented_and_other() {
    let telemetry = telemetry();
    propagators();
    runtime().block_on(async {
        let shop = Shop::default();
        let server = Server::grpc(shop.routes()).await;

        // A method of a service the server has, a service it has not (tonic's router answers that one), and a
        // path that names no method. The server knows only its own methods: `_OTHER` and a span named `grpc`.
        // The client's stub knows the method it calls, unless the path is not `/package.Service/Method`. (A
        // handler's own UNIMPLEMENTED, with a message, keeps its method: `every_status_code_is_recorded_...`.)
        for (path, client_method) in [
            ("/traced.test.Stock/Nope", Some("traced.test.Stock/Nope")),
            ("/traced.test.Missing/Check", Some("traced.test.Missing/Check")),
            ("/traced.test.Stock/Check/more", None),
        ] {
            let original = &path[1..];
            let client_name = client_method.unwrap_or("grpc");
            let status = call_path(&server, path).await.expect_err("unimplemented");
            assert_eq!(status.code(), Code::Unimplemented, "{path}");

            let spans = telemetry.wait_until(|spans| {
                spans.iter().any(|span| span.name == "grpc" && span.span_kind == SpanKind::Server)
                    && spans.iter().any(|span| span.name == client_name && span.span_kind == SpanKind::Client)
            });
            telemetry.exporter.reset();
            let server_span = span_of(&spans, "grpc", SpanKind::Server);
            let client_span = span_of(&spans, client_name, SpanKind::Client);
            assert_eq!(attribute(&server_span, "rpc.method"), Some(Value::from("_OTHER")), "{server_span:?}");
            assert_eq!(attribute(&server_span, "rpc.method_original"), Some(Value::from(original)), "{server_span:?}");
            match client_method {
                Some(method) => assert_rpc_attributes(&client_span, method),
                None => {
                    assert_eq!(attribute(&client_span, "rpc.method"), Some(Value::from("_OTHER")), "{client_span:?}");
                    let original = Some(Value::from(original));
                    assert_eq!(attribute(&client_span, "rpc.method_original"), original, "{client_span:?}");
                }
            }
            for span in [&server_span, &client_span] {
                assert_eq!(attribute(span, "rpc.system.name"), Some(Value::from("grpc")), "{span:?}");
                assert_eq!(status_code(span), Some(Value::from("UNIMPLEMENTED")), "{span:?}");
                assert!(is_error(span), "{span:?}");
                assert_eq!(error_type(span), Some(Value::from("UNIMPLEMENTED")), "{span:?}");
            }
            assert!(is_child_of(&server_span, &client_span));
        }

        server.stop().await;
    });
}

/// A traced client of a port on 127.0.0.1 nothing listens on any more, and the same client untraced.
async fn closed_port() -> (StockClient<TracedChannel>, StockClient<Channel>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    drop(listener);
    let lazy = || Endpoint::from_shared(url.clone()).expect("endpoint").connect_lazy();
    let traced =
        StockClient::new(tower::ServiceBuilder::new().layer(traced::http::TraceLayer::grpc_client()).service(lazy()));
    (traced, StockClient::new(lazy()))
}

#[test]
fn a_call_that_cannot_connect_is_an_error_as_without_the_layer() {
    let telemetry = telemetry();
    propagators();
    runtime().block_on(async {
        let (mut traced, mut untraced) = closed_port().await;

        let untraced = untraced.check(request(0, 0)).await.expect_err("no server");
        let traced = traced.check(request(0, 0)).await.expect_err("no server");
        assert_eq!((traced.code(), traced.message()), (untraced.code(), untraced.message()));

        let spans = telemetry.wait_until(|spans| spans.iter().any(|span| span.name == CHECK));
        assert_eq!(spans.len(), 1, "{:?}", names(&spans));
        let client_span = span_of(&spans, CHECK, SpanKind::Client);
        assert_rpc_attributes(&client_span, CHECK);
        assert!(is_error(&client_span), "{client_span:?}");
        assert!(!status_description(&client_span).is_empty(), "{client_span:?}");
        // No status came: `error.type` is the error's, once, and no code is made up.
        assert_eq!(error_type(&client_span), Some(Value::from("tonic::transport::error::Error")), "{client_span:?}");
        assert_eq!(status_code(&client_span), None, "{client_span:?}");
    });
}

#[test]
fn a_client_with_an_origin_records_the_server_address() {
    let telemetry = telemetry();
    propagators();
    runtime().block_on(async {
        let shop = Shop::default();
        let server = Server::grpc(shop.routes()).await;
        let channel =
            tower::ServiceBuilder::new().layer(traced::http::TraceLayer::grpc_client()).service(channel(&server).await);
        let mut client = StockClient::with_origin(channel, server.url("").parse().expect("origin"));

        client.check(request(0, 0)).await.expect("check");

        let (server_span, client_span) = wait_for_call(&telemetry, CHECK);
        assert_eq!(attribute(&client_span, "server.address"), Some(Value::from("127.0.0.1")));
        assert_eq!(attribute(&client_span, "server.port"), Some(Value::I64(server.addr.port().into())));
        assert!(is_child_of(&server_span, &client_span));
        server.stop().await;
    });
}
