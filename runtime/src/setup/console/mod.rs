//! The console exporter: each finished trace printed as a tree, in start order, with durations, attributes,
//! events and errors.
//!
//! Spans are held until the local root of their trace ends (a span without a parent, or whose parent lives in
//! another process), then its whole subtree is printed. A remote parent still open in this process (a client
//! span of one service calling another service of the same process) is no root's parent: the callee's spans
//! wait for it, so a trace crossing services in one process prints as one tree. Memory stays bounded: a trace still open after the trace
//! timeout, or the oldest one when more than the buffered-span cap are held, is printed as it is, marked
//! incomplete.

mod layout;
mod tree;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::thread::Thread;
use std::time::{Duration, Instant};

use opentelemetry::trace::{SpanId, TraceId};
use opentelemetry::Context;
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{Span, SpanData, SpanProcessor};
use opentelemetry_sdk::Resource;

/// Columns the attribute lines may take, unless [`Console::with_width`] or `COLUMNS` says otherwise.
const DEFAULT_WIDTH: usize = 120;

/// Settings of the console trace tree; pass it to [`Exporter::Console`](crate::setup::Exporter::Console).
///
/// ```
/// use std::time::Duration;
/// use traced::setup::{Console, Exporter};
///
/// let console = Console::stdout()
///     .with_color(false)
///     .with_width(100)
///     .with_trace_timeout(Duration::from_secs(10))
///     .with_max_buffered_spans(1000);
/// let guard = traced::builder().with_exporter(Exporter::Console(console)).install()?;
/// # drop(guard);
/// # Ok::<(), traced::setup::InitError>(())
/// ```
pub struct Console {
    out: Box<dyn Write + Send>,
    color: bool,
    width: usize,
    trace_timeout: Duration,
    max_buffered_spans: usize,
}

impl fmt::Debug for Console {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Console")
            .field("color", &self.color)
            .field("width", &self.width)
            .field("trace_timeout", &self.trace_timeout)
            .field("max_buffered_spans", &self.max_buffered_spans)
            .finish_non_exhaustive()
    }
}

impl Console {
    /// Prints to standard output, in colour when it is a terminal and `NO_COLOR` is not set, wrapped to `COLUMNS`
    /// when the shell exports it.
    ///
    /// ```
    /// use traced::setup::{Console, Exporter};
    ///
    /// let guard = traced::builder().with_exporter(Exporter::Console(Console::stdout())).install()?;
    ///
    /// #[traced::traced(name = "jobs.run", fields(id))]
    /// fn run(id: u64) {}
    /// run(7); // prints `jobs.run  12.3µs` and, below it, `   id=7`
    /// # drop(guard);
    /// # Ok::<(), traced::setup::InitError>(())
    /// ```
    pub fn stdout() -> Console {
        let color =
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
        let width = std::env::var("COLUMNS").ok().and_then(|columns| columns.trim().parse().ok());
        let console = Console::to_writer(std::io::stdout()).with_color(color);
        match width {
            Some(width) => console.with_width(width),
            None => console,
        }
    }

