//! What a capture hands back: its finished spans, and assertions on each that say what they found when they fail.

use std::fmt;
use std::ops::Deref;

use opentelemetry::trace::{Event, SpanId, SpanKind, Status};
use opentelemetry::Value;
use opentelemetry_sdk::trace::SpanData;

/// The spans a [`Capture`](super::Capture) caught, in the order they ended.
///
/// ```
/// let capture = traced::testing::capture();
/// #[traced::traced(name = "orders.place")]
/// fn place() { reserve() }
/// #[traced::traced(name = "stock.reserve")]
/// fn reserve() {}
/// capture.run(place);
///
/// let spans = capture.spans();
/// assert_eq!(spans.names(), ["stock.reserve", "orders.place"]);
/// spans.named("stock.reserve").assert_child_of(spans.named("orders.place"));
/// ```
#[derive(Clone, Debug)]
pub struct Spans(pub(super) Vec<CapturedSpan>);

impl Spans {
    /// The spans' names, in the order they ended.
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// capture.run(|| { run(); run() });
    /// assert_eq!(capture.spans().names(), ["jobs.run", "jobs.run"]);
    /// ```
    pub fn names(&self) -> Vec<&str> {
        self.0.iter().map(CapturedSpan::name).collect()
    }

    /// The one span named `name`. Panics, listing what was caught, when there is none or more than one.
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// capture.run(run);
    /// assert_eq!(capture.spans().named("jobs.run").name(), "jobs.run");
    /// ```
    #[track_caller]
    pub fn named(&self, name: &str) -> &CapturedSpan {
        match self.all_named(name)[..] {
            [span] => span,
            [] => panic!("no span named {name:?} was caught; the spans are {:?}", self.names()),
            ref several => panic!("{} spans are named {name:?}; use `all_named`", several.len()),
        }
    }

    /// Every span named `name`, in the order they ended.
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "jobs.run", fields(n))]
    /// fn run(n: i64) {}
    /// capture.run(|| { run(1); run(2) });
    /// let runs = capture.spans();
    /// let runs = runs.all_named("jobs.run");
    /// runs[1].assert_attribute("n", 2_i64);
    /// ```
    pub fn all_named(&self, name: &str) -> Vec<&CapturedSpan> {
        self.0.iter().filter(|span| span.name() == name).collect()
    }

    /// The parent of `span`, when it was caught too (not for a top-level span, whose parent is the capture's).
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "orders.place")]
    /// fn place() { reserve() }
    /// #[traced::traced(name = "stock.reserve")]
    /// fn reserve() {}
    /// capture.run(place);
    /// let spans = capture.spans();
    /// assert_eq!(spans.parent_of(spans.named("stock.reserve")).map(|parent| parent.name()), Some("orders.place"));
    /// assert!(spans.parent_of(spans.named("orders.place")).is_none());
    /// ```
    pub fn parent_of(&self, span: &CapturedSpan) -> Option<&CapturedSpan> {
        self.0.iter().find(|parent| parent.data.span_context.span_id() == span.data.parent_span_id)
    }
}

impl Deref for Spans {
    type Target = [CapturedSpan];

    fn deref(&self) -> &[CapturedSpan] {
        &self.0
    }
}

impl IntoIterator for Spans {
    type Item = CapturedSpan;
    type IntoIter = std::vec::IntoIter<CapturedSpan>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// One finished span of a capture, with assertions that return the span, so they chain. Each panics with what it
/// found, the span's name first.
///
/// ```
/// use traced::Status;
///
/// let capture = traced::testing::capture();
/// #[traced::traced(name = "payment.charge", fields(amount))]
/// fn charge(amount: u64) -> Result<(), String> {
///     Err(format!("{amount} is over the limit"))
/// }
/// let _ = capture.run(|| charge(500));
///
/// capture
///     .spans()
///     .named("payment.charge")
///     .assert_top_level()
///     .assert_attribute("amount", 500_i64)
///     .assert_no_attribute("card")
///     .assert_error("500 is over the limit")
///     .assert_event("exception");
/// ```
#[derive(Clone)]
pub struct CapturedSpan {
    pub(super) data: SpanData,
    /// The capture's own root: the parent of the spans the test itself started.
    pub(super) root: SpanId,
}

impl CapturedSpan {
    /// The span's name.
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// capture.run(run);
    /// assert_eq!(capture.spans()[0].name(), "jobs.run");
    /// ```
    pub fn name(&self) -> &str {
        &self.data.name
    }

    /// Everything the SDK recorded of the span, for what the assertions do not cover.
    ///
    /// ```
    /// use opentelemetry::trace::SpanKind;
    ///
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// capture.run(run);
    /// assert_eq!(capture.spans()[0].data().span_kind, SpanKind::Internal);
    /// ```
    pub fn data(&self) -> &SpanData {
        &self.data
    }

