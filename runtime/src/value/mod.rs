//! How a Rust value becomes an OpenTelemetry attribute value, without formatting where a typed value fits.

mod sequence;
mod std_types;

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

use opentelemetry::{Key, KeyValue, Value};

/// A value that `#[traced(fields(...))]` can record as a span attribute.
///
/// Implemented for:
///
/// | type | recorded as |
/// |---|---|
/// | every integer width | an integer; past `i64`, exactly, as its decimal text |
/// | `f32`, `f64`, `bool` | a float, a boolean |
/// | `char`, `str`, `String`, `Cow<str>` | a string (bounded by set-up's attribute length) |
/// | [`Duration`](std::time::Duration) | seconds, as a float, the unit the OpenTelemetry conventions use |
/// | `IpAddr`, `Ipv4Addr`, `Ipv6Addr`, `SocketAddr`, `SocketAddrV4`, `SocketAddrV6` | their text: `127.0.0.1:8080`, `[::1]:443` |
/// | `Path`, `PathBuf`, `OsStr`, `OsString` | their text, invalid UTF-8 replaced by `�` |
/// | slices, arrays and `Vec`s of an [`ArrayElement`] | an OpenTelemetry array, of at most [`MAX_ARRAY_LENGTH`] elements |
/// | `[u8]`, `[u8; N]`, `Vec<u8>`, `bytes::Bytes`, `bytes::BytesMut` | see [bytes](#bytes) |
/// | `Option<T>` | `T`; `None` records nothing |
/// | references, `Box`, `Rc`, `Arc` of these | what they point to |
/// | `#[derive(SpanAttributes)]` types | their fields, flattened under the key |
///
/// # Bytes
///
/// Bytes are no text, so they are recorded as lowercase hex, at most the first [`MAX_HEX_BYTES`] of them:
/// `"68656c6c6f"` for `b"hello"`; a longer value shows its first bytes, then `…` and its length
/// (`"00010203…3e3f… (4096 bytes)"`). Bytes that are text can be recorded as text with
/// `key = %String::from_utf8_lossy(bytes)`.
///
/// ```
/// # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
/// # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
/// use std::net::SocketAddr;
/// use std::path::Path;
/// use std::time::Duration;
///
/// use traced::{KeyValue, StringValue, Value};
///
/// #[traced::traced(name = "files.copy", fields(peer, path, timeout, tags, checksum))]
/// fn copy(peer: SocketAddr, path: &Path, timeout: Duration, tags: &[&str], checksum: [u8; 4]) {}
///
/// copy("127.0.0.1:8080".parse().unwrap(), Path::new("/srv/a.txt"), Duration::from_millis(1500), &["a", "b"], [0xde, 0xad, 0xbe, 0xef]);
/// let span = &exporter.get_finished_spans().unwrap()[0];
/// assert_eq!(span.attributes, [
///     KeyValue::new("peer", "127.0.0.1:8080"),
///     KeyValue::new("path", "/srv/a.txt"),
///     KeyValue::new("timeout", 1.5),
///     KeyValue::new("tags", Value::Array(vec![StringValue::from("a"), "b".into()].into())),
///     KeyValue::new("checksum", "deadbeef"),
/// ]);
/// ```
///
/// Implement it for your own types to record them without `?`/`%`:
///
/// ```
/// use traced::{AttributeValue, Key, KeyValue};
///
/// struct UserId(u64);
///
/// impl AttributeValue for UserId {
///     fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
///         self.0.record(key, attributes);
///     }
/// }
///
/// let mut attributes = Vec::new();
/// UserId(7).record(Key::from_static_str("user.id"), &mut attributes);
/// assert_eq!(attributes, [KeyValue::new("user.id", 7_i64)]);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be recorded as a span attribute value",
    label = "not a recordable value",
    note = "record it with `key = ?expr` (its `Debug`) or `key = %expr` (its `Display`), \
            derive `SpanAttributes` for it, or implement `traced::AttributeValue` for it (for a type of \
            another crate, record one of its parts, or wrap it in a type of yours)"
)]
pub trait AttributeValue {
    /// Pushes the attribute(s) for `self` under `key` onto `attributes`.
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>);
}

pub use sequence::{ArrayElement, MAX_ARRAY_LENGTH, MAX_HEX_BYTES};

#[inline]
fn push(key: Key, value: impl Into<Value>, attributes: &mut Vec<KeyValue>) {
    attributes.push(KeyValue::new(key, value));
}

macro_rules! lossless_int {
    ($($t:ty),*) => {$(
        impl AttributeValue for $t {
            // Inlined into the call site, as hand-written `KeyValue::new` is: a number is a few stores.
            #[inline]
            fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
                push(key, i64::from(*self), attributes);
            }
        }
    )*};
}
lossless_int!(i8, i16, i32, i64, u8, u16, u32);

macro_rules! wide_int {
    ($($t:ty),*) => {$(
        impl AttributeValue for $t {
            fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
                // Past i64 the value is kept exactly, as its decimal text.
                match i64::try_from(*self) {
                    Ok(value) => push(key, value, attributes),
                    Err(_) => push(key, self.to_string(), attributes),
                }
            }
        }
    )*};
}
wide_int!(u64, u128, i128, usize, isize);

impl AttributeValue for f64 {
    #[inline]
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        push(key, *self, attributes);
    }
}

impl AttributeValue for f32 {
    #[inline]
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        push(key, f64::from(*self), attributes);
    }
}

impl AttributeValue for bool {
    #[inline]
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        push(key, *self, attributes);
    }
}

impl AttributeValue for char {
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        push(key, self.to_string(), attributes);
    }
}

impl AttributeValue for str {
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        push(key, crate::installed::limits::bounded(self).into_owned(), attributes);
    }
}

impl AttributeValue for String {
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        self.as_str().record(key, attributes);
    }
}

impl AttributeValue for Cow<'_, str> {
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        self.as_ref().record(key, attributes);
    }
}

impl<T: AttributeValue> AttributeValue for Option<T> {
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        if let Some(value) = self {
            value.record(key, attributes);
        }
    }
}

macro_rules! forward {
    ($($ty:ty),*) => {$(
        impl<T: AttributeValue + ?Sized> AttributeValue for $ty {
            fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
                (**self).record(key, attributes);
            }
        }
    )*};
}
forward!(&T, &mut T, Box<T>, Rc<T>, Arc<T>);

#[cfg(test)]
mod tests {
    use super::*;

    /// What `value` records under the key `k`.
    fn attributes_of(value: &dyn AttributeValue) -> Vec<KeyValue> {
        let mut attributes = Vec::new();
        value.record(Key::from_static_str("k"), &mut attributes);
        attributes
    }

    /// The one value `value` records.
    pub(super) fn recorded(value: &dyn AttributeValue) -> Value {
        let mut attributes = attributes_of(value);
        assert_eq!(attributes.len(), 1);
        attributes.remove(0).value
    }

    #[test]
    fn integers_past_i64_stay_exact() {
        assert_eq!(attributes_of(&u64::MAX), [KeyValue::new("k", "18446744073709551615")]);
        assert_eq!(attributes_of(&i128::MIN), [KeyValue::new("k", i128::MIN.to_string())]);
        assert_eq!(attributes_of(&(i64::MAX as u64)), [KeyValue::new("k", i64::MAX)]);
        assert_eq!(attributes_of(&-5_isize), [KeyValue::new("k", -5_i64)]);
    }

    #[test]
    fn none_records_nothing() {
        assert!(attributes_of(&None::<i32>).is_empty());
        assert_eq!(attributes_of(&Some("x")), [KeyValue::new("k", "x")]);
    }
}
