//! The `rpc.message` events of the gRPC layers: one per message either way, with its type, id and size, on the
//! server and the client span of each kind of call (a real tonic server and client on 127.0.0.1); the bound and
//! its count of the messages left out; the layers switched off; and, in memory, the framing read from any chunks
//! of any bytes while the bodies pass through untouched.

mod common;

use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use common::services::{propagators, runtime, Server};
use common::*;
use futures::{Stream, StreamExt};
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt;
use opentelemetry::trace::SpanKind;
use opentelemetry::Value;
use opentelemetry_sdk::trace::SpanData;
use proptest::prelude::*;
use prost::Message;
use tonic::transport::{Channel, Endpoint};
use tonic::{Request, Response, Status, Streaming};
use tower::{service_fn, Layer, ServiceExt};
use traced::grpc::{MESSAGES_RECEIVED, MESSAGES_SENT, MESSAGE_EVENTS_DROPPED};
use traced::http::TraceLayer;
use traced_tests::streams::streams_client::StreamsClient;
use traced_tests::streams::streams_server::{Streams, StreamsServer};
use traced_tests::{CheckReply, CheckRequest};

type Replies = Pin<Box<dyn Stream<Item = Result<CheckReply, Status>> + Send>>;

/// The test implementation of `traced.test.Streams`.
struct Counting;

#[tonic::async_trait]
impl Streams for Counting {
    async fn once(&self, request: Request<CheckRequest>) -> Result<Response<CheckReply>, Status> {
        Ok(Response::new(reply(&request.into_inner().sku, 0)))
    }

    type FanStream = Replies;

    async fn fan(&self, request: Request<CheckRequest>) -> Result<Response<Replies>, Status> {
        let CheckRequest { sku, replies, .. } = request.into_inner();
        let replies = futures::stream::iter(0..replies).map(move |index| Ok(reply(&sku, index.into())));
        Ok(Response::new(Box::pin(replies)))
    }

    async fn tally(&self, request: Request<Streaming<CheckRequest>>) -> Result<Response<CheckReply>, Status> {
        let mut requests = request.into_inner();
        let (mut sku, mut count) = (String::new(), 0);
        while let Some(request) = requests.message().await? {
            (sku, count) = (request.sku, count + 1);
        }
        Ok(Response::new(reply(&sku, count)))
    }

    type EchoStream = Replies;

    async fn echo(&self, request: Request<Streaming<CheckRequest>>) -> Result<Response<Replies>, Status> {
        let replies = request.into_inner().map(|request| request.map(|request| reply(&request.sku, 7)));
        Ok(Response::new(Box::pin(replies)))
    }
}

fn reply(sku: &str, count: i64) -> CheckReply {
    CheckReply { sku: sku.to_owned(), count }
}

/// Requests of different sizes, so that each event's size tells which message it stands for.
fn requests(n: usize) -> Vec<CheckRequest> {
    (1..=n).map(|index| CheckRequest { sku: "s".repeat(index), code: 0, replies: 0 }).collect()
}

/// The sizes of `messages` on the wire (uncompressed: the length in their gRPC prefix).
fn sizes<M: Message>(messages: &[M]) -> Vec<i64> {
    messages.iter().map(|message| message.encoded_len() as i64).collect()
}

/// `Streams` behind `layer` on 127.0.0.1.
async fn serve(layer: TraceLayer) -> Server {
    Server::grpc_with(layer, tonic::service::Routes::new(StreamsServer::new(Counting))).await
}

async fn client(server: &Server, layer: TraceLayer) -> StreamsClient<traced::http::TraceService<Channel>> {
    let channel = Endpoint::from_shared(server.url("")).expect("endpoint").connect().await.expect("connect");
    StreamsClient::new(tower::ServiceBuilder::new().layer(layer).service(channel))
}

/// The server and the client span of the one call of `method`, once both have ended.
fn call_spans(telemetry: &Telemetry, method: &str) -> (SpanData, SpanData) {
    let name = format!("traced.test.Streams/{method}");
    let spans = telemetry.wait_until(|spans| {
        [SpanKind::Server, SpanKind::Client]
            .iter()
            .all(|kind| spans.iter().any(|span| span.name == name && span.span_kind == *kind))
    });
    let span = |kind| spans.iter().find(|span| span.name == name && span.span_kind == kind).cloned().unwrap();
    (span(SpanKind::Server), span(SpanKind::Client))
}

