//! What `#[traced]` and `#[derive(SpanAttributes)]` expand to. Not a public API: it changes without notice.

pub mod fmt;
mod future;
mod guard;
pub mod names;
mod registration;
pub mod relations;
pub mod ret;

use std::borrow::Cow;

use opentelemetry::trace::{Link, SpanBuilder};
use opentelemetry::Value;

pub use opentelemetry::trace::SpanKind;
pub use opentelemetry::{Key, KeyValue};
pub use std::boxed::Box;

#[cfg(feature = "catalog")]
pub use inventory;

pub use crate::catalog::{CatalogKey, CatalogSite, CatalogType};
pub use crate::{__catalog_site as catalog_site, __catalog_type as catalog_type};
pub use std::vec::Vec;

use crate::filter::SiteVerdict;
use crate::installed::tracers::ScopeSlot;

pub use crate::attributes::{Redacted, SpanAttributes, REDACTED};
pub use crate::value::AttributeValue;
pub use future::{with_output, Traced};
pub use guard::{Entered, SpanGuard};

/// The compile-time facts of one instrumented function.
pub struct Site {
    pub(crate) name: &'static str,
    pub(crate) kind: SpanKind,
    pub(crate) scope: ScopeSlot,
    pub(crate) capacity: usize,
    /// The live filter's verdict on `name`.
    pub(crate) filter: SiteVerdict,
}

impl Site {
    /// `scope` and `version` are the calling crate's `CARGO_PKG_NAME` and `CARGO_PKG_VERSION`, when it is built
    /// by cargo (other build systems may not set them);
    /// `capacity` is how many attributes the function names.
    pub const fn new(
        name: &'static str,
        kind: SpanKind,
        scope: Option<&'static str>,
        version: Option<&'static str>,
        capacity: usize,
    ) -> Self {
        let scope = match scope {
            Some(scope) => scope,
            None => "unknown_crate",
        };
        Site { name, kind, scope: ScopeSlot::new(scope, version), capacity, filter: SiteVerdict::new() }
    }
}

impl Site {
    /// The builder of this site's span: made where the tracer takes it, since a builder moved through closures is
    /// copied at each.
    #[inline]
    pub(crate) fn builder(&self, attributes: Vec<KeyValue>, links: Option<Vec<Link>>) -> SpanBuilder {
        SpanBuilder {
            span_kind: Some(self.kind.clone()),
            name: Cow::Borrowed(self.name),
            start_time: None,
            attributes: Some(attributes),
            events: None,
            links,
        }
    }
}

/// The attributes a span starts with, filled by the expansion's closure.
pub struct Attributes(pub(crate) Vec<KeyValue>);

impl Attributes {
    /// Records `value` under `key` through its [`AttributeValue`] impl.
    #[inline]
    pub fn value<T: AttributeValue + ?Sized>(&mut self, key: &'static str, value: &T) {
        value.record(Key::from_static_str(key), &mut self.0);
    }

    /// Records the value `ret` records, as `return`.
    #[inline]
    pub fn returned<T: ReturnValue + ?Sized>(&mut self, value: &T) {
        value.record_return(&mut self.0);
    }

    /// Records a string literal.
    #[inline]
    pub fn static_str(&mut self, key: &'static str, value: &'static str) {
        self.0.push(KeyValue::new(Key::from_static_str(key), Value::from(value)));
    }

    /// Records text made by `?expr` / `%expr`.
    #[inline]
    pub fn text(&mut self, key: &'static str, text: String) {
        self.0.push(KeyValue::new(Key::from_static_str(key), crate::installed::limits::bounded_owned(text)));
    }

    /// Records `key = "[REDACTED]"`; the value itself is never looked at.
    #[inline]
    pub fn redacted(&mut self, key: &'static str) {
        self.0.push(KeyValue::new(Key::from_static_str(key), Value::from(REDACTED)));
    }
}

/// A value `ret` can record: any [`AttributeValue`]. Its own trait for its own advice when a value is not one.
#[diagnostic::on_unimplemented(
    message = "`ret` cannot record `{Self}` as a span attribute value",
    label = "not a recordable value",
    note = "record its text with `ret(Debug)` or `ret(Display)`, derive `SpanAttributes` for it, or implement \
            `traced::AttributeValue` for it"
)]
pub trait ReturnValue {
    /// Records the value as `return`.
    fn record_return(&self, attributes: &mut Vec<KeyValue>);
}

impl<T: AttributeValue + ?Sized> ReturnValue for T {
    #[inline]
    fn record_return(&self, attributes: &mut Vec<KeyValue>) {
        self.record(Key::from_static_str("return"), attributes);
    }
}

/// `()`, the `Ok` value of a `Result<(), E>`: nothing to record.
impl ReturnValue for () {
    #[inline]
    fn record_return(&self, _: &mut Vec<KeyValue>) {}
}

/// `prefix.field`, or `field` alone at the top level: the key of a derived struct's field.
pub fn field_key(prefix: &str, field: &'static str) -> Key {
    if prefix.is_empty() {
        Key::from_static_str(field)
    } else {
        Key::from(format!("{prefix}.{field}"))
    }
}

/// Records a redacted struct field.
pub fn redacted_field(prefix: &str, field: &'static str, attributes: &mut Vec<KeyValue>) {
    attributes.push(KeyValue::new(field_key(prefix, field), Value::from(REDACTED)));
}

/// Records a struct field through its [`AttributeValue`] impl.
#[inline]
pub fn field<T: AttributeValue + ?Sized>(prefix: &str, field: &'static str, value: &T, attributes: &mut Vec<KeyValue>) {
    value.record(field_key(prefix, field), attributes);
}

/// Records a derived struct flattened under `key`.
pub fn flatten<T: SpanAttributes + ?Sized>(value: &T, key: opentelemetry::Key, attributes: &mut Vec<KeyValue>) {
    value.record_attributes(key.as_str(), attributes);
}
