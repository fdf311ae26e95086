//! `rpc.message` events on gRPC spans, as otelgrpc records them: one per message each way, counted from the
//! framing of the request and response bodies, at most a bound of them per span, and the totals when the span
//! ends.

mod frames;
pub(crate) mod request_body;

use std::io::IoSlice;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering::Relaxed};
use std::sync::Arc;

use bytes::Buf;
use opentelemetry::trace::TraceContextExt;
use opentelemetry::{Context, KeyValue};
// Deprecated in the conventions 1.42 ("obsoleted", with no replacement), and still what otelgrpc and the
// backends that read its spans know.
#[allow(deprecated)]
use opentelemetry_semantic_conventions::attribute::{RPC_MESSAGE_COMPRESSED_SIZE, RPC_MESSAGE_ID, RPC_MESSAGE_TYPE};

use self::frames::Frames;

/// The name of a message event. The conventions' crate names no events, so it is spelled here (the RPC
/// conventions' `rpc.message` event, like the attribute names it carries).
const MESSAGE: &str = "rpc.message";

/// How many `rpc.message` events a gRPC span gets at most, unless
/// [`TraceLayer::with_message_events`](crate::http::TraceLayer::with_message_events) says otherwise.
///
/// Half the SDK's own bound on a span's events (`SpanLimits::max_events_per_span`, 128 by default), which drops
/// every event past it without a word: a long stream's messages leave room for the events that matter more, an
/// `exception` the handler records on the call's span among them. The first 64 messages show a stream's rhythm;
/// the totals, [`MESSAGES_SENT`] and [`MESSAGES_RECEIVED`], count the rest.
///
/// ```
/// let layer = traced::http::TraceLayer::grpc_server().with_message_events(traced::grpc::DEFAULT_MESSAGE_EVENTS);
/// # let _ = layer;
/// assert_eq!(traced::grpc::DEFAULT_MESSAGE_EVENTS, 64);
/// ```
pub const DEFAULT_MESSAGE_EVENTS: u32 = 64;

/// The attribute that counts the messages a gRPC span's side sent, set when the span ends.
///
/// ```
/// assert_eq!(traced::grpc::MESSAGES_SENT, "rpc.message.sent_count");
/// ```
pub const MESSAGES_SENT: &str = "rpc.message.sent_count";

/// The attribute that counts the messages a gRPC span's side received, set when the span ends.
///
/// ```
/// assert_eq!(traced::grpc::MESSAGES_RECEIVED, "rpc.message.received_count");
/// ```
pub const MESSAGES_RECEIVED: &str = "rpc.message.received_count";

/// The attribute that counts the messages a gRPC span has no `rpc.message` event for, past the layer's bound; set
/// when the span ends, only when there were some.
///
/// ```
/// assert_eq!(traced::grpc::MESSAGE_EVENTS_DROPPED, "rpc.message.events_dropped");
/// ```
pub const MESSAGE_EVENTS_DROPPED: &str = "rpc.message.events_dropped";

/// Which way a message went, from the span's side: a server receives the requests and sends the responses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    Sent,
    Received,
}

/// The message events of one span, shared by its request body and its response body (which may be polled on
/// different tasks): the bound, and the counts.
pub(crate) struct Messages {
    /// The span's context.
    cx: Context,
    limit: u32,
    /// The events added so far, never past `limit`.
    events: AtomicU32,
    /// The messages past `limit`.
    dropped: AtomicU64,
    sent: AtomicU64,
    received: AtomicU64,
}

impl Messages {
    pub(crate) fn new(cx: Context, limit: u32) -> Arc<Self> {
        Arc::new(Messages {
            cx,
            limit,
            events: AtomicU32::new(0),
            dropped: AtomicU64::new(0),
            sent: AtomicU64::new(0),
            received: AtomicU64::new(0),
        })
    }

    /// Counts a message of `size` bytes on the wire, with an event while the bound allows.
    fn record(&self, direction: Direction, size: u32) {
        let (count, kind) = match direction {
            Direction::Sent => (&self.sent, "SENT"),
            Direction::Received => (&self.received, "RECEIVED"),
        };
        // Each direction has its own ids, from 1 (the conventions' `rpc.message.id`).
        let id = count.fetch_add(1, Relaxed).saturating_add(1);
        // Never counted past the bound, so a stream of any length cannot wrap it around.
        if self.events.fetch_update(Relaxed, Relaxed, |events| (events < self.limit).then(|| events + 1)).is_err() {
            self.dropped.fetch_add(1, Relaxed);
            return;
        }
        #[allow(deprecated)] // See the `use`.
        let attributes = vec![
            KeyValue::new(RPC_MESSAGE_TYPE, kind),
            KeyValue::new(RPC_MESSAGE_ID, i64::try_from(id).unwrap_or(i64::MAX)),
            KeyValue::new(RPC_MESSAGE_COMPRESSED_SIZE, i64::from(size)),
        ];
        self.cx.span().add_event(MESSAGE, attributes);
    }

    /// The totals, for the span's end: what was counted by then (a request body read later is not).
    pub(crate) fn totals(&self, attributes: &mut Vec<KeyValue>) {
        let count = |count: &AtomicU64| i64::try_from(count.load(Relaxed)).unwrap_or(i64::MAX);
        attributes.push(KeyValue::new(MESSAGES_SENT, count(&self.sent)));
        attributes.push(KeyValue::new(MESSAGES_RECEIVED, count(&self.received)));
        let dropped = count(&self.dropped);
        if dropped > 0 {
            attributes.push(KeyValue::new(MESSAGE_EVENTS_DROPPED, dropped));
        }
    }
}

/// The messages of one body: its framing so far, and which way they go.
pub(crate) struct Counter {
    messages: Arc<Messages>,
    direction: Direction,
    frames: Frames,
    /// The body's data came in pieces too many to read (see [`Counter::data`]): the framing is lost.
    lost: bool,
}

impl Counter {
    pub(crate) fn new(messages: Arc<Messages>, direction: Direction) -> Self {
        Counter { messages, direction, frames: Frames::default(), lost: false }
    }

    /// The messages both bodies count.
    pub(crate) fn messages(&self) -> &Messages {
        &self.messages
    }

    /// Reads a data frame of the body, without consuming it.
    pub(crate) fn data(&mut self, data: &impl Buf) {
        if self.lost {
            return;
        }
        let (messages, direction) = (&*self.messages, self.direction);
        let chunk = data.chunk();
        if chunk.len() == data.remaining() {
            // One piece, as tonic's and hyper's `Bytes` are.
            self.frames.feed(chunk, |size| messages.record(direction, size));
            return;
        }
        let mut slices = [IoSlice::new(&[]); 8];
        let filled = data.chunks_vectored(&mut slices);
        let mut read = 0;
        for slice in &slices[..filled] {
            read += slice.len();
            self.frames.feed(slice, |size| messages.record(direction, size));
        }
        // Bytes not seen would misplace every later prefix: count nothing more rather than wrong sizes.
        self.lost = read < data.remaining();
    }
}