    /// Prints to `out`, without colour, 120 columns wide.
    ///
    /// ```
    /// use std::io::Write;
    /// use std::sync::{Arc, Mutex};
    ///
    /// use traced::setup::{Console, Exporter};
    ///
    /// /// A buffer to read the trees back from.
    /// #[derive(Clone, Default)]
    /// struct Buffer(Arc<Mutex<Vec<u8>>>);
    ///
    /// impl Write for Buffer {
    ///     fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
    ///         self.0.lock().unwrap().write(bytes)
    ///     }
    ///     fn flush(&mut self) -> std::io::Result<()> {
    ///         Ok(())
    ///     }
    /// }
    ///
    /// let out = Buffer::default();
    /// let guard = traced::builder().with_exporter(Exporter::Console(Console::to_writer(out.clone()))).install()?;
    ///
    /// #[traced::traced(name = "orders.create", fields(id))]
    /// fn create(id: u64) {
    ///     validate();
    /// }
    ///
    /// #[traced::traced(name = "orders.validate")]
    /// fn validate() {}
    ///
    /// create(7);
    /// let text = String::from_utf8(out.0.lock().unwrap().clone())?;
    /// let lines: Vec<&str> = text.lines().collect();
    /// assert!(lines[0].starts_with("orders.create "), "{text}");
    /// assert_eq!(lines[1], "│  id=7");
    /// assert!(lines[2].starts_with("└─ orders.validate "), "{text}");
    /// # drop(guard);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_writer(out: impl Write + Send + 'static) -> Console {
        Console {
            out: Box::new(out),
            color: false,
            width: DEFAULT_WIDTH,
            trace_timeout: Duration::from_secs(30),
            max_buffered_spans: 10_000,
        }
    }

    /// Whether to colour the output with ANSI escapes.
    ///
    /// ```
    /// # use std::io::Write;
    /// # use std::sync::{Arc, Mutex};
    /// # #[derive(Clone, Default)]
    /// # struct Buffer(Arc<Mutex<Vec<u8>>>);
    /// # impl Write for Buffer {
    /// #     fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
    /// #         self.0.lock().unwrap().write(bytes)
    /// #     }
    /// #     fn flush(&mut self) -> std::io::Result<()> {
    /// #         Ok(())
    /// #     }
    /// # }
    /// # impl Buffer {
    /// #     fn text(&self) -> String {
    /// #         String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    /// #     }
    /// # }
    /// # let out = Buffer::default();
    /// use traced::setup::{Console, Exporter};
    ///
    /// let console = Console::to_writer(out.clone()).with_color(true);
    /// let guard = traced::builder().with_exporter(Exporter::Console(console)).install()?;
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// run();
    /// assert!(out.text().starts_with("\x1b[1mjobs.run\x1b[0m"), "the name in bold");
    /// # drop(guard);
    /// # Ok::<(), traced::setup::InitError>(())
    /// ```
    pub fn with_color(mut self, color: bool) -> Console {
        self.color = color;
        self
    }

    /// How many columns the attribute lines may take before they wrap (default 120, at least 20).
    ///
    /// ```
    /// # use std::io::Write;
    /// # use std::sync::{Arc, Mutex};
    /// # #[derive(Clone, Default)]
    /// # struct Buffer(Arc<Mutex<Vec<u8>>>);
    /// # impl Write for Buffer {
    /// #     fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
    /// #         self.0.lock().unwrap().write(bytes)
    /// #     }
    /// #     fn flush(&mut self) -> std::io::Result<()> {
    /// #         Ok(())
    /// #     }
    /// # }
    /// # impl Buffer {
    /// #     fn text(&self) -> String {
    /// #         String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    /// #     }
    /// # }
    /// # let out = Buffer::default();
    /// use traced::setup::{Console, Exporter};
    ///
    /// let console = Console::to_writer(out.clone()).with_width(20);
    /// let guard = traced::builder().with_exporter(Exporter::Console(console)).install()?;
    /// #[traced::traced(name = "jobs.run", fields(region, zone))]
    /// fn run(region: &str, zone: &str) {}
    /// run("eu", "eu-1");
    /// assert_eq!(out.text().lines().skip(1).collect::<Vec<_>>(), ["   region=eu", "   zone=eu-1"]);
    /// # drop(guard);
    /// # Ok::<(), traced::setup::InitError>(())
    /// ```
    pub fn with_width(mut self, columns: usize) -> Console {
        self.width = columns.max(20);
        self
    }

    /// How long a trace may stay open before it is printed as it is (default 30 s).
    ///
    /// ```
    /// # use std::io::Write;
    /// # use std::sync::{Arc, Mutex};
    /// # #[derive(Clone, Default)]
    /// # struct Buffer(Arc<Mutex<Vec<u8>>>);
    /// # impl Write for Buffer {
    /// #     fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
    /// #         self.0.lock().unwrap().write(bytes)
    /// #     }
    /// #     fn flush(&mut self) -> std::io::Result<()> {
    /// #         Ok(())
    /// #     }
    /// # }
    /// # impl Buffer {
    /// #     fn text(&self) -> String {
    /// #         String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    /// #     }
    /// # }
    /// # let out = Buffer::default();
    /// use std::time::{Duration, Instant};
    /// use traced::setup::{Console, Exporter};
    ///
    /// let console = Console::to_writer(out.clone()).with_trace_timeout(Duration::from_millis(50));
    /// let guard = traced::builder().with_exporter(Exporter::Console(console)).install()?;
    ///
    /// #[traced::traced(name = "jobs.step")]
    /// fn step() {}
    ///
    /// #[traced::traced(name = "jobs.run")]
    /// fn run(out: &Buffer) {
    ///     step();
    ///     // `run` is still open, but its trace is printed, as far as it got, once the timeout is over.
    ///     let deadline = Instant::now() + Duration::from_secs(10);
    ///     while !out.text().contains("(incomplete)") {
    ///         assert!(Instant::now() < deadline, "never printed");
    ///         std::thread::sleep(Duration::from_millis(5));
    ///     }
    /// }
    /// run(&out);
    /// assert!(out.text().contains("jobs.step"));
    /// # drop(guard);
    /// # Ok::<(), traced::setup::InitError>(())
    /// ```
    pub fn with_trace_timeout(mut self, timeout: Duration) -> Console {
        self.trace_timeout = timeout;
        self
    }

    /// How many finished spans may wait for their trace to complete (default 10 000); past that the oldest
    /// trace is printed as it is.
    ///
    /// ```
    /// # use std::io::Write;
    /// # use std::sync::{Arc, Mutex};
    /// # #[derive(Clone, Default)]
    /// # struct Buffer(Arc<Mutex<Vec<u8>>>);
    /// # impl Write for Buffer {
    /// #     fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
    /// #         self.0.lock().unwrap().write(bytes)
    /// #     }
    /// #     fn flush(&mut self) -> std::io::Result<()> {
    /// #         Ok(())
    /// #     }
    /// # }
    /// # impl Buffer {
    /// #     fn text(&self) -> String {
    /// #         String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    /// #     }
    /// # }
    /// # let out = Buffer::default();
    /// use traced::setup::{Console, Exporter};
    ///
    /// let console = Console::to_writer(out.clone()).with_max_buffered_spans(1);
    /// let guard = traced::builder().with_exporter(Exporter::Console(console)).install()?;
    ///
    /// #[traced::traced(name = "jobs.step")]
    /// fn step() {}
    ///
    /// #[traced::traced(name = "jobs.run")]
    /// fn run(out: &Buffer) -> bool {
    ///     step();
    ///     step(); // a second span waiting for `run` to end is one too many: the trace is printed as it is
    ///     out.text().contains("(incomplete)")
    /// }
    /// assert!(run(&out));
    /// # drop(guard);
    /// # Ok::<(), traced::setup::InitError>(())
    /// ```
    pub fn with_max_buffered_spans(mut self, spans: usize) -> Console {
        self.max_buffered_spans = spans.max(1);
        self
    }

    /// Renamed [`with_color`](Console::with_color).
    ///
    /// ```
    /// # #![allow(deprecated)]
    /// let before = traced::setup::Console::stdout().color(false);
    /// let now = traced::setup::Console::stdout().with_color(false);
    /// # let _ = (before, now);
    /// ```
    #[deprecated(since = "0.1.0", note = "renamed `with_color`, like every other builder method")]
    pub fn color(self, color: bool) -> Console {
        self.with_color(color)
    }

    /// Renamed [`with_trace_timeout`](Console::with_trace_timeout).
    ///
    /// ```
    /// # #![allow(deprecated)]
    /// # use std::time::Duration;
    /// let before = traced::setup::Console::stdout().trace_timeout(Duration::from_secs(10));
    /// let now = traced::setup::Console::stdout().with_trace_timeout(Duration::from_secs(10));
    /// # let _ = (before, now);
    /// ```
    #[deprecated(since = "0.1.0", note = "renamed `with_trace_timeout`, like every other builder method")]
    pub fn trace_timeout(self, timeout: Duration) -> Console {
        self.with_trace_timeout(timeout)
    }

    /// Renamed [`with_max_buffered_spans`](Console::with_max_buffered_spans).
    ///
    /// ```
    /// # #![allow(deprecated)]
    /// let before = traced::setup::Console::stdout().max_buffered_spans(10_000);
    /// let now = traced::setup::Console::stdout().with_max_buffered_spans(10_000);
    /// # let _ = (before, now);
    /// ```
    #[deprecated(since = "0.1.0", note = "renamed `with_max_buffered_spans`, like every other builder method")]
    pub fn max_buffered_spans(self, spans: usize) -> Console {
        self.with_max_buffered_spans(spans)
    }

    pub(crate) fn into_processor(self) -> ConsoleProcessor {
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                out: self.out,
                traces: HashMap::new(),
                buffered: 0,
                open: HashSet::new(),
                service: None,
                printed_service: None,
            }),
            color: self.color,
            width: self.width,
            trace_timeout: self.trace_timeout,
            max_buffered_spans: self.max_buffered_spans,
            stopped: AtomicBool::new(false),
        });
        let sweeper = sweep(Arc::downgrade(&shared));
        ConsoleProcessor { shared, sweeper }
    }
}

