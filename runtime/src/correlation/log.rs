//! Log correlation for the `log` facade (feature `log`): records logged inside a span carry its `trace_id` and
//! `span_id` as key-values.
//!
//! ```
//! use std::sync::Mutex;
//!
//! use log::{Log, Metadata, Record};
//!
//! /// The `trace_id` of each record, as a log backend would receive it.
//! static TRACE_IDS: Mutex<Vec<Option<String>>> = Mutex::new(Vec::new());
//!
//! struct Capture;
//!
//! impl Log for Capture {
//!     fn enabled(&self, _: &Metadata<'_>) -> bool {
//!         true
//!     }
//!     fn log(&self, record: &Record<'_>) {
//!         let trace_id = record.key_values().get(log::kv::Key::from_str("trace_id"));
//!         TRACE_IDS.lock().unwrap().push(trace_id.map(|id| id.to_string()));
//!     }
//!     fn flush(&self) {}
//! }
//!
//! # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().build());
//! static LOGGER: traced::log::Correlated<Capture> = traced::log::Correlated::new(Capture);
//! log::set_logger(&LOGGER).unwrap();
//! log::set_max_level(log::LevelFilter::Info);
//!
//! #[traced::traced(name = "orders.create")]
//! fn create() -> Option<String> {
//!     log::info!("creating the order");
//!     traced::trace_id().map(|id| id.to_string())
//! }
//!
//! let trace_id = create();
//! log::info!("outside any span");
//! assert!(trace_id.is_some());
//! assert_eq!(*TRACE_IDS.lock().unwrap(), [trace_id, None]);
//! ```

use log::kv::{self, Source, VisitSource};
use log::{Log, Metadata, Record};

/// Wraps any `log` logger: a record logged while a span is current gets `trace_id` and `span_id` key-values,
/// so a backend can join the log line to its trace. Records outside spans pass through untouched.
///
/// ```
/// use log::kv::{Error, Key, Value, VisitSource};
/// use log::{Log, Metadata, Record};
///
/// /// Prints each record with its key-values.
/// struct Print;
///
/// struct Line(String);
///
/// impl<'kvs> VisitSource<'kvs> for Line {
///     fn visit_pair(&mut self, key: Key<'kvs>, value: Value<'kvs>) -> Result<(), Error> {
///         self.0.push_str(&format!(" {key}={value}"));
///         Ok(())
///     }
/// }
///
/// impl Log for Print {
///     fn enabled(&self, _: &Metadata<'_>) -> bool {
///         true
///     }
///     fn log(&self, record: &Record<'_>) {
///         let mut line = Line(record.args().to_string());
///         let _ = record.key_values().visit(&mut line);
///         println!("{}", line.0);
///     }
///     fn flush(&self) {}
/// }
///
/// static LOGGER: traced::log::Correlated<Print> = traced::log::Correlated::new(Print);
/// log::set_logger(&LOGGER).unwrap();
/// log::set_max_level(log::LevelFilter::Info);
///
/// #[traced::traced(name = "orders.create")]
/// fn create() {
///     log::info!("creating the order"); // "creating the order trace_id=… span_id=…"
/// }
/// create();
/// ```
#[derive(Debug)]
pub struct Correlated<L> {
    inner: L,
}

impl<L> Correlated<L> {
    /// Wraps `inner`; `const`, so the wrapped logger can be the `static` that `log::set_logger` takes.
    ///
    /// ```
    /// # struct Stderr;
    /// # impl log::Log for Stderr {
    /// #     fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
    /// #         metadata.level() <= log::Level::Info
    /// #     }
    /// #     fn log(&self, record: &log::Record<'_>) {
    /// #         eprintln!("{}", record.args());
    /// #     }
    /// #     fn flush(&self) {}
    /// # }
    /// use log::Log;
    ///
    /// // `Stderr`: any `log::Log`, here one that prints records up to `Info`.
    /// static LOGGER: traced::log::Correlated<Stderr> = traced::log::Correlated::new(Stderr);
    /// log::set_logger(&LOGGER).unwrap();
    /// // What is logged at all stays the inner logger's decision.
    /// assert!(!LOGGER.enabled(&log::Metadata::builder().level(log::Level::Debug).build()));
    /// ```
    pub const fn new(inner: L) -> Self {
        Correlated { inner }
    }
}

/// The record's own key-values, then the trace's.
struct Chain<'a> {
    record: &'a dyn Source,
    trace: &'a dyn Source,
}

impl Source for Chain<'_> {
    fn visit<'kvs>(&'kvs self, visitor: &mut dyn VisitSource<'kvs>) -> Result<(), kv::Error> {
        self.record.visit(visitor)?;
        self.trace.visit(visitor)
    }
}

impl<L: Log> Log for Correlated<L> {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        self.inner.enabled(metadata)
    }

    fn log(&self, record: &Record<'_>) {
        let (Some(trace_id), Some(span_id)) = (crate::trace_id(), crate::span_id()) else {
            return self.inner.log(record);
        };
        let (trace_id, span_id) = (trace_id.to_string(), span_id.to_string());
        let trace = [("trace_id", trace_id.as_str()), ("span_id", span_id.as_str())];
        let key_values = Chain { record: record.key_values(), trace: &trace };
        self.inner.log(&record.to_builder().key_values(&key_values).build());
    }

    fn flush(&self) {
        self.inner.flush();
    }
}
