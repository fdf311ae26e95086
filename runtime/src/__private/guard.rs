//! The span of one call: started with its attributes, current while the body runs, ended exactly once.

use std::any::Any;
use std::borrow::Cow;
use std::mem::ManuallyDrop;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use opentelemetry::trace::{Link, Status, TraceContextExt};
use opentelemetry::{Context, KeyValue, Value};
use opentelemetry_semantic_conventions::trace::{ERROR_TYPE, EXCEPTION_MESSAGE, EXCEPTION_TYPE};

use super::{Attributes, Site};
use crate::final_status;
use crate::installed::limits::bounded_owned;
use crate::installed::provider::{self, Installed};
use crate::installed::roots::{self, Kept, Presampled};
use crate::installed::tracers;

/// On the `exception` event of an expected error: it was an answer, not a failure.
const EXCEPTION_EXPECTED: &str = "exception.expected";

const RUNNING: u8 = 0;
const FINISHED: u8 = 1;
const PANICKED: u8 = 2;

/// The span of one call of an instrumented function.
///
/// Ends its span when dropped; a future dropped before it finished adds a `cancelled` event first.
pub struct SpanGuard {
    /// `None` when no tracer made a span (no provider installed, or an unsampled parent's child skipped). Dropped
    /// by hand (see `Drop`), so that dropping a guard without a span is one test, inlined in the caller.
    live: ManuallyDrop<Option<Live>>,
}

/// A call's span, from its start to its end.
struct Live {
    /// The caller's context plus this span.
    cx: Context,
    recording: bool,
    // Atomic rather than a `Cell`, so that a `Traced` future is `Sync` whenever the function's own future was.
    state: AtomicU8,
    /// The returned `Err` is expected (`SpanError::is_expected`, or the site's `expected` predicate said so).
    expected: AtomicBool,
}

impl Live {
    fn new(cx: Context, recording: bool) -> Self {
        Live { cx, recording, state: AtomicU8::new(RUNNING), expected: AtomicBool::new(false) }
    }
}

impl SpanGuard {
    /// Starts the span of `site` as a child of the current context, with the attributes `attributes` pushes.
    ///
    /// Generic over `attributes`, so compiled once for each instrumented function: the decisions before the
    /// attributes are made stay here (out of line, they cost a call and a copy of the decision on every span),
    /// the span's start after them is shared code, compiled once.
    #[inline]
    pub fn start(site: &'static Site, attributes: impl FnOnce(&mut Attributes)) -> SpanGuard {
        // With no provider there is nothing to do: one load and a branch, the rest out of line so that the
        // instrumented function's own frame stays small.
        if provider::is_noop() {
            return SpanGuard::none();
        }
        SpanGuard::start_under(site, |_| {}, attributes)
    }

    /// [`start`](SpanGuard::start) with the links `links` pushes (`links(..)`), made when the attributes are.
    #[inline]
    pub fn start_linked(
        site: &'static Site,
        links: impl FnOnce(&mut Vec<Link>),
        attributes: impl FnOnce(&mut Attributes),
    ) -> SpanGuard {
        if provider::is_noop() {
            return SpanGuard::none();
        }
        SpanGuard::start_under(site, links, attributes)
    }

