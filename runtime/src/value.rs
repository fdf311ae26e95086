//! How a Rust value becomes an OpenTelemetry attribute value, without formatting where a typed value fits.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

use opentelemetry::{Key, KeyValue, Value};

/// A value that `#[traced(fields(...))]` can record as a span attribute.
///
/// Implemented for every integer width, floats, `bool`, `char`, `str`, `String`, `Cow<str>`, references and smart
/// pointers to these, `Option<T>` (`None` records nothing) and every `#[derive(SpanAttributes)]` type (flattened
/// under the key). Integers that do not fit an `i64` are recorded exactly, as strings.
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
            derive `SpanAttributes` for it, or implement `traced::AttributeValue`"
)]
pub trait AttributeValue {
    /// Pushes the attribute(s) for `self` under `key` onto `attributes`.
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>);
}

fn push(key: Key, value: impl Into<Value>, attributes: &mut Vec<KeyValue>) {
    attributes.push(KeyValue::new(key, value));
}

macro_rules! lossless_int {
    ($($t:ty),*) => {$(
        impl AttributeValue for $t {
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
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        push(key, *self, attributes);
    }
}

impl AttributeValue for f32 {
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        push(key, f64::from(*self), attributes);
    }
}

impl AttributeValue for bool {
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
        push(key, crate::limits::bounded(self).into_owned(), attributes);
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

    fn recorded(value: &dyn AttributeValue) -> Vec<KeyValue> {
        let mut attributes = Vec::new();
        value.record(Key::from_static_str("k"), &mut attributes);
        attributes
    }

    #[test]
    fn integers_past_i64_stay_exact() {
        assert_eq!(recorded(&u64::MAX), [KeyValue::new("k", "18446744073709551615")]);
        assert_eq!(recorded(&i128::MIN), [KeyValue::new("k", i128::MIN.to_string())]);
        assert_eq!(recorded(&(i64::MAX as u64)), [KeyValue::new("k", i64::MAX)]);
        assert_eq!(recorded(&-5_isize), [KeyValue::new("k", -5_i64)]);
    }

    #[test]
    fn none_records_nothing() {
        assert!(recorded(&None::<i32>).is_empty());
        assert_eq!(recorded(&Some("x")), [KeyValue::new("k", "x")]);
    }
}
