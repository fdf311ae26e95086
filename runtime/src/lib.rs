//! OpenTelemetry spans for Rust functions with one attribute, `#[traced]`.
//!
//! `#[traced]` opens a span named `<module>.<function>` (or `name = "component.operation"`, checked at compile
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
//! | `name = "payment.process_charge"` | the span name; lowercase `[a-z][a-z0-9_]*` segments joined by `.`, at least two, at most 128 characters. Default: `<module>.<function>` (below) |
//! | `kind = client` | `internal` (default), `server`, `client`, `producer` or `consumer` |
//! | `fields(order_id, amount)` | record these arguments, keyed by their names |
//! | `fields(customer.id = customer.id, db.system = "postgres")` | record an expression under a dotted key; it may use the arguments |
//! | `fields(req = ?req, user = %user)`, `fields(?req)` | record an expression's `Debug` (`?`) or `Display` (`%`) text |
//! | `redact(card_number)` | record the argument as `"[REDACTED]"`; its value is never read |
//! | `not_sensitive(lexer_token)` | accept a captured key that looks like a secret but is not one |
//! | `crate = my_reexport::traced` | where to find this crate when it is re-exported under another path |
//! | `prefix = "orders"` | on an impl block: its methods' spans are named `orders.<method>`. Default: the self type's name in snake_case |
//! | `skip` | on a method of an instrumented impl block: leave the method uninstrumented |
//! | `ret`, `ret(Debug)`, `ret(Display)` | record the returned value (a `Result`'s `Ok` value) as the attribute `return` |
//! | `expected = is_not_found` | a `fn(&E) -> bool`: an `Err` it accepts is an answer, not a failure (status unset) |
//! | `parent = message.span_context()`, `parent = None` | the span's parent (an `&opentelemetry::Context` or a `SpanContext`) instead of the current span; `None` starts a new trace |
//! | `links(first, batch.iter())` | span contexts to link to, one or an iterator of them; invalid ones are skipped |
//!
//! Capture is opt-in: no argument is recorded unless named. Attributes are evaluated once, when the span starts
//! (so a sampler sees them), in the order written, and only borrow the arguments: the body sees them unchanged.
//!
//! ## `name` and `kind`
//!
//! Without `name`, a span is named `<module>.<function>`: the last segment of the function's module path (the
//! crate's name at its root) in lowercase, without leading underscores, then the function's name in snake_case.
//! So defaults are distinct within a crate wherever two functions of one name live in different modules, and
//! they follow the same rule as explicit names; a module or function name that cannot make a segment (one that
//! is not ASCII) is a compile error that asks for a `name`. In an instrumented impl block the default is
//! `<prefix>.<method>` (below). Earlier versions named the span after the function alone (`get_user`); there is
//! no switch back to that, since a single segment fails the name rule: where a dashboard or alert depends on a
//! span's name, write that name with `name = ".."`.
//!
//! ```
//! # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
//! # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
//! use opentelemetry::trace::SpanKind;
//!
//! mod users {
//!     #[traced::traced]
//!     pub fn get_user() {}
//! }
//!
//! #[traced::traced(name = "db.query.get_user", kind = client)]
//! fn query() {}
//!
//! users::get_user();
//! query();
//! let spans = exporter.get_finished_spans().unwrap();
//! assert_eq!((spans[0].name.as_ref(), &spans[0].span_kind), ("users.get_user", &SpanKind::Internal));
//! assert_eq!((spans[1].name.as_ref(), &spans[1].span_kind), ("db.query.get_user", &SpanKind::Client));
//! ```
//!
//! ## `fields`: arguments, expressions, `?` and `%`
//!
//! Values are recorded typed where they can be (the table is on [`AttributeValue`]): integers (exactly, as text
//! past `i64`), floats, `bool`, strings, `Duration`s (in seconds), addresses and paths (as text), slices, arrays
//! and `Vec`s (as OpenTelemetry arrays), bytes (as bounded hex), `Option` (`None` records nothing) and
//! [`SpanAttributes`] structs, flattened under the key. Any other type is a compile error that suggests `?` or `%`.
//!
//! ```
//! # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
//! # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
//! use traced::KeyValue;
//!
//! #[derive(Debug)]
//! struct Request { path: &'static str }
//!
//! #[traced::traced(name = "users.find", fields(id, region = region.to_uppercase(), db.system = "postgres", ?req))]
//! fn find(id: u64, region: &str, req: &Request) {}
//!
//! find(7, "eu", &Request { path: "/users/7" });
//! let span = &exporter.get_finished_spans().unwrap()[0];
//! assert_eq!(span.attributes, [
//!     KeyValue::new("id", 7_i64),
//!     KeyValue::new("region", "EU"),
//!     KeyValue::new("db.system", "postgres"),
//!     KeyValue::new("req", r#"Request { path: "/users/7" }"#),
//! ]);
//! ```
//!
//! ## `redact` and `not_sensitive`
//!
//! A redacted value never reaches an exporter, in any form: `redact(arg)` records `"[REDACTED]"` without reading
//! the value, `#[redact]` fields of a [`SpanAttributes`] struct too, and `?`/`%` of such a struct render through
//! its redactions, never through its own `Debug`/`Display`. Capturing a key that looks like a secret
//! (`password`, `pwd`, `passcode`, `secret`, `token`, `bearer`, `jwt`, `otp`, `pin`, `api_key`, `private_key`,
//! `session_id`, `signature`, `cvv`, `ssn`, `iban`, `card_number`, `account_number`, `authorization`, `cookie`,
//! ...; in any case style, plurals too) without redacting it is a compile error. A key that is about a secret
//! rather than the secret itself is not: a count, size, kind, time or place (`token_count`, `max_tokens`,
//! `password_policy`, `cookie_jar_size`, `pwd_dir`, `token.ttl`). `not_sensitive(key)` is the one opt-out, for
//! names that only look secret.
//!
//! ```
//! # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
//! # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
//! use traced::KeyValue;
//!
//! #[traced::traced(name = "auth.login", fields(user, lexer_token), redact(password), not_sensitive(lexer_token))]
//! fn login(user: &str, password: &str, lexer_token: u32) {}
//!
//! login("ada", "hunter2", 3);
//! let span = &exporter.get_finished_spans().unwrap()[0];
//! assert_eq!(span.attributes, [
//!     KeyValue::new("user", "ada"),
//!     KeyValue::new("lexer_token", 3_i64),
//!     KeyValue::new("password", "[REDACTED]"),
//! ]);
//! ```
//!
//! ```compile_fail
//! #[traced::traced(fields(password))] // error: attribute key `password` looks like a secret
//! fn login(password: &str) {}
//! ```
//!
//! ## Impl blocks: `prefix` and `skip`
//!
//! `#[traced]` on an `impl` block (inherent or trait impl, generic or not, above or below `#[async_trait]`)
//! instruments every method that has a body, as if each had `#[traced]` of its own: its span is named
//! `<prefix>.<method>`, where the prefix is the self type's name in snake_case (`OrderService` makes
//! `order_service.create`) unless `prefix = ".."` sets it. `kind` and `crate` on the block apply to every
//! method. A method's own `#[traced(...)]` adds its options and overrides the block's (`name`, `kind`, `crate`);
//! `#[traced(skip)]` leaves it alone. Associated constants, types and macros, and `const fn`s (spans are made
//! at run time), are left as written. A method whose name makes no valid span name (`fn HandleX`) is a compile
//! error that suggests a `name`. `fields`, `redact` and `not_sensitive` name one method's arguments, so they go
//! on that method.
//!
//! ```
//! # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
//! # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
//! use opentelemetry::trace::SpanKind;
//!
//! struct OrderService;
//!
//! #[traced::traced(kind = server)]
//! impl OrderService {
//!     const LIMIT: u32 = 10;
//!
//!     fn create(&self) -> u32 {
//!         self.check(1)
//!     }
//!
//!     #[traced(name = "orders.check", kind = internal, fields(n))]
//!     fn check(&self, n: u32) -> u32 {
//!         n.min(Self::LIMIT)
//!     }
//!
//!     #[traced(skip)]
//!     fn health(&self) -> bool {
//!         true
//!     }
//! }
//!
//! OrderService.create();
//! OrderService.health();
//! let spans = exporter.get_finished_spans().unwrap();
//! assert_eq!((spans[0].name.as_ref(), &spans[0].span_kind), ("orders.check", &SpanKind::Internal));
//! assert_eq!((spans[1].name.as_ref(), &spans[1].span_kind), ("order_service.create", &SpanKind::Server));
//! assert_eq!(spans.len(), 2);
//! ```
//!
//! ## `ret`
//!
//! `ret` records the value the function returns as the attribute `return`, when it returns (an `async fn`'s
//! when its future completes): typed like a `fields(...)` value, a [`SpanAttributes`] struct flattened under
//! `return.` with its redactions; `ret(Debug)` and `ret(Display)` record its text instead (a [`SpanAttributes`]
//! struct's through its redactions). For a `Result`, it is the `Ok` value; an `Err` is recorded as always
//! (below), with no `return`. The value is only borrowed, never cloned. `ret` on a function that returns
//! nothing, or a value that cannot be recorded, is a compile error.
//!
//! ```
//! # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
//! # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
//! use traced::KeyValue;
//!
//! #[traced::traced(name = "cart.total", ret)]
//! fn total(prices: &[u64]) -> Result<u64, String> {
//!     Ok(prices.iter().sum())
//! }
//!
//! #[traced::traced(name = "cart.owner", ret(Debug))]
//! fn owner() -> Option<&'static str> {
//!     Some("ada")
//! }
//!
//! assert_eq!(total(&[3, 4]), Ok(7));
//! owner();
//! let spans = exporter.get_finished_spans().unwrap();
//! assert_eq!(spans[0].attributes, [KeyValue::new("return", 7_i64)]);
//! assert_eq!(spans[1].attributes, [KeyValue::new("return", r#"Some("ada")"#)]);
//! ```
//!
//! ## `expected`: errors that are not failures
//!
//! Some errors are answers: a lookup that found nothing, a request refused as invalid. The OpenTelemetry spec
//! leaves the status of such handled errors unset. `expected = predicate` names a `fn(&E) -> bool` (a path or a
//! closure that captures nothing) that decides per call; an error type can decide for itself with
//! [`SpanError::is_expected`]. An expected `Err` records exactly one thing: the `exception` event, with
//! `exception.type`, `exception.message` and `exception.expected = true`. It sets no `error.type`, no
//! `error.code` or other [`SpanError`] attributes, and leaves the status unset; any other `Err` fails the span
//! as always. `expected` on a function that does not return a `Result` is a compile error.
//!
//! ```
//! # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
//! # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
//! use std::io;
//! use opentelemetry::trace::Status;
//!
//! fn is_not_found(error: &io::Error) -> bool {
//!     error.kind() == io::ErrorKind::NotFound
//! }
//!
//! #[traced::traced(name = "config.read", expected = is_not_found)]
//! fn read(path: &str) -> io::Result<String> {
//!     std::fs::read_to_string(path)
//! }
//!
//! assert!(read("/no/such/file").is_err());
//! let span = &exporter.get_finished_spans().unwrap()[0];
//! assert_eq!(span.status, Status::Unset);
//! assert!(span.events[0].attributes.contains(&traced::KeyValue::new("exception.expected", true)));
//! ```
//!
//! ## `parent` and `links`: messages and batches
//!
//! A consumer of a message continues the producer's trace: `parent = expr` starts the span under the context
//! or span context `expr` (extracted from the message's headers, say) instead of the current span, and the
//! body then runs under the new span as usual. `parent = None` starts a new trace (the current baggage stays).
//! An invalid span context (a message without trace headers) makes a root, never an error.
//!
//! A consumer of a batch links to each message's trace instead: `links(expr, ...)` takes, for each
//! expression, a `SpanContext`, a `&SpanContext`, or an iterator of either (a `Vec`, a slice's `iter()`, an
//! `Option`). The links are on the span when it starts, so the sampler sees them; invalid contexts are skipped.
//! The parent expression runs once a call, before the span starts (it decides whether one is made); the links'
//! once, with the attributes, only for a span that may record.
//!
//! ```
//! # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
//! # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
//! use opentelemetry::trace::{SpanContext, SpanId, TraceFlags, TraceId, TraceState};
//!
//! struct Message { span_context: SpanContext }
//!
//! #[traced::traced(name = "orders.consume", kind = consumer, parent = &message.span_context)]
//! fn consume(message: &Message) {}
//!
//! #[traced::traced(name = "orders.consume_batch", kind = consumer, links(batch.iter().map(|m| &m.span_context)))]
//! fn consume_batch(batch: &[Message]) {}
//!
//! let sent = SpanContext::new(TraceId::from(7), SpanId::from(1), TraceFlags::SAMPLED, true, TraceState::NONE);
//! let message = Message { span_context: sent.clone() };
//! consume(&message);
//! consume_batch(&[message, Message { span_context: SpanContext::empty_context() }]);
//! let spans = exporter.get_finished_spans().unwrap();
//! assert_eq!((spans[0].span_context.trace_id(), spans[0].parent_span_id), (sent.trace_id(), sent.span_id()));
//! assert_eq!(spans[1].links.len(), 1);
//! assert_eq!(spans[1].links[0].span_context, sent);
//! ```
//!
//! ## `crate`
//!
//! ```
//! use traced as telemetry;
//!
//! #[telemetry::traced(crate = telemetry, name = "jobs.run")]
//! fn run() {}
//! # run();
//! ```
//!
//! # Errors and panics
//!
//! When the function returns a `Result` (any alias: `io::Result<T>`, `anyhow::Result<T>`, ...), an `Err(e)`
//! adds an `exception` event (`exception.type`, and `exception.message` with the `source()` chain), sets
//! `error.type` and sets status `Error` with `e`'s `Display` as description. An error type that implements
//! [`SpanError`] also records its category, code, retryability, component and operation. `Ok` leaves the status
//! unset. A panic is recorded the same way (`error.type = "panic"`) and then continues unchanged.
//!
//! A `#[track_caller]` function keeps reporting its caller's location: its body runs inline rather than in
//! the closure that sees its return value, so for such a function a returned `Err` is not recorded, and a panic
//! is recorded without its message.
//!
//! ```
//! # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
//! # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
//! use opentelemetry::trace::Status;
//!
//! #[traced::traced(name = "config.read")]
//! fn read(path: &str) -> std::io::Result<String> {
//!     std::fs::read_to_string(path)
//! }
//!
//! assert!(read("/no/such/file").is_err());
//! let span = &exporter.get_finished_spans().unwrap()[0];
//! assert!(matches!(span.status, Status::Error { .. }));
//! assert_eq!(span.events.iter().next().unwrap().name, "exception");
//! ```
//!
//! # Async
//!
//! An `async fn` stays an `async fn`. Its span starts at the first poll, is current on every poll (spans
//! started inside find their parent across `.await`, and no other task sees it), and ends when the future
//! completes; a future dropped before it completes drops what it holds (its arguments and locals) with the span
//! still current, then ends the span with a `cancelled` event. The future is `Send`, `Sync` and `Unpin` exactly
//! when it was without the attribute.
//!
//! A plain function that returns a future is traced over that future, not just over the call that makes it:
//! `-> impl Future<Output = T>`, `-> Pin<Box<dyn Future<Output = T> + ..>>`, and an alias such as
//! `BoxFuture<'_, T>` or a trait's `Self::Future` when the body ends in `Box::pin(..)`. So are the methods of
//! `#[async_trait]` (and `#[tonic::async_trait]`) impls, which that macro has turned into such functions before
//! `#[traced]` runs. Here the span starts at the call, not at the first poll: the arguments are recorded there,
//! while the body still has them (it may move them into the future), and the body that builds the future runs
//! with the span current. From then on it is as for an `async fn`: current on every poll, `Err` and panics
//! recorded, ended when the future completes, cancelled when it is dropped first; a boxed future is boxed once.
//! A function returning a named future type (`std::future::Ready<T>`, a hand-written future) is traced over the
//! call only, since its future cannot be wrapped without changing its type.
//!
//! ```
//! # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
//! # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
//! use std::future::Future;
//! use std::pin::Pin;
//!
//! #[traced::traced(name = "cache.get", fields(key))]
//! fn get(key: &str) -> Pin<Box<dyn Future<Output = Result<String, String>> + Send + '_>> {
//!     Box::pin(async move { lookup(key).await.ok_or_else(|| format!("{key} not cached")) })
//! }
//!
//! #[traced::traced(name = "cache.lookup")]
//! async fn lookup(key: &str) -> Option<String> {
//!     None
//! }
//!
//! # fn block_on<F: Future>(future: F) -> F::Output {
//! #     let (mut future, mut cx) = (std::pin::pin!(future), std::task::Context::from_waker(std::task::Waker::noop()));
//! #     loop { if let std::task::Poll::Ready(value) = future.as_mut().poll(&mut cx) { return value } }
//! # }
//! let result = block_on(get("user:7"));
//! assert_eq!(result, Err("user:7 not cached".to_owned()));
//! let spans = exporter.get_finished_spans().unwrap();
//! assert_eq!(spans[1].name, "cache.get");
//! assert_eq!(spans[0].parent_span_id, spans[1].span_context.span_id(), "the lookup ran inside the future");
//! assert!(matches!(spans[1].status, opentelemetry::trace::Status::Error { .. }));
//! ```
//!
//! # Helpers for the body
//!
//! [`add_event`], [`set_attribute`], [`set_attributes`], [`record_error`], [`record_error_with`],
//! [`set_status`], [`trace_id`] and [`span_id`] act on the current span, and do nothing when none is recording.
//! [`set_status`] says how the body's `Ok`, the body's handled errors and the call's own failure combine.
//!
//! # Where spans go
//!
//! To the global tracer provider. `traced::init()` (feature `setup`, on by default) installs one from the
//! standard `OTEL_*` variables: with none set, each finished trace prints to standard output as a tree; with
//! `OTEL_EXPORTER_OTLP_ENDPOINT` (feature `otlp`) spans go to a collector over OTLP. `traced::builder()` sets the
//! same things in code, and both return a guard that flushes every finished span when it drops.
//!
//! Under a provider installed by `init()` or `builder()` (whose sampler follows the parent), a call under an
//! unsampled parent skips all span work, attribute expressions included (a few nanoseconds): the parent stays
//! current, so children and outgoing requests still carry its unsampled flag. A root that set-up's probability,
//! adaptive or always-off sampler drops is decided before the SDK is asked, and skips it the same way: it only
//! makes fresh unsampled ids, which its children and outgoing requests carry. `with_keep_errors(true)` turns
//! this off, since those spans must then be recorded.
//!
//! Any other set-up works too, installed either way, before or after the first `#[traced]` call: each thread
//! caches its tracers, and the next call on every thread sees a provider that replaces them.
//!
//! - Through `opentelemetry::global::set_tracer_provider`: the next `#[traced]` call adopts the provider (it wraps
//!   it and puts it back, so that its replacement is seen). The global hides the provider's type, so its sampler
//!   is asked for every span, and other instrumentation's `global::tracer()` spans then pass one more wrapper
//!   (about 200 instructions, 7%, a span). A provider installed straight through the global on another thread in
//!   the same moment as an adoption (well under a microsecond) can be undone by it; [`set_tracer_provider`] never
//!   races.
//! - Through [`set_tracer_provider`]: an `SdkTracerProvider` also has its sampler read. Under the SDK's default
//!   (`ParentBased(AlwaysOn)`), any parent-based sampler or `AlwaysOff`, a call under an unsampled parent skips
//!   all span work as above; under `AlwaysOff` or `ParentBased(AlwaysOff)` (with the SDK's random ids) so does a
//!   root. A sampler of any other type, or wrapped in another, is asked for every span, since what it does with
//!   an unsampled parent cannot be known.
//! - With no provider at all, OpenTelemetry's no-op one (or a no-op provider installed either way), a call costs
//!   one load and a branch: about what `#[tracing::instrument]` costs without a subscriber.
//!
//! # Control at run time
//!
//! [`set_filter`] changes which span names are made while the program runs (`"off,orders=on,db.*=off"`): a
//! filtered-out call does no span work and its children attach to its parent, and the HTTP and gRPC layers' spans
//! are filtered by name too. `builder().with_filter(..)` and `TRACED_SPANS` set the first filter.
//! `with_keep_errors(true)` and `with_keep_slow(threshold)` export the spans the sampler dropped that failed or
//! lasted the threshold, marked.
//!
//! # Testing your instrumentation
//!
//! `traced::testing::capture()` (feature `testing`) catches the spans of one test, apart from the tests cargo runs beside
//! it under the same global provider, with assertions on names, parents, attributes, status and events.
//!
//! # Cargo features
//!
//! - `setup` (default): `init()`, `builder()`, the console trace tree, and the bound on attribute text applied to
//!   everything exported (status descriptions, events, arrays; names at 256 bytes at least). Without it,
//!   `#[traced]` still bounds what it records itself, errors included, at [`DEFAULT_MAX_ATTRIBUTE_LENGTH`].
//! - `otlp`: OTLP export over gRPC and HTTP/protobuf, batched, with a bounded queue and counted drops; `otlp-grpc`
//!   and `otlp-http` each bring one transport alone, and only its stack (tonic, or hyper).
//! - `log`: `traced::log::Correlated`, `trace_id` / `span_id` on records of the `log` facade.
//! - `tracing`: `traced::tracing::CorrelatedFormat`, `trace_id` / `span_id` on `tracing` events.
//! - `http`: `traced::http::TraceLayer`, a tower layer that traces HTTP servers (`http_server()`) and clients
//!   (`http_client()`): one span per request, OpenTelemetry HTTP conventions, W3C context in and out, hooks to
//!   skip requests, name spans, add attributes and classify failures; `traced::propagation::{extract_headers,
//!   inject_headers}` for `http::HeaderMap`.
//! - `axum`: server spans named after axum's matched route, `GET /users/{id}`.
//! - `reqwest`: `traced::reqwest::TracingMiddleware` for `reqwest-middleware` clients.
//! - `hyper-util` (with `reqwest` too): connection events on client spans. With `with_connection_events()` on
//!   the client layer (or the reqwest middleware), and `traced::http::TracedConnector`, `TracedResolver` and
//!   `TracedTlsConnector` around the client's connector, resolver and TLS connector, each new connection's steps
//!   are events on the span of the request it was made for: `http.dns.start` / `http.dns.done` /
//!   `http.dns.error` (`dns.question.name`, `dns.answers`), `http.connect.start` / `http.connect.done` /
//!   `http.connect.error` (`network.peer.address`, `network.peer.port`), `http.tls.start` / `http.tls.done` /
//!   `http.tls.error` (failures with `error.type` and `exception.message`), and the span says
//!   `http.connection.reused = true` when the request was served on a pooled connection, so that a slow first
//!   request is explained. Off, the layer adds nothing and the wrappers record nothing.
//! - `grpc`: `TraceLayer::grpc_server()` and `TraceLayer::grpc_client()` for tonic servers and clients, and
//!   `traced::grpc::extract_metadata` / `traced::grpc::inject_metadata` for tonic metadata.
//! - `secrecy`: `secrecy`'s `SecretBox` / `SecretString` recorded as `[REDACTED]`, as [`Secret`] always is.
//! - `catalog`: `traced::catalog()`, every `#[traced]` site and `SpanAttributes` type of the program with the
//!   keys each records and which are redacted, printable as JSON for a privacy review to diff.
//! - `testing`: `traced::testing`, spans caught per test and assertions on them, for your own tests.
//!
//! # Expands to
//!
//! ```text
//! #[traced(name = "orders.get", fields(id))]
//! fn get(id: u64) -> Result<Order, DbError> { body }
//!
//! // becomes, roughly (all paths are absolute, under `::traced::__private`):
//! fn get(id: u64) -> Result<Order, DbError> {
//!     static SITE: Site = Site::new("orders.get", SpanKind::Internal, option_env!("CARGO_PKG_NAME"), ...);
//!     let span = SpanGuard::start(&SITE, |attributes| attributes.value("id", &id));
//!     let value = SpanGuard::in_scope(&span, move || -> Result<Order, DbError> { body });
//!     // Err(e) -> exception event, error.type, status Error; chosen at compile time from e's type
//!     (&&&&&&ret::Probe(&value)).__traced_record(&span);
//!     value
//! } // `span` dropped: the span ends
//! ```
//!
//! An `async fn` keeps its signature: its body becomes `Traced::new(span, async move { body }, record).await`,
//! where `Traced` is the future that keeps the span current, records the output and ends the span. A function
//! returning a future returns `Traced::new(span, <the future its body makes>, record)`, boxed in place of its own
//! box when it returned a `Pin<Box<dyn Future>>`. Every function of the runtime is called by its path, so no
//! extension trait in scope (tracing's `Instrument`, `FutureExt`s) can capture a call.
#![warn(missing_docs, unreachable_pub, rust_2018_idioms)]
#![forbid(unsafe_code)]
// On docs.rs (`--cfg docsrs`), every item behind a cargo feature says which one it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod attributes;
mod catalog;
mod current;
mod encoding;
mod error;
mod filter;
mod final_status;
#[cfg(feature = "grpc")]
pub mod grpc;
#[cfg(feature = "http")]
pub mod http;
mod installed;
#[cfg(feature = "http")]
mod layer;
#[cfg(feature = "log")]
#[path = "correlation/log.rs"]
pub mod log;
pub mod propagation;
#[cfg(all(test, any(feature = "setup", feature = "http")))]
mod random_text;
#[cfg(feature = "reqwest")]
pub mod reqwest;
#[cfg(feature = "setup")]
pub mod sampling;
#[cfg(any(feature = "http", feature = "otlp-grpc", feature = "otlp-http"))]
mod sanitize;
mod secret;
#[cfg(feature = "setup")]
#[cfg_attr(docsrs, doc(cfg(feature = "setup")))]
pub mod setup;
mod span_flags;
mod spawn;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;
#[cfg(feature = "tracing")]
#[path = "correlation/tracing.rs"]
pub mod tracing;
mod value;