/// The `rpc.message` events of `span`, in order: type, id and size.
fn messages(span: &SpanData) -> Vec<(String, i64, i64)> {
    let value = |event: &opentelemetry::trace::Event, key: &str| {
        event.attributes.iter().find(|kv| kv.key.as_str() == key).map(|kv| kv.value.clone())
    };
    span.events
        .iter()
        .filter(|event| event.name == "rpc.message")
        .map(|event| {
            let Some(Value::String(kind)) = value(event, "rpc.message.type") else { panic!("no type: {event:?}") };
            let Some(Value::I64(id)) = value(event, "rpc.message.id") else { panic!("no id: {event:?}") };
            let Some(Value::I64(size)) = value(event, "rpc.message.compressed_size") else {
                panic!("no size: {event:?}")
            };
            (kind.as_str().to_owned(), id, size)
        })
        .collect()
}

/// The `(id, size)` of the messages of `span` of `kind` (`SENT` or `RECEIVED`).
fn way(span: &SpanData, kind: &str) -> Vec<(i64, i64)> {
    messages(span).into_iter().filter(|(seen, ..)| seen == kind).map(|(_, id, size)| (id, size)).collect()
}

/// Ids from 1 for each of `sizes`.
fn numbered(sizes: &[i64]) -> Vec<(i64, i64)> {
    sizes.iter().enumerate().map(|(index, size)| (index as i64 + 1, *size)).collect()
}

/// `span` has an event for each message, `sent` and `received` its sizes each way, and their totals.
fn assert_messages(span: &SpanData, sent: &[i64], received: &[i64]) {
    assert_eq!(way(span, "SENT"), numbered(sent), "{:?} {:?}", span.span_kind, span.events);
    assert_eq!(way(span, "RECEIVED"), numbered(received), "{:?} {:?}", span.span_kind, span.events);
    assert_eq!(attribute(span, MESSAGES_SENT), Some(Value::I64(sent.len() as i64)), "{span:?}");
    assert_eq!(attribute(span, MESSAGES_RECEIVED), Some(Value::I64(received.len() as i64)), "{span:?}");
    assert_eq!(attribute(span, MESSAGE_EVENTS_DROPPED), None, "{span:?}");
}

#[test]
fn a_unary_call_has_a_message_each_way_on_both_sides() {
    let telemetry = telemetry();
    propagators();
    runtime().block_on(async {
        let server = serve(TraceLayer::grpc_server()).await;
        let mut client = client(&server, TraceLayer::grpc_client()).await;
        let request = requests(3).pop().unwrap();

        let answer = client.once(request.clone()).await.expect("once").into_inner();

        let (server_span, client_span) = call_spans(&telemetry, "Once");
        let (request, answer) = (sizes(&[request]), sizes(&[answer]));
        assert_messages(&server_span, &answer, &request);
        assert_messages(&client_span, &request, &answer);
        // The request first, on either side.
        assert_eq!(messages(&server_span)[0].0, "RECEIVED");
        assert_eq!(messages(&client_span)[0].0, "SENT");
        server.stop().await;
    });
}

#[test]
fn a_server_streaming_call_has_an_event_for_each_reply() {
    let telemetry = telemetry();
    propagators();
    runtime().block_on(async {
        let server = serve(TraceLayer::grpc_server()).await;
        let mut client = client(&server, TraceLayer::grpc_client()).await;
        let request = CheckRequest { sku: "sku-1".to_owned(), code: 0, replies: 5 };

        let mut replies = client.fan(request.clone()).await.expect("fan").into_inner();
        let mut answers = Vec::new();
        while let Some(reply) = replies.message().await.expect("a reply") {
            answers.push(reply);
        }

        assert_eq!(answers.len(), 5);
        let (server_span, client_span) = call_spans(&telemetry, "Fan");
        assert_messages(&server_span, &sizes(&answers), &sizes(std::slice::from_ref(&request)));
        assert_messages(&client_span, &sizes(&[request]), &sizes(&answers));
        server.stop().await;
    });
}