    /// The value of the attribute `key`, if the span has it.
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "jobs.run", fields(n))]
    /// fn run(n: i64) {}
    /// capture.run(|| run(3));
    /// assert_eq!(capture.spans()[0].attribute("n"), Some(&traced::Value::I64(3)));
    /// ```
    pub fn attribute(&self, key: &str) -> Option<&Value> {
        self.data.attributes.iter().find(|attribute| attribute.key.as_str() == key).map(|attribute| &attribute.value)
    }

    /// Asserts that the attribute `key` is `expected`.
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "users.get", fields(name))]
    /// fn get(name: &str) {}
    /// capture.run(|| get("ada"));
    /// capture.spans()[0].assert_attribute("name", "ada");
    /// ```
    #[track_caller]
    pub fn assert_attribute(&self, key: &str, expected: impl Into<Value>) -> &Self {
        let expected = expected.into();
        match self.attribute(key) {
            Some(value) if *value == expected => self,
            Some(value) => panic!("{self:?}: attribute {key:?} is {value:?}, not {expected:?}"),
            None => panic!("{self:?}: no attribute {key:?} (expected {expected:?})"),
        }
    }

    /// Asserts that the span has no attribute `key`.
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "users.get")]
    /// fn get(password: &str) {}
    /// capture.run(|| get("hunter2"));
    /// capture.spans()[0].assert_no_attribute("password");
    /// ```
    #[track_caller]
    pub fn assert_no_attribute(&self, key: &str) -> &Self {
        if let Some(value) = self.attribute(key) {
            panic!("{self:?}: attribute {key:?} is {value:?}, expected none");
        }
        self
    }

    /// Whether the span's parent is the capture's own root: the test started it, not another caught span.
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// capture.run(run);
    /// assert!(capture.spans()[0].is_top_level());
    /// ```
    pub fn is_top_level(&self) -> bool {
        self.data.parent_span_id == self.root
    }

    /// Asserts that the span is [top-level](CapturedSpan::is_top_level).
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// capture.run(run);
    /// capture.spans()[0].assert_top_level();
    /// ```
    #[track_caller]
    pub fn assert_top_level(&self) -> &Self {
        assert!(self.is_top_level(), "{self:?}: not top-level; its parent is {}", self.data.parent_span_id);
        self
    }

    /// Asserts that the span is a child of `parent`.
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "orders.place")]
    /// fn place() { reserve() }
    /// #[traced::traced(name = "stock.reserve")]
    /// fn reserve() {}
    /// capture.run(place);
    /// let spans = capture.spans();
    /// spans.named("stock.reserve").assert_child_of(spans.named("orders.place"));
    /// ```
    #[track_caller]
    pub fn assert_child_of(&self, parent: &CapturedSpan) -> &Self {
        let (child, parent_context) = (&self.data, &parent.data.span_context);
        assert!(
            child.parent_span_id == parent_context.span_id()
                && child.span_context.trace_id() == parent_context.trace_id(),
            "{self:?}: not a child of {:?}; its parent is {}",
            parent.name(),
            child.parent_span_id
        );
        self
    }

    /// Asserts the span's kind.
    ///
    /// ```
    /// use opentelemetry::trace::SpanKind;
    ///
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "orders.consume", kind = consumer)]
    /// fn consume() {}
    /// capture.run(consume);
    /// capture.spans()[0].assert_kind(SpanKind::Consumer);
    /// ```
    #[track_caller]
    pub fn assert_kind(&self, kind: SpanKind) -> &Self {
        assert_eq!(self.data.span_kind, kind, "{self:?}: kind");
        self
    }

    /// The span's status.
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() {}
    /// capture.run(run);
    /// assert_eq!(capture.spans()[0].status(), &traced::Status::Unset);
    /// ```
    pub fn status(&self) -> &Status {
        &self.data.status
    }

    /// Asserts that the span did not fail: status `Unset` or `Ok`.
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() -> Result<(), String> { Ok(()) }
    /// capture.run(run).unwrap();
    /// capture.spans()[0].assert_not_error();
    /// ```
    #[track_caller]
    pub fn assert_not_error(&self) -> &Self {
        if let Status::Error { description } = &self.data.status {
            panic!("{self:?}: status is Error {description:?}");
        }
        self
    }

    /// Asserts that the span failed, its status description containing `description` (`""` for any).
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() -> Result<(), String> { Err("disk full".into()) }
    /// let _ = capture.run(run);
    /// capture.spans()[0].assert_error("disk");
    /// ```
    #[track_caller]
    pub fn assert_error(&self, description: &str) -> &Self {
        match &self.data.status {
            Status::Error { description: found } if found.contains(description) => self,
            other => panic!("{self:?}: status is {other:?}, expected an Error with {description:?}"),
        }
    }

    /// The span's events, in the order they were added.
    ///
    /// ```
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() { traced::add_event("retry", []) }
    /// capture.run(run);
    /// assert_eq!(capture.spans()[0].events()[0].name, "retry");
    /// ```
    pub fn events(&self) -> &[Event] {
        &self.data.events.events
    }

    /// Asserts that the span has an event named `name`, and returns the first.
    ///
    /// ```
    /// use traced::{KeyValue, Value};
    ///
    /// let capture = traced::testing::capture();
    /// #[traced::traced(name = "jobs.run")]
    /// fn run() { traced::add_event("retry", [KeyValue::new("attempt", 2)]) }
    /// capture.run(run);
    /// let event = capture.spans()[0].assert_event("retry").clone();
    /// assert_eq!(event.attributes, [KeyValue::new("attempt", 2)]);
    /// ```
    #[track_caller]
    pub fn assert_event(&self, name: &str) -> &Event {
        match self.events().iter().find(|event| event.name == name) {
            Some(event) => event,
            None => {
                let names: Vec<&str> = self.events().iter().map(|event| event.name.as_ref()).collect();
                panic!("{self:?}: no event {name:?}; its events are {names:?}")
            }
        }
    }
}

/// The name and attributes: what an assertion's message needs to say which span it looked at.
impl fmt::Debug for CapturedSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let attributes: Vec<String> =
            self.data.attributes.iter().map(|attribute| format!("{}={}", attribute.key, attribute.value)).collect();
        write!(f, "span {:?} [{}]", self.name(), attributes.join(" "))
    }
}