    /// [`start`](SpanGuard::start) under a provider that may make spans (or one not known yet).
    #[inline(never)]
    fn start_under(
        site: &'static Site,
        links: impl FnOnce(&mut Vec<Link>),
        attributes: impl FnOnce(&mut Attributes),
    ) -> SpanGuard {
        // A filtered-out call is skipped like a child of an unsampled parent: its parent stays current.
        if !site.filter.allows(site.name) {
            return SpanGuard::none();
        }
        let installed = provider::installed();
        if installed.is_noop() {
            return SpanGuard::none();
        }
        // Under an unsampled parent the span would be dropped unrecorded: skip it, attributes and all. The parent
        // stays current, so children and outgoing requests still carry its unsampled flag.
        if provider::child_would_be_dropped(installed) {
            return SpanGuard::none();
        }
        // A root whose sampler is known here skips the SDK's sampler; a dropped one skips the SDK altogether: its
        // context carries fresh unsampled ids.
        let kept = match roots::root(installed, site.name, &site.kind) {
            Some(Presampled::Dropped(cx)) => return SpanGuard::dropped(cx),
            Some(Presampled::Kept(kept)) => Some(kept),
            None => None,
        };
        let mut recorded = Attributes(Vec::with_capacity(site.capacity));
        attributes(&mut recorded);
        let mut linked = Vec::new();
        links(&mut linked);
        match kept {
            // Without `links(..)` the vector is known empty here, and the other arm is compiled out.
            None if linked.is_empty() => SpanGuard::build(installed, site, recorded.0),
            None => SpanGuard::build_linked(installed, site, recorded.0, linked),
            Some(kept) => SpanGuard::build_kept(installed, site, recorded.0, linked, kept),
        }
    }

    /// A call without a span.
    #[inline]
    fn none() -> SpanGuard {
        SpanGuard { live: ManuallyDrop::new(None) }
    }

    /// A root dropped here, whose context carries fresh unsampled ids.
    #[inline(never)]
    fn dropped(cx: Context) -> SpanGuard {
        SpanGuard { live: ManuallyDrop::new(Some(Live::new(cx, false))) }
    }

    /// Starts the span of `site` under the current context, with `attributes`.
    #[inline(never)]
    fn build(installed: Installed, site: &'static Site, attributes: Vec<KeyValue>) -> SpanGuard {
        SpanGuard::build_with(installed, site, attributes, None)
    }

    /// [`build`](SpanGuard::build) with links.
    #[inline(never)]
    fn build_linked(
        installed: Installed,
        site: &'static Site,
        attributes: Vec<KeyValue>,
        links: Vec<Link>,
    ) -> SpanGuard {
        SpanGuard::build_with(installed, site, attributes, Some(links))
    }

    #[inline(always)]
    fn build_with(
        installed: Installed,
        site: &'static Site,
        attributes: Vec<KeyValue>,
        links: Option<Vec<Link>>,
    ) -> SpanGuard {
        let started = tracers::with_tracer(installed, &site.scope, |tracer| {
            Context::map_current(|parent| tracer.start(site.builder(attributes, links), parent))
        });
        SpanGuard::started(started)
    }

    /// [`build`](SpanGuard::build) for a root kept here (every sampled root under set-up's probability or
    /// adaptive sampler), which the SDK builds with the decision already made.
    #[inline(never)]
    fn build_kept(
        installed: Installed,
        site: &'static Site,
        attributes: Vec<KeyValue>,
        links: Vec<Link>,
        kept: Kept,
    ) -> SpanGuard {
        let links = (!links.is_empty()).then_some(links);
        let started = tracers::with_tracer(installed, &site.scope, |tracer| {
            Context::map_current(|parent| roots::staged(kept, || tracer.start(site.builder(attributes, links), parent)))
        });
        SpanGuard::started(started)
    }

    #[inline]
    fn started(started: Option<(Context, bool)>) -> SpanGuard {
        SpanGuard { live: ManuallyDrop::new(started.map(|(cx, recording)| Live::new(cx, recording))) }
    }