#[test]
fn a_client_streaming_call_has_an_event_for_each_request() {
    let telemetry = telemetry();
    propagators();
    runtime().block_on(async {
        let server = serve(TraceLayer::grpc_server()).await;
        let mut client = client(&server, TraceLayer::grpc_client()).await;
        let sent = requests(4);

        let answer = client.tally(futures::stream::iter(sent.clone())).await.expect("tally").into_inner();

        assert_eq!(answer.count, 4);
        let (server_span, client_span) = call_spans(&telemetry, "Tally");
        assert_messages(&server_span, &sizes(std::slice::from_ref(&answer)), &sizes(&sent));
        assert_messages(&client_span, &sizes(&sent), &sizes(&[answer]));
        server.stop().await;
    });
}

#[test]
fn a_bidirectional_call_has_an_event_for_each_message_either_way() {
    let telemetry = telemetry();
    propagators();
    runtime().block_on(async {
        let server = serve(TraceLayer::grpc_server()).await;
        let mut client = client(&server, TraceLayer::grpc_client()).await;
        let sent = requests(3);

        let mut replies = client.echo(futures::stream::iter(sent.clone())).await.expect("echo").into_inner();
        let mut answers = Vec::new();
        while let Some(reply) = replies.message().await.expect("a reply") {
            answers.push(reply);
        }

        assert_eq!(answers.len(), 3);
        let (server_span, client_span) = call_spans(&telemetry, "Echo");
        assert_messages(&server_span, &sizes(&answers), &sizes(&sent));
        assert_messages(&client_span, &sizes(&sent), &sizes(&answers));
        server.stop().await;
    });
}

#[test]
fn past_the_bound_messages_are_counted_not_recorded() {
    let telemetry = telemetry();
    propagators();
    runtime().block_on(async {
        let server = serve(TraceLayer::grpc_server().with_message_events(3)).await;
        let mut client = client(&server, TraceLayer::grpc_client().with_message_events(3)).await;
        // One request and nine replies: ten messages.
        let request = CheckRequest { sku: "sku-1".to_owned(), code: 0, replies: 9 };

        let mut replies = client.fan(request.clone()).await.expect("fan").into_inner();
        let mut answers = Vec::new();
        while let Some(reply) = replies.message().await.expect("a reply") {
            answers.push(reply);
        }

        assert_eq!(answers.len(), 9, "the stream is whole");
        let (server_span, client_span) = call_spans(&telemetry, "Fan");
        let (request, answers) = (sizes(&[request]), sizes(&answers));
        for (span, request_way, reply_way) in [(&server_span, "RECEIVED", "SENT"), (&client_span, "SENT", "RECEIVED")] {
            // The first three: the request, then the first two replies.
            let expected = [(request_way, 1, request[0]), (reply_way, 1, answers[0]), (reply_way, 2, answers[1])]
                .map(|(kind, id, size)| (kind.to_owned(), id, size));
            assert_eq!(messages(span), expected, "{:?}", span.span_kind);
            assert_eq!(attribute(span, MESSAGE_EVENTS_DROPPED), Some(Value::I64(7)), "{span:?}");
            let (sent, received) = if reply_way == "SENT" { (9, 1) } else { (1, 9) };
            assert_eq!(attribute(span, MESSAGES_SENT), Some(Value::I64(sent)), "{span:?}");
            assert_eq!(attribute(span, MESSAGES_RECEIVED), Some(Value::I64(received)), "{span:?}");
            assert_eq!(span.events.dropped_count, 0, "the SDK dropped nothing: the layer's bound came first");
        }
        server.stop().await;
    });
}

#[test]
fn a_bound_of_zero_keeps_the_totals_alone() {
    let telemetry = telemetry();
    propagators();
    runtime().block_on(async {
        let server = serve(TraceLayer::grpc_server().with_message_events(0)).await;
        let mut client = client(&server, TraceLayer::grpc_client()).await;

        client.tally(futures::stream::iter(requests(4))).await.expect("tally");

        let (server_span, _) = call_spans(&telemetry, "Tally");
        assert_eq!(messages(&server_span), []);
        assert_eq!(attribute(&server_span, MESSAGES_RECEIVED), Some(Value::I64(4)));
        assert_eq!(attribute(&server_span, MESSAGES_SENT), Some(Value::I64(1)));
        assert_eq!(attribute(&server_span, MESSAGE_EVENTS_DROPPED), Some(Value::I64(5)));
        server.stop().await;
    });
}

