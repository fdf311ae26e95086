//! Structs recorded as groups of attributes, with their redactions applied everywhere they are shown.

use std::fmt;

use opentelemetry::{KeyValue, Value};

/// The value recorded in place of anything marked `redact`.
///
/// ```
/// # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
/// # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
/// #[traced::traced(name = "auth.login", redact(password))]
/// fn login(password: &str) {}
///
/// login("hunter2");
/// let span = &exporter.get_finished_spans().unwrap()[0];
/// assert_eq!(span.attributes, [traced::KeyValue::new("password", traced::REDACTED)]);
/// ```
pub const REDACTED: &str = "[REDACTED]";

/// A struct whose fields are recorded as attributes under a common prefix.
///
/// Derive it with `#[derive(SpanAttributes)]`: `#[redact]` fields are recorded as `[REDACTED]`,
/// `#[span(skip)]` fields are left out, `#[span(rename = "key")]` changes a field's key, and fields whose type
/// is itself `SpanAttributes` are flattened (`order.customer.id`).
///
/// A struct with `#[redact]` fields also gets its `Debug` from the derive, printing what its attributes print:
/// the secret stays redacted whoever formats the struct, including the derived `Debug` of any type that holds
/// it (`Envelope { card: Card { .. } }`, `(u32, Card)`). So do not derive `Debug` beside it: the two impls
/// conflict (E0119), where a derived one would print the secret.
///
/// ```
/// use traced::{KeyValue, SpanAttributes};
///
/// #[derive(SpanAttributes)]
/// struct Order {
///     id: String,
///     amount: f64,
///     #[redact]
///     card_number: String,
///     #[span(skip)]
///     items: Vec<String>,
/// }
///
/// let order = Order { id: "o-1".into(), amount: 9.5, card_number: "4111".into(), items: vec![] };
/// let mut attributes = Vec::new();
/// order.record_attributes("order", &mut attributes);
/// assert_eq!(attributes, [
///     KeyValue::new("order.id", "o-1"),
///     KeyValue::new("order.amount", 9.5),
///     KeyValue::new("order.card_number", "[REDACTED]"),
/// ]);
/// // `?order`, `%order` and the struct's own `Debug` render through the same redactions.
/// let rendered = r#"Order { id: "o-1", amount: 9.5, card_number: "[REDACTED]" }"#;
/// assert_eq!(traced::Redacted(&order).to_string(), rendered);
/// assert_eq!(format!("{order:?}"), rendered);
/// assert_eq!(format!("{:?}", Some((1, &order))), format!("Some((1, {rendered}))"));
/// ```
pub trait SpanAttributes {
    /// The type's name, shown when it is rendered with `?` or `%`.
    const TYPE_NAME: &'static str;

    /// Pushes one attribute per recorded field, keyed `prefix.field` (just `field` when `prefix` is empty).
    fn record_attributes(&self, prefix: &str, attributes: &mut Vec<KeyValue>);
}

macro_rules! forward {
    ($($ty:ty),*) => {$(
        impl<T: SpanAttributes + ?Sized> SpanAttributes for $ty {
            const TYPE_NAME: &'static str = T::TYPE_NAME;

            fn record_attributes(&self, prefix: &str, attributes: &mut Vec<KeyValue>) {
                (**self).record_attributes(prefix, attributes);
            }
        }
    )*};
}
// So that `?order` of an `order: &Order` argument still renders through the redactions.
forward!(&T, &mut T, Box<T>, std::rc::Rc<T>, std::sync::Arc<T>);

/// Renders a [`SpanAttributes`] value from its recorded attributes, so redacted fields show as `[REDACTED]`.
///
/// `?value` and `%value` in `#[traced(fields(...))]` use this for `SpanAttributes` types; use it yourself to put
/// such a value in a log line or an error message.
///
/// ```
/// use traced::{Redacted, SpanAttributes};
///
/// #[derive(SpanAttributes)]
/// struct Card {
///     brand: String,
///     #[redact]
///     number: String,
/// }
///
/// let card = Card { brand: "visa".into(), number: "4111 1111 1111 1111".into() };
/// assert_eq!(Redacted(&card).to_string(), r#"Card { brand: "visa", number: "[REDACTED]" }"#);
/// ```
#[derive(Clone, Copy)]
pub struct Redacted<'a, T: ?Sized>(pub &'a T);

impl<T: SpanAttributes + ?Sized> fmt::Display for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut attributes = Vec::new();
        self.0.record_attributes("", &mut attributes);
        write!(f, "{} {{", T::TYPE_NAME)?;
        for (i, attribute) in attributes.iter().enumerate() {
            let separator = if i == 0 { " " } else { ", " };
            write!(f, "{separator}{}: ", attribute.key)?;
            match &attribute.value {
                Value::String(text) => write!(f, "{:?}", text.as_str())?,
                other => write!(f, "{other}")?,
            }
        }
        f.write_str(if attributes.is_empty() { "}" } else { " }" })
    }
}

impl<T: SpanAttributes + ?Sized> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
