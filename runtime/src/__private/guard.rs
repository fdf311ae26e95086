//! The span of one call: started with its attributes, current while the body runs, ended exactly once.

use std::any::Any;
use std::borrow::Cow;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU8, Ordering};

use opentelemetry::trace::{SpanBuilder, Status, TraceContextExt};
use opentelemetry::{Context, KeyValue, Value};
use opentelemetry_semantic_conventions::trace::{ERROR_TYPE, EXCEPTION_MESSAGE, EXCEPTION_TYPE};

use super::{Attributes, Site};
use crate::installed::limits::bounded_owned;
use crate::installed::provider::{self, Installed};
use crate::installed::roots::{self, Kept, Presampled};
use crate::installed::tracers::{self, CachedTracer};

const RUNNING: u8 = 0;
const FINISHED: u8 = 1;
const PANICKED: u8 = 2;

/// The span of one call of an instrumented function.
///
/// Ends its span when dropped; a future dropped before it finished adds a `cancelled` event first.
pub struct SpanGuard {
    /// The caller's context plus this span; `None` when no tracer made a span (no provider installed).
    cx: Option<Context>,
    recording: bool,
    // Atomic rather than a `Cell`, so that a `Traced` future is `Sync` whenever the function's own future was.
    state: AtomicU8,
}

impl SpanGuard {
    /// Starts the span of `site` as a child of the current context, with the attributes `attributes` pushes.
    #[inline]
    pub fn start(site: &'static Site, attributes: impl FnOnce(&mut Attributes)) -> SpanGuard {
        let installed = provider::installed();
        // With no provider there is nothing to do: one load and a branch, the rest out of line.
        if installed.is_noop() {
            return SpanGuard::none();
        }
        SpanGuard::start_under(installed, site, attributes)
    }

    /// A call without a span.
    #[inline]
    fn none() -> SpanGuard {
        SpanGuard { cx: None, recording: false, state: AtomicU8::new(RUNNING) }
    }

    /// [`start`](SpanGuard::start) under a provider that makes spans.
    #[inline]
    fn start_under(installed: Installed, site: &'static Site, attributes: impl FnOnce(&mut Attributes)) -> SpanGuard {
        // Under an unsampled parent the span would be dropped unrecorded: skip it, attributes and all. The parent
        // stays current, so children and outgoing requests still carry its unsampled flag.
        if provider::child_would_be_dropped(installed) {
            return SpanGuard::none();
        }
        // A root whose sampler is known here skips the SDK's sampler; a dropped one skips the SDK altogether: its
        // context carries fresh unsampled ids.
        match roots::root(installed, site.name, &site.kind) {
            Some(Presampled::Dropped(cx)) => {
                return SpanGuard { cx: Some(cx), recording: false, state: AtomicU8::new(RUNNING) }
            }
            Some(Presampled::Kept(kept)) => return SpanGuard::start_kept(installed, site, attributes, kept),
            None => {}
        }
        SpanGuard::build(installed, site, attributes, |tracer, builder, parent| tracer.start(builder, parent))
    }

    /// [`start`](SpanGuard::start) for a root already kept: out of line, so that the common path stays small.
    #[cold]
    #[inline(never)]
    fn start_kept(
        installed: Installed,
        site: &'static Site,
        attributes: impl FnOnce(&mut Attributes),
        kept: Kept,
    ) -> SpanGuard {
        SpanGuard::build(installed, site, attributes, |tracer, builder, parent| {
            roots::staged(kept, || tracer.start(builder, parent))
        })
    }

    /// Builds the span of `site` under the current context with `start_span`.
    #[inline]
    fn build(
        installed: Installed,
        site: &'static Site,
        attributes: impl FnOnce(&mut Attributes),
        start_span: impl FnOnce(&CachedTracer, SpanBuilder, &Context) -> Option<(Context, bool)>,
    ) -> SpanGuard {
        let mut recorded = Attributes(Vec::with_capacity(site.capacity));
        attributes(&mut recorded);
        let recorded = recorded.0;
        // The builder is made where the tracer takes it: moved through the closures, it would be copied at each.
        let started = tracers::with_tracer(installed, &site.scope, |tracer| {
            Context::map_current(|parent| {
                let builder = SpanBuilder {
                    span_kind: Some(site.kind.clone()),
                    name: Cow::Borrowed(site.name),
                    start_time: None,
                    attributes: Some(recorded),
                    events: None,
                    links: None,
                };
                start_span(tracer, builder, parent)
            })
        });
        let (cx, recording) = match started {
            Some((cx, recording)) => (Some(cx), recording),
            None => (None, false),
        };
        SpanGuard { cx, recording, state: AtomicU8::new(RUNNING) }
    }

    /// Runs the body of a sync function with the span current.
    #[inline]
    pub fn in_scope<R>(&self, body: impl FnOnce() -> R) -> R {
        let Some(cx) = &self.cx else { return body() };
        let _attached = cx.clone().attach();
        match catch_unwind(AssertUnwindSafe(body)) {
            Ok(value) => {
                self.state.store(FINISHED, Ordering::Relaxed);
                value
            }
            Err(payload) => self.panicked(payload),
        }
    }