#[test]
fn switched_off_the_layers_record_no_messages() {
    let telemetry = telemetry();
    propagators();
    runtime().block_on(async {
        let server = serve(TraceLayer::grpc_server().without_message_events()).await;
        let mut client = client(&server, TraceLayer::grpc_client().without_message_events()).await;

        let mut replies = client.echo(futures::stream::iter(requests(3))).await.expect("echo").into_inner();
        let mut answers = 0;
        while replies.message().await.expect("a reply").is_some() {
            answers += 1;
        }

        assert_eq!(answers, 3);
        let (server_span, client_span) = call_spans(&telemetry, "Echo");
        for span in [&server_span, &client_span] {
            assert_eq!(event_names(span), Vec::<String>::new(), "{span:?}");
            assert!(!keys(span).iter().any(|key| key.starts_with("rpc.message")), "{:?}", keys(span));
        }
        server.stop().await;
    });
}

// In memory: a body of chosen frames, and the gRPC prefixes read from them whatever the chunks.

/// A body of the given frames, then the end, with the size hint and end of stream it is told to report.
struct Frames {
    frames: VecDeque<Result<Frame<Bytes>, std::io::Error>>,
    hint: SizeHint,
}

impl Frames {
    fn new(chunks: Vec<Bytes>, trailers: Option<http::HeaderMap>, error: Option<&str>) -> Self {
        let mut frames: VecDeque<_> = chunks.into_iter().map(|chunk| Ok(Frame::data(chunk))).collect();
        frames.extend(trailers.map(|trailers| Ok(Frame::trailers(trailers))));
        frames.extend(error.map(|error| Err(std::io::Error::other(error.to_owned()))));
        Frames { frames, hint: SizeHint::with_exact(12_345) }
    }
}

impl Body for Frames {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Poll::Ready(self.frames.pop_front())
    }

    fn is_end_stream(&self) -> bool {
        self.frames.is_empty()
    }

    fn size_hint(&self) -> SizeHint {
        self.hint
    }
}

/// What a body gave, frame by frame: data, trailers, or an error's text.
#[derive(Debug, PartialEq)]
enum Seen {
    Data(Bytes),
    Trailers(http::HeaderMap),
    Error(String),
}

/// What a body gave: its frames, its size hint and end of stream before the first, its end of stream after.
type Read = (Vec<Seen>, (Option<u64>, bool), bool);

/// Every frame of `body`, with its size hint and end of stream before the first and after the last.
async fn read<B: Body<Data = Bytes> + Unpin>(mut body: B) -> Read
where
    B::Error: std::fmt::Display,
{
    let before = (body.size_hint().exact(), body.is_end_stream());
    let mut seen = Vec::new();
    while let Some(frame) = body.frame().await {
        seen.push(match frame {
            Ok(frame) => match frame.into_data() {
                Ok(data) => Seen::Data(data),
                Err(frame) => Seen::Trailers(frame.into_trailers().expect("data or trailers")),
            },
            Err(error) => Seen::Error(error.to_string()),
        });
    }
    (seen, before, body.is_end_stream())
}

/// The sizes of the messages in `bytes` read whole, as a reference: whole frames but gRPC-Web trailers.
fn framed_sizes(bytes: &[u8]) -> Vec<i64> {
    let mut sizes = Vec::new();
    let mut rest = bytes;
    while let [flag, a, b, c, d, payload @ ..] = rest {
        let length = u32::from_be_bytes([*a, *b, *c, *d]) as usize;
        if payload.len() < length {
            break;
        }
        if flag & 0x80 == 0 {
            sizes.push(length as i64);
        }
        rest = &payload[length..];
    }
    sizes
}

/// gRPC frames of `messages` (flag, payload).
fn framed(messages: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for (flag, payload) in messages {
        bytes.push(*flag);
        bytes.extend_from_slice(&(payload.len() as u32).to_be_bytes());
        bytes.extend_from_slice(payload);
    }
    bytes
}

/// `bytes` cut at `cuts` (any positions, in any order; empty chunks included).
fn chunked(bytes: &[u8], cuts: &[usize]) -> Vec<Bytes> {
    let mut cuts: Vec<usize> = cuts.iter().map(|cut| cut % (bytes.len() + 1)).collect();
    cuts.sort_unstable();
    let mut chunks = Vec::new();
    let mut start = 0;
    for cut in cuts.into_iter().chain([bytes.len()]) {
        chunks.push(Bytes::copy_from_slice(&bytes[start..cut]));
        start = cut;
    }
    chunks
}

