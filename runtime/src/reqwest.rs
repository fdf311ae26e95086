//! Tracing for reqwest clients (feature `reqwest`), as a [`reqwest_middleware`] middleware.
//!
//! ```
//! # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
//! # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
//! use opentelemetry::trace::SpanKind;
//! use traced::KeyValue;
//!
//! let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
//!     .with(traced::reqwest::TracingMiddleware::new())
//!     .build();
//!
//! // A port nothing listens on: the request fails, and its span says how.
//! let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
//! let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
//! assert!(runtime.block_on(client.get(format!("http://127.0.0.1:{port}/users")).send()).is_err());
//!
//! let span = &exporter.get_finished_spans().unwrap()[0];
//! assert_eq!((span.name.as_ref(), &span.span_kind), ("GET", &SpanKind::Client));
//! assert!(span.attributes.contains(&KeyValue::new("error.type", "connect")));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub use crate::layer::reqwest::TracingMiddleware;
