//! OpenTelemetry spans for Rust functions with one attribute, `#[traced]`.
//!
//! `#[traced]` opens a span named after the function (or `name = "component.operation"`, checked at compile
//! time), records the arguments you choose as attributes when the span starts, makes the span current for
//! everything the body calls (sync and async), and turns a returned `Err` or a panic into an `exception` event
//! and status `Error`. Spans go to `opentelemetry::global`'s tracer provider: whatever SDK set-up you install
//! receives them.
//!
//! # Quick start
//!
//! ```
//! use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider};
//! use traced::{traced, SpanAttributes};
//!
//! #[derive(SpanAttributes)]
//! struct Order {
//!     id: String,
//!     amount: f64,
//!     #[redact]
//!     card_number: String,
//! }
//!
//! #[traced(name = "orders.create", kind = server, fields(order, user_id))]
//! fn create(order: &Order, user_id: u64) -> Result<(), String> {
//!     charge(order.amount)
//! }
//!
//! #[traced(name = "payment.charge", fields(amount))]
//! fn charge(amount: f64) -> Result<(), String> {
//!     Err("insufficient funds".to_owned())
//! }
//!
//! let exporter = InMemorySpanExporter::default();
//! traced::set_tracer_provider(SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
//!
//! let order = Order { id: "o-1".into(), amount: 99.99, card_number: "4111 1111 1111 1111".into() };
//! assert!(create(&order, 123).is_err());
//!
//! let spans = exporter.get_finished_spans().unwrap();
//! assert_eq!(spans[0].name, "payment.charge");
//! assert_eq!(spans[0].parent_span_id, spans[1].span_context.span_id());
//! assert!(spans[1].attributes.contains(&traced::KeyValue::new("order.card_number", "[REDACTED]")));
//! ```
//!
//! # Options
//!
//! | option | meaning |
//! |---|---|
//! | `name = "payment.process_charge"` | the span name; lowercase `[a-z][a-z0-9_]*` segments joined by `.`, at least two, at most 128 characters. Default: the function's name |
//! | `kind = client` | `internal` (default), `server`, `client`, `producer` or `consumer` |
//! | `fields(order_id, amount)` | record these arguments, keyed by their names |
//! | `fields(customer.id = customer.id, db.system = "postgres")` | record an expression under a dotted key; it may use the arguments |
//! | `fields(req = ?req, user = %user)`, `fields(?req)` | record an expression's `Debug` (`?`) or `Display` (`%`) text |
//! | `redact(card_number)` | record the argument as `"[REDACTED]"`; its value is never read |
//! | `not_sensitive(token_count)` | accept a captured key that looks like a secret but is not one |
//! | `crate = my_reexport::traced` | where to find this crate when it is re-exported under another path |
//!
//! Capture is opt-in: no argument is recorded unless named. Values are recorded typed where they can be (see
//! [`AttributeValue`]); anything else is a compile error that suggests `?` or `%`. A captured key that looks
//! like a secret (`password`, `token`, `api_key`, `card_number`, `authorization`, `cookie`, ...) must be
//! redacted, or declared `not_sensitive(...)`: forgetting is a compile error.
//!
//! ```
//! # use traced::traced;
//! # #[derive(Debug)] struct Req;
//! # struct Customer { id: u64 }
//! #[traced(
//!     name = "payment.process_charge",
//!     kind = client,
//!     fields(order_id, amount),
//!     fields(customer.id = customer.id, db.system = "postgres", req = ?req),
//!     redact(card_number),
//! )]
//! async fn charge(order_id: &str, amount: f64, card_number: &str, customer: &Customer, req: &Req) {}
//! ```
//!
//! # Errors and panics
//!
//! When the function returns a `Result` (any alias: `io::Result<T>`, `anyhow::Result<T>`, ...), an `Err(e)`
//! adds an `exception` event (`exception.type`, and `exception.message` with the `source()` chain), sets
//! `error.type` and sets status `Error` with `e`'s `Display` as description. An error type that implements
//! [`SpanError`] also records its category, code, retryability, component and operation. `Ok` leaves the status
//! unset. A panic is recorded the same way (`error.type = "panic"`) and then continues unchanged. A future
//! dropped before it completes ends its span with a `cancelled` event.
//!
//! # Expands to
//!
//! ```text
//! #[traced(name = "orders.get", fields(id))]
//! fn get(id: u64) -> Result<Order, DbError> { body }
//!
//! // becomes, roughly:
//! fn get(id: u64) -> Result<Order, DbError> {
//!     static SITE: Site = Site::new("orders.get", SpanKind::Internal, env!("CARGO_PKG_NAME"), ...);
//!     let span = SpanGuard::start(&SITE, |attributes| attributes.value("id", &id));
//!     let value = span.in_scope(move || -> Result<Order, DbError> { body });
//!     record_if_err(&value, &span);
//!     value
//! }
//! ```
//!
//! The tracer is cached per thread while the provider installed with [`set_tracer_provider`] is current, so a
//! call costs what the hand-written OpenTelemetry code costs.
#![warn(missing_docs, unreachable_pub, rust_2018_idioms)]

mod attributes;
mod current;
mod error;
mod provider;
mod value;

#[doc(hidden)]
pub mod __private;

pub use attributes::{Redacted, SpanAttributes, REDACTED};
pub use current::{add_event, record_error, set_attribute, set_attributes, span_id, trace_id};
pub use error::{ErrorCategory, SpanError};
pub use opentelemetry::{Key, KeyValue, Value};
pub use provider::set_tracer_provider;
pub use value::AttributeValue;

/// Instruments a function with an OpenTelemetry span: see the [crate documentation](crate) for the options.
pub use traced_macros::traced;

/// Records a struct's fields as span attributes: see [`SpanAttributes`](trait@SpanAttributes).
pub use traced_macros::SpanAttributes;