/// Prints the traces that time out while no other span ends, until the processor stops.
fn sweep(shared: Weak<Shared>) -> Option<Thread> {
    let period = shared.upgrade()?.trace_timeout.clamp(Duration::from_millis(10), Duration::from_secs(1));
    let spawned = std::thread::Builder::new().name("traced-console".into()).spawn(move || loop {
        std::thread::park_timeout(period);
        let Some(shared) = shared.upgrade() else { return };
        if shared.stopped.load(Ordering::Acquire) {
            return;
        }
        let mut state = shared.lock();
        if !state.traces.is_empty() {
            shared.print_overdue(&mut state, Instant::now(), false);
        }
    });
    // Without the thread, open traces still print when a later span ends or at shutdown.
    spawned.ok().map(|handle| handle.thread().clone())
}

/// The span processor behind [`Console`]: prints synchronously, so it needs no async runtime.
pub(crate) struct ConsoleProcessor {
    shared: Arc<Shared>,
    sweeper: Option<Thread>,
}

struct Shared {
    state: Mutex<State>,
    color: bool,
    width: usize,
    trace_timeout: Duration,
    max_buffered_spans: usize,
    stopped: AtomicBool,
}

impl Drop for ConsoleProcessor {
    fn drop(&mut self) {
        self.stop();
    }
}