    /// Makes the span current until the returned guard drops, for a `#[track_caller]` body that runs inline
    /// (a closure would hide the caller's location from it). A panic is recorded when the guard drops during
    /// the unwind, without its message, which only `catch_unwind` could read.
    #[inline]
    pub fn enter(&self) -> Entered<'_> {
        Entered { guard: self, _attached: self.cx.clone().map(Context::attach) }
    }

    /// Runs the body of a function that returns a future with the span current, while it makes the future:
    /// a panic is recorded, a returned future leaves the span running for [`Traced`](super::Traced) to end.
    #[inline]
    pub fn make<R>(&self, body: impl FnOnce() -> R) -> R {
        let Some(cx) = &self.cx else { return body() };
        let _attached = cx.clone().attach();
        match catch_unwind(AssertUnwindSafe(body)) {
            Ok(value) => value,
            Err(payload) => self.panicked(payload),
        }
    }

    /// The context to make current while this call's future is polled or dropped; `None` without a span.
    #[inline]
    pub(crate) fn context(&self) -> Option<&Context> {
        self.cx.as_ref()
    }

    /// Ends the span now, once the call's future has completed.
    #[inline]
    pub(crate) fn finish(&mut self) {
        *self.state.get_mut() = FINISHED;
        if let Some(cx) = self.cx.take().filter(|_| self.recording) {
            cx.span().end();
        }
    }

    /// Whether this call's span records (is sampled).
    #[inline]
    pub fn is_recording(&self) -> bool {
        self.recording
    }

    /// Records `failure`: an `exception` event, `error.type`, the extra attributes and status `Error`.
    pub(crate) fn fail(&self, failure: Failure) {
        let Some(cx) = self.cx.as_ref().filter(|_| self.recording) else { return };
        let span = cx.span();
        let Failure { error_type, exception_type, message, description, extra } = failure;
        let description = description.unwrap_or_else(|| message.clone());
        // An error's text is the user's or a library's, of any length: bounded like every attribute.
        span.add_event(
            "exception",
            vec![
                KeyValue::new(EXCEPTION_TYPE, exception_type),
                KeyValue::new(EXCEPTION_MESSAGE, bounded_owned(message)),
            ],
        );
        span.set_attribute(KeyValue::new(ERROR_TYPE, error_type));
        span.set_attributes(extra);
        span.set_status(Status::error(bounded_owned(description)));
    }

    pub(crate) fn panicked(&self, payload: Box<dyn Any + Send>) -> ! {
        self.state.store(PANICKED, Ordering::Relaxed);
        if self.recording {
            let message = panic_message(&*payload);
            self.fail(Failure::of("panic", message.into_owned()));
        }
        resume_unwind(payload)
    }
}

/// What a failed call records: see [`SpanGuard::fail`].
pub(crate) struct Failure {
    /// `error.type`: a category, or the error's type.
    error_type: Value,
    /// The `exception` event's `exception.type`.
    exception_type: &'static str,
    /// The `exception` event's `exception.message`.
    message: String,
    /// The status description; the message when `None`.
    description: Option<String>,
    extra: Vec<KeyValue>,
}

impl Failure {
    /// A failure of type `type_name` (its `error.type` and `exception.type`) whose message and description are
    /// `message`.
    pub(crate) fn of(type_name: &'static str, message: String) -> Self {
        Failure {
            error_type: Value::from(type_name),
            exception_type: type_name,
            message,
            description: None,
            extra: Vec::new(),
        }
    }

    pub(crate) fn with_error_type(mut self, error_type: Value) -> Self {
        self.error_type = error_type;
        self
    }

    pub(crate) fn with_description(mut self, description: String) -> Self {
        self.description = Some(description);
        self
    }

    pub(crate) fn with_extra(mut self, extra: Vec<KeyValue>) -> Self {
        self.extra = extra;
        self
    }
}

/// The span of a `#[track_caller]` body, current while this lives.
pub struct Entered<'a> {
    guard: &'a SpanGuard,
    _attached: Option<opentelemetry::ContextGuard>,
}

impl Drop for Entered<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.guard.state.store(PANICKED, Ordering::Relaxed);
            if self.guard.recording {
                self.guard.fail(Failure::of("panic", "panicked".to_owned()));
            }
        } else {
            self.guard.state.store(FINISHED, Ordering::Relaxed);
        }
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> Cow<'_, str> {
    if let Some(text) = payload.downcast_ref::<&'static str>() {
        Cow::Borrowed(text)
    } else if let Some(text) = payload.downcast_ref::<String>() {
        Cow::Borrowed(text)
    } else {
        Cow::Borrowed("panic with a non-string payload")
    }
}

impl Drop for SpanGuard {
    #[inline]
    fn drop(&mut self) {
        // A span that does not record has nothing to end: skipping `end` saves reading the clock.
        if self.recording {
            self.end();
        }
    }
}

impl SpanGuard {
    #[inline(never)]
    fn end(&mut self) {
        let Some(cx) = self.cx.take() else { return };
        let span = cx.span();
        if *self.state.get_mut() == RUNNING && !std::thread::panicking() {
            span.add_event("cancelled", Vec::new());
        }
        span.end();
    }
}