/// Polls a future that never waits (every body here is ready at once). Not `block_on`: the SDK's simple
/// processor exports with one when the span ends, and executors do not nest.
fn run<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(futures::task::noop_waker_ref())) {
        Poll::Ready(output) => output,
        Poll::Pending => unreachable!("nothing here waits"),
    }
}

fn ok_trailers() -> http::HeaderMap {
    let mut trailers = http::HeaderMap::new();
    trailers.insert("grpc-status", "0".parse().unwrap());
    trailers
}

/// One call through `layer` in memory: the request body made of `request`'s chunks (in tonic's body, as tonic's
/// server hands it on), the response body of `response`'s, then `ending`'s trailers or error. Returns what the
/// handler read, what the caller read, and the span.
fn exchange(
    telemetry: &Telemetry,
    layer: TraceLayer,
    request: Vec<Bytes>,
    response: Vec<Bytes>,
    error: Option<&'static str>,
) -> (Read, Read, SpanData) {
    exchange_as(telemetry, layer, request, response, error, "application/grpc")
}

/// [`exchange`] with the request's `content-type`.
fn exchange_as(
    telemetry: &Telemetry,
    layer: TraceLayer,
    request: Vec<Bytes>,
    response: Vec<Bytes>,
    error: Option<&'static str>,
    content_type: &'static str,
) -> (Read, Read, SpanData) {
    let handled = Arc::new(Mutex::new(None));
    let service = layer.layer(service_fn({
        let handled = Arc::clone(&handled);
        move |request: http::Request<tonic::body::Body>| {
            let (handled, response) = (Arc::clone(&handled), response.clone());
            async move {
                *handled.lock().unwrap() = Some(read(request.into_body()).await);
                let body = Frames::new(response, error.is_none().then(ok_trailers), error);
                Ok::<_, Infallible>(http::Response::new(body))
            }
        }
    }));
    let body = tonic::body::Body::new(Frames::new(request, None, None));
    let request = http::Request::post("http://127.0.0.1:1/traced.test.Streams/Echo")
        .header(http::header::CONTENT_TYPE, content_type)
        .body(body)
        .unwrap();
    let answered = run(async {
        let response = service.oneshot(request).await.expect("infallible");
        read(response.into_body()).await
    });
    let handled = handled.lock().unwrap().take().expect("the handler ran");
    let spans = telemetry.spans();
    assert_eq!(spans.len(), 1, "{:?}", names(&spans));
    (handled, answered, spans[0].clone())
}

#[test]
fn a_malformed_stream_passes_through_untouched() {
    let telemetry = telemetry();
    // A whole message of 3 bytes, then one that says 10 and has 2, and an error.
    let response = vec![Bytes::from_static(&[0, 0, 0, 0, 3, 1, 2, 3, 0, 0, 0, 0, 10]), Bytes::from_static(&[4, 5])];
    let request = vec![Bytes::from_static(&[0, 0, 0]), Bytes::from_static(&[0, 0])];

    let (handled, answered, span) =
        exchange(&telemetry, TraceLayer::grpc_server(), request.clone(), response.clone(), Some("reset"));

    let mut expected: Vec<Seen> = response.into_iter().map(Seen::Data).collect();
    expected.push(Seen::Error("reset".to_owned()));
    assert_eq!(answered, (expected, (Some(12_345), false), true), "the response, its hint and its end");
    let request = request.into_iter().map(Seen::Data).collect();
    assert_eq!(handled, (request, (Some(12_345), false), true), "the request, its hint and its end");
    assert_eq!(way(&span, "SENT"), [(1, 3)], "the truncated message is not one");
    assert_eq!(way(&span, "RECEIVED"), [(1, 0)], "a zero-length message, its prefix in two chunks");
    assert!(is_error(&span), "the body's error: {span:?}");
}

#[test]
fn an_http_layer_reads_no_messages() {
    let telemetry = telemetry();
    let message = Bytes::from_static(&[0, 0, 0, 0, 1, 9]);

    let (_, answered, span) =
        exchange(&telemetry, TraceLayer::http_server(), vec![message.clone()], vec![message.clone()], None);

    assert_eq!(answered.0, [Seen::Data(message), Seen::Trailers(ok_trailers())]);
    assert_eq!(event_names(&span), Vec::<String>::new());
    assert!(!keys(&span).iter().any(|key| key.starts_with("rpc.")), "{:?}", keys(&span));
}