    /// Runs the body of a sync function with the span current.
    #[inline]
    pub fn in_scope<R>(&self, body: impl FnOnce() -> R) -> R {
        let Some(live) = &*self.live else { return body() };
        let _attached = live.cx.clone().attach();
        match catch_unwind(AssertUnwindSafe(body)) {
            Ok(value) => {
                live.state.store(FINISHED, Ordering::Relaxed);
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
        Entered { guard: self, _attached: self.live.as_ref().map(|live| live.cx.clone().attach()) }
    }

    /// Runs the body of a function that returns a future with the span current, while it makes the future:
    /// a panic is recorded, a returned future leaves the span running for [`Traced`](super::Traced) to end.
    #[inline]
    pub fn make<R>(&self, body: impl FnOnce() -> R) -> R {
        let Some(live) = &*self.live else { return body() };
        let _attached = live.cx.clone().attach();
        match catch_unwind(AssertUnwindSafe(body)) {
            Ok(value) => value,
            Err(payload) => self.panicked(payload),
        }
    }

    /// The context to make current while this call's future is polled or dropped; `None` without a span.
    #[inline]
    pub(crate) fn context(&self) -> Option<&Context> {
        self.live.as_ref().map(|live| &live.cx)
    }

    /// Ends the span now, once the call's future has completed.
    #[inline]
    pub(crate) fn finish(&mut self) {
        if let Some(mut live) = self.live.take() {
            *live.state.get_mut() = FINISHED;
        }
    }

    /// Whether this call's span records (is sampled).
    #[inline]
    pub fn is_recording(&self) -> bool {
        self.live.as_ref().is_some_and(|live| live.recording)
    }

    /// Records `failure`: an `exception` event, `error.type`, the extra attributes and status `Error`; for an
    /// expected error, only the event, marked `exception.expected = true`.
    pub(crate) fn fail(&self, failure: Failure) {
        let Some(live) = self.live.as_ref().filter(|live| live.recording) else { return };
        let span = live.cx.span();
        let Failure { error_type, exception_type, message, description, extra } = failure;
        let expected = live.expected.load(Ordering::Relaxed);
        let description = (!expected).then(|| description.unwrap_or_else(|| message.clone()));
        // An error's text is the user's or a library's, of any length: bounded like every attribute.
        let mut event = vec![
            KeyValue::new(EXCEPTION_TYPE, exception_type),
            KeyValue::new(EXCEPTION_MESSAGE, bounded_owned(message)),
        ];
        let Some(description) = description else {
            event.push(KeyValue::new(EXCEPTION_EXPECTED, true));
            span.add_event("exception", event);
            return;
        };
        span.add_event("exception", event);
        span.set_attribute(KeyValue::new(ERROR_TYPE, error_type));
        span.set_attributes(extra);
        final_status::fail(&span, Status::error(bounded_owned(description)));
    }

    /// Marks the error this call returns as expected: [`fail`](SpanGuard::fail) then records it as an answer.
    #[inline]
    pub fn mark_expected(&self) {
        if let Some(live) = &*self.live {
            live.expected.store(true, Ordering::Relaxed);
        }
    }

    /// Sets the attributes `attributes` pushes (the returned value's, for `ret`) on the span, if it records.
    #[inline]
    pub fn record_return(&self, attributes: impl FnOnce(&mut Attributes)) {
        let Some(live) = self.live.as_ref().filter(|live| live.recording) else { return };
        let mut recorded = Attributes(Vec::new());
        attributes(&mut recorded);
        live.cx.span().set_attributes(recorded.0);
    }

    fn set_state(&self, state: u8) {
        if let Some(live) = &*self.live {
            live.state.store(state, Ordering::Relaxed);
        }
    }

    pub(crate) fn panicked(&self, payload: Box<dyn Any + Send>) -> ! {
        self.set_state(PANICKED);
        if self.is_recording() {
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
            self.guard.set_state(PANICKED);
            if self.guard.is_recording() {
                self.guard.fail(Failure::of("panic", "panicked".to_owned()));
            }
        } else {
            self.guard.set_state(FINISHED);
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
        if self.live.is_some() {
            self.end();
        }
    }
}

impl SpanGuard {
    /// Drops the span, which ends it: taken out, the guard's field holds `None`, which needs no dropping.
    #[inline(never)]
    fn end(&mut self) {
        drop(std::mem::take(&mut *self.live));
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        // A span that does not record has nothing to end: skipping `end` saves reading the clock.
        if !self.recording {
            return;
        }
        let span = self.cx.span();
        if *self.state.get_mut() == RUNNING && !std::thread::panicking() {
            span.add_event("cancelled", Vec::new());
        }
        span.end();
    }
}