#[doc(hidden)]
pub mod __private;

pub use attributes::{Redacted, SpanAttributes, REDACTED};
#[cfg(feature = "catalog")]
pub use catalog::catalog;
pub use catalog::{Catalog, CatalogKey, CatalogSite, CatalogType};
pub use current::{
    add_event, record_error, record_error_with, set_attribute, set_attributes, set_status, span_id, trace_id,
};
pub use error::{ErrorCategory, SpanError};
pub use filter::{set_filter, FilterError};
pub use installed::limits::{DEFAULT_MAX_ATTRIBUTE_LENGTH, TRUNCATION_MARKER};
pub use installed::provider::set_tracer_provider;
pub use opentelemetry::trace::Status;
pub use opentelemetry::{Array, Key, KeyValue, StringValue, Value};
pub use secret::Secret;
#[cfg(feature = "setup")]
pub use setup::{builder, init};
pub use spawn::{in_current_trace, InCurrentTrace};

/// Moved to [`traced::setup::Builder`](setup::Builder).
///
/// ```
/// # #![allow(deprecated)]
/// // Before:
/// let builder: traced::Builder = traced::builder();
/// // Now:
/// let builder: traced::setup::Builder = traced::builder();
/// ```
#[cfg(feature = "setup")]
#[deprecated(since = "0.1.0", note = "moved to `traced::setup::Builder`")]
pub type Builder = setup::Builder;
/// Moved to [`traced::setup::Console`](setup::Console).
///
/// ```
/// # #![allow(deprecated)]
/// // Before:
/// let console: traced::Console = traced::setup::Console::stdout();
/// // Now:
/// let console: traced::setup::Console = traced::setup::Console::stdout();
/// ```
#[cfg(feature = "setup")]
#[deprecated(since = "0.1.0", note = "moved to `traced::setup::Console`")]
pub type Console = setup::Console;
/// Moved to [`traced::setup::Exporter`](setup::Exporter).
///
/// ```
/// # #![allow(deprecated)]
/// // Before:
/// let exporter: traced::Exporter = traced::setup::Exporter::None;
/// // Now:
/// let exporter: traced::setup::Exporter = traced::setup::Exporter::None;
/// ```
#[cfg(feature = "setup")]
#[deprecated(since = "0.1.0", note = "moved to `traced::setup::Exporter`")]
pub type Exporter = setup::Exporter;
/// Moved to [`traced::setup::Guard`](setup::Guard).
///
/// ```
/// # #![allow(deprecated)]
/// // Before:
/// let guard: traced::Guard = traced::builder().with_exporter(traced::setup::Exporter::None).install()?;
/// # drop(guard);
/// // Now:
/// let guard: traced::setup::Guard = traced::builder().with_exporter(traced::setup::Exporter::None).install()?;
/// # Ok::<(), traced::setup::InitError>(())
/// ```
#[cfg(feature = "setup")]
#[deprecated(since = "0.1.0", note = "moved to `traced::setup::Guard`")]
pub type Guard = setup::Guard;
/// Moved to [`traced::setup::InitError`](setup::InitError).
///
/// ```
/// # #![allow(deprecated)]
/// // Before:
/// fn start() -> Result<traced::setup::Guard, traced::InitError> {
///     traced::builder().with_exporter(traced::setup::Exporter::None).install()
/// }
/// // Now:
/// fn start_now() -> Result<traced::setup::Guard, traced::setup::InitError> {
///     traced::builder().with_exporter(traced::setup::Exporter::None).install()
/// }
/// # drop(start()?);
/// # drop(start_now()?);
/// # Ok::<(), traced::setup::InitError>(())
/// ```
#[cfg(feature = "setup")]
#[deprecated(since = "0.1.0", note = "moved to `traced::setup::InitError`")]
pub type InitError = setup::InitError;
/// Moved to [`traced::setup::ShutdownError`](setup::ShutdownError).
///
/// ```
/// # #![allow(deprecated)]
/// // Before:
/// fn stop(guard: traced::setup::Guard) -> Result<(), traced::ShutdownError> {
///     guard.shutdown()
/// }
/// // Now:
/// fn stop_now(guard: traced::setup::Guard) -> Result<(), traced::setup::ShutdownError> {
///     guard.shutdown()
/// }
/// # stop(traced::builder().with_exporter(traced::setup::Exporter::None).install()?)?;
/// # stop_now(traced::builder().with_exporter(traced::setup::Exporter::None).install()?)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(feature = "setup")]
#[deprecated(since = "0.1.0", note = "moved to `traced::setup::ShutdownError`")]
pub type ShutdownError = setup::ShutdownError;
/// Moved to [`traced::setup::Otlp`](setup::Otlp).
///
/// ```
/// # #![allow(deprecated)]
/// // Before:
/// let otlp: traced::Otlp = traced::setup::Otlp::grpc();
/// // Now:
/// let otlp: traced::setup::Otlp = traced::setup::Otlp::grpc();
/// ```
#[cfg(any(feature = "otlp-grpc", feature = "otlp-http"))]
#[deprecated(since = "0.1.0", note = "moved to `traced::setup::Otlp`")]
pub type Otlp = setup::Otlp;
/// Moved to [`traced::setup::OtlpProtocol`](setup::OtlpProtocol).
///
/// ```
/// # #![allow(deprecated)]
/// // Before:
/// let protocol: traced::OtlpProtocol = traced::setup::OtlpProtocol::Grpc;
/// // Now:
/// let protocol: traced::setup::OtlpProtocol = traced::setup::OtlpProtocol::Grpc;
/// ```
#[cfg(any(feature = "otlp-grpc", feature = "otlp-http"))]
#[deprecated(since = "0.1.0", note = "moved to `traced::setup::OtlpProtocol`")]
pub type OtlpProtocol = setup::OtlpProtocol;
pub use value::{ArrayElement, AttributeValue, MAX_ARRAY_LENGTH, MAX_HEX_BYTES};

/// Instruments a function with an OpenTelemetry span: see the [crate documentation](crate) for the options.
pub use traced_macros::traced;

/// Records a struct's fields as span attributes: see [`SpanAttributes`](trait@SpanAttributes).
pub use traced_macros::SpanAttributes;