#[test]
fn grpc_web_text_is_not_counted() {
    let telemetry = telemetry();
    // Base64 of a message: its bytes read as a frame prefix would claim a length of over a gigabyte.
    let text = Bytes::from_static(b"AAAAAAEJ");
    let (handled, answered, span) = exchange_as(
        &telemetry,
        TraceLayer::grpc_server(),
        vec![text.clone()],
        vec![text.clone()],
        None,
        "application/grpc-web-text+proto",
    );
    assert_eq!(handled.0, [Seen::Data(text.clone())]);
    assert_eq!(answered.0, [Seen::Data(text), Seen::Trailers(ok_trailers())]);
    assert_eq!(event_names(&span), Vec::<String>::new());
    assert!(!keys(&span).iter().any(|key| key.starts_with("rpc.message")), "{:?}", keys(&span));
}

/// A valid stream of at most 24 messages (the SDK keeps 128 events), some compressed, some gRPC-Web trailers.
fn messages_strategy() -> impl Strategy<Value = Vec<(u8, Vec<u8>)>> {
    prop::collection::vec(
        (prop_oneof![Just(0u8), Just(1), Just(0x80)], prop::collection::vec(any::<u8>(), 0..40)),
        0..24,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn valid_streams_in_any_chunks_count_every_message(
        request in messages_strategy(),
        response in messages_strategy(),
        request_cuts in prop::collection::vec(any::<usize>(), 0..12),
        response_cuts in prop::collection::vec(any::<usize>(), 0..12),
    ) {
        let telemetry = telemetry();
        let (request, response) = (framed(&request), framed(&response));
        let (request_chunks, response_chunks) = (chunked(&request, &request_cuts), chunked(&response, &response_cuts));

        let (handled, answered, span) =
            exchange(&telemetry, TraceLayer::grpc_server(), request_chunks.clone(), response_chunks.clone(), None);

        prop_assert_eq!(handled.0, request_chunks.into_iter().map(Seen::Data).collect::<Vec<_>>());
        let mut expected: Vec<Seen> = response_chunks.into_iter().map(Seen::Data).collect();
        expected.push(Seen::Trailers(ok_trailers()));
        prop_assert_eq!(answered.0, expected);
        prop_assert_eq!(way(&span, "RECEIVED"), numbered(&framed_sizes(&request)));
        prop_assert_eq!(way(&span, "SENT"), numbered(&framed_sizes(&response)));
    }

    #[test]
    fn any_bytes_in_any_chunks_pass_through(
        request in prop::collection::vec(any::<u8>(), 0..300),
        response in prop::collection::vec(any::<u8>(), 0..300),
        request_cuts in prop::collection::vec(any::<usize>(), 0..12),
        response_cuts in prop::collection::vec(any::<usize>(), 0..12),
    ) {
        let telemetry = telemetry();
        let (request_chunks, response_chunks) = (chunked(&request, &request_cuts), chunked(&response, &response_cuts));

        let (handled, answered, span) = exchange(
            &telemetry, TraceLayer::grpc_server(), request_chunks.clone(), response_chunks.clone(), Some("reset"),
        );

        prop_assert_eq!(handled.0, request_chunks.into_iter().map(Seen::Data).collect::<Vec<_>>());
        let mut expected: Vec<Seen> = response_chunks.into_iter().map(Seen::Data).collect();
        expected.push(Seen::Error("reset".to_owned()));
        prop_assert_eq!(answered.0, expected);
        let received = framed_sizes(&request);
        let sent = framed_sizes(&response);
        prop_assert_eq!(attribute(&span, MESSAGES_RECEIVED), Some(Value::I64(received.len() as i64)));
        prop_assert_eq!(attribute(&span, MESSAGES_SENT), Some(Value::I64(sent.len() as i64)));
        // Within the bound, an event for each.
        let recorded = messages(&span).len();
        prop_assert_eq!(recorded, (received.len() + sent.len()).min(traced::grpc::DEFAULT_MESSAGE_EVENTS as usize));
    }
}