impl ConsoleProcessor {
    fn stop(&self) {
        self.shared.stopped.store(true, Ordering::Release);
        if let Some(sweeper) = &self.sweeper {
            sweeper.unpark();
        }
    }
}

impl fmt::Debug for ConsoleProcessor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConsoleProcessor").finish_non_exhaustive()
    }
}

struct State {
    out: Box<dyn Write + Send>,
    traces: HashMap<TraceId, Pending>,
    buffered: usize,
    /// The sampled spans started and not yet ended.
    open: HashSet<(TraceId, SpanId)>,
    /// The `service.name` of the provider's resource, unless it is the SDK's `unknown_service` stand-in.
    service: Option<String>,
    /// The service the last tree printed was headed by.
    printed_service: Option<String>,
}

/// The finished spans of one trace that wait for its local root.
struct Pending {
    since: Instant,
    spans: Vec<SpanData>,
}

impl State {
    /// Writes `text`, a tree, headed by the service when it is not the one printed last.
    fn print(&mut self, text: &str, style: &layout::Style) {
        if self.service.is_some() && self.service != self.printed_service {
            self.printed_service.clone_from(&self.service);
            let header = format!("service {}", self.service.as_deref().unwrap_or_default());
            let _ = writeln!(self.out, "{}", style.paint_dim(&header));
        }
        let _ = self.out.write_all(text.as_bytes());
    }

