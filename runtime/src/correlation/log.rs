//! Log correlation for the `log` facade (feature `log`): records logged inside a span carry its `trace_id` and
//! `span_id` as key-values.

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
    /// Wraps `inner`.
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