    /// Whether `span` tops a tree: it has no parent, or its parent is remote and not open in this process.
    fn is_local_root(&self, span: &SpanData) -> bool {
        span.parent_span_id == SpanId::INVALID
            || (span.parent_span_is_remote && !self.open.contains(&(span.span_context.trace_id(), span.parent_span_id)))
    }
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while printing leaves nothing half-updated that matters; keep printing.
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Prints, oldest first, the traces that waited past the timeout and those that put the buffer over its cap.
    fn print_overdue(&self, state: &mut State, now: Instant, everything: bool) {
        let mut by_age: Vec<(Instant, TraceId)> =
            state.traces.iter().map(|(trace_id, pending)| (pending.since, *trace_id)).collect();
        by_age.sort_by_key(|(since, _)| *since);
        for (since, trace_id) in by_age {
            let due = everything
                || now.duration_since(since) >= self.trace_timeout
                || state.buffered > self.max_buffered_spans;
            if !due {
                continue;
            }
            if let Some(pending) = state.traces.remove(&trace_id) {
                state.buffered -= pending.spans.len();
                let text = tree::render(&pending.spans, self.color, true, self.width);
                state.print(&text, &layout::Style { color: self.color });
            }
        }
        let _ = state.out.flush();
    }
}

impl SpanProcessor for ConsoleProcessor {
    fn on_start(&self, span: &mut Span, _cx: &Context) {
        let span_context = opentelemetry::trace::Span::span_context(span);
        if span_context.is_sampled() {
            self.shared.lock().open.insert((span_context.trace_id(), span_context.span_id()));
        }
    }

    fn on_end(&self, span: SpanData) {
        if !span.span_context.is_sampled() {
            return;
        }
        let shared = &self.shared;
        let mut guard = shared.lock();
        let state = &mut *guard;
        let trace_id = span.span_context.trace_id();
        state.open.remove(&(trace_id, span.span_context.span_id()));
        let root = state.is_local_root(&span).then(|| span.span_context.span_id());
        let now = Instant::now();
        let pending = state.traces.entry(trace_id).or_insert_with(|| Pending { since: now, spans: Vec::new() });
        pending.spans.push(span);
        state.buffered += 1;
        if let Some(root) = root {
            let subtree = tree::take_subtree(&mut pending.spans, root);
            let emptied = pending.spans.is_empty();
            state.buffered -= subtree.len();
            if emptied {
                state.traces.remove(&trace_id);
            }
            let text = tree::render(&subtree, shared.color, false, shared.width);
            state.print(&text, &layout::Style { color: shared.color });
        }
        // Timeouts are the sweeper's job; a span end only enforces the cap (or stands in for a missing sweeper).
        if state.buffered > shared.max_buffered_spans || self.sweeper.is_none() {
            shared.print_overdue(state, now, false);
        }
    }

    fn force_flush(&self) -> OTelSdkResult {
        let mut state = self.shared.lock();
        let _ = state.out.flush();
        Ok(())
    }

    fn shutdown_with_timeout(&self, _timeout: Duration) -> OTelSdkResult {
        self.stop();
        let mut state = self.shared.lock();
        self.shared.print_overdue(&mut state, Instant::now(), true);
        Ok(())
    }

    fn set_resource(&mut self, resource: &Resource) {
        let name = resource.get(&opentelemetry::Key::from_static_str("service.name")).map(|name| name.to_string());
        self.shared.lock().service = name.filter(|name| !name.starts_with("unknown_service"));
    }
}
