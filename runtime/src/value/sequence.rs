//! Sequences: slices, arrays and `Vec`s as OpenTelemetry arrays, and bytes as bounded hex.

use std::borrow::Cow;
use std::ffi::{OsStr, OsString};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use opentelemetry::{Array, Key, KeyValue, StringValue, Value};

use super::{push, AttributeValue};

/// At most this many elements of a slice, array or `Vec` are recorded, so that an attribute stays small
/// whatever the argument holds.
///
/// ```
/// use traced::{Array, AttributeValue, Key, Value};
///
/// let mut attributes = Vec::new();
/// vec![7_u32; 1000].record(Key::from_static_str("shard.ids"), &mut attributes);
/// let Value::Array(Array::I64(ids)) = &attributes[0].value else { unreachable!() };
/// assert_eq!(ids.len(), traced::MAX_ARRAY_LENGTH);
/// ```
pub const MAX_ARRAY_LENGTH: usize = 128;

/// At most this many bytes of a byte sequence are recorded, as hex.
///
/// ```
/// use traced::{AttributeValue, Key};
///
/// let mut attributes = Vec::new();
/// vec![0xab_u8; 100].record(Key::from_static_str("payload"), &mut attributes);
/// assert_eq!(attributes[0].value.as_str(), format!("{}… (100 bytes)", "ab".repeat(traced::MAX_HEX_BYTES)));
/// ```
pub const MAX_HEX_BYTES: usize = 64;

mod sealed {
    pub trait Sealed {}
}

/// A value that can be an element of a recorded slice, array or `Vec`, which becomes an OpenTelemetry array:
/// integers (but `u8`: `[u8]` is bytes), floats, `bool`, text (`char`, `str`, `String`, `Cow<str>`, addresses,
/// paths), `Duration`s (seconds), and references and smart pointers to these.
///
/// An array holds one type: integers, floats and booleans make typed arrays, anything else (or integers past
/// `i64`) an array of strings. Implemented by this crate only.
///
/// ```
/// use traced::{AttributeValue, Key, KeyValue, StringValue, Value};
///
/// let mut attributes = Vec::new();
/// vec![3_u32, 4].record(Key::from_static_str("shard.ids"), &mut attributes);
/// ["eu", "us"].record(Key::from_static_str("regions"), &mut attributes);
/// assert_eq!(attributes, [
///     KeyValue::new("shard.ids", Value::Array(vec![3_i64, 4].into())),
///     KeyValue::new("regions", Value::Array(vec![StringValue::from("eu"), "us".into()].into())),
/// ]);
/// ```
pub trait ArrayElement: sealed::Sealed {
    /// What an empty sequence of this type records.
    #[doc(hidden)]
    const __KIND: Kind;

    /// This element.
    #[doc(hidden)]
    fn __element(&self) -> Element;
}

/// The array an empty sequence records.
#[doc(hidden)]
#[derive(Clone, Copy, PartialEq)]
pub enum Kind {
    Bool,
    I64,
    F64,
    Text,
}

/// One element of a recorded array.
#[doc(hidden)]
pub enum Element {
    Bool(bool),
    I64(i64),
    F64(f64),
    Text(StringValue),
}

impl Element {
    fn kind(&self) -> Kind {
        match self {
            Element::Bool(_) => Kind::Bool,
            Element::I64(_) => Kind::I64,
            Element::F64(_) => Kind::F64,
            Element::Text(_) => Kind::Text,
        }
    }

    fn bool(self) -> Option<bool> {
        if let Element::Bool(value) = self {
            Some(value)
        } else {
            None
        }
    }

    fn i64(self) -> Option<i64> {
        if let Element::I64(value) = self {
            Some(value)
        } else {
            None
        }
    }

    fn f64(self) -> Option<f64> {
        if let Element::F64(value) = self {
            Some(value)
        } else {
            None
        }
    }

    fn text(self) -> StringValue {
        match self {
            Element::Bool(value) => value.to_string().into(),
            Element::I64(value) => value.to_string().into(),
            Element::F64(value) => value.to_string().into(),
            Element::Text(value) => value,
        }
    }
}

/// The elements as one typed array, or as strings when they are not all of one type.
fn array<'a, T: ArrayElement + 'a>(items: impl Iterator<Item = &'a T>) -> Array {
    let elements: Vec<Element> = items.take(MAX_ARRAY_LENGTH).map(T::__element).collect();
    let kind = elements.first().map_or(T::__KIND, Element::kind);
    if elements.iter().any(|element| element.kind() != kind) {
        return Array::String(elements.into_iter().map(Element::text).collect());
    }
    let elements = elements.into_iter();
    match kind {
        Kind::Bool => Array::Bool(elements.filter_map(Element::bool).collect()),
        Kind::I64 => Array::I64(elements.filter_map(Element::i64).collect()),
        Kind::F64 => Array::F64(elements.filter_map(Element::f64).collect()),
        Kind::Text => Array::String(elements.map(Element::text).collect()),
    }
}

impl<T: ArrayElement> AttributeValue for [T] {
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        push(key, Value::Array(array(self.iter())), attributes);
    }
}

impl<T: ArrayElement, const N: usize> AttributeValue for [T; N] {
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        self.as_slice().record(key, attributes);
    }
}

impl<T: ArrayElement> AttributeValue for Vec<T> {
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        self.as_slice().record(key, attributes);
    }
}

impl AttributeValue for [u8] {
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        push(key, hex(self), attributes);
    }
}

impl<const N: usize> AttributeValue for [u8; N] {
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        self.as_slice().record(key, attributes);
    }
}

impl AttributeValue for Vec<u8> {
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        self.as_slice().record(key, attributes);
    }
}

impl AttributeValue for bytes::Bytes {
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        self.as_ref().record(key, attributes);
    }
}

impl AttributeValue for bytes::BytesMut {
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        self.as_ref().record(key, attributes);
    }
}

/// The first [`MAX_HEX_BYTES`] bytes as lowercase hex, then `… (N bytes)` when there were more.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let shown = &bytes[..bytes.len().min(MAX_HEX_BYTES)];
    let mut out = String::with_capacity(shown.len() * 2 + 24);
    for byte in shown {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    if bytes.len() > shown.len() {
        out.push_str(&format!("… ({} bytes)", bytes.len()));
    }
    out
}

macro_rules! element {
    ($kind:ident: $($t:ty),* => |$value:ident| $element:expr) => {$(
        impl sealed::Sealed for $t {}
        impl ArrayElement for $t {
            const __KIND: Kind = Kind::$kind;
            fn __element(&self) -> Element {
                let $value = self;
                $element
            }
        }
    )*};
}
element!(I64: i64 => |value| Element::I64(*value));
element!(I64: i8, i16, i32, u16, u32 => |value| Element::I64(i64::from(*value)));
element!(I64: u64, u128, i128, usize, isize => |value| match i64::try_from(*value) {
    Ok(value) => Element::I64(value),
    // Past i64 the value is kept exactly, as its decimal text (which turns the array into strings).
    Err(_) => Element::Text(value.to_string().into()),
});
element!(F64: f64 => |value| Element::F64(*value));
element!(F64: f32 => |value| Element::F64(f64::from(*value)));
element!(F64: Duration => |value| Element::F64(value.as_secs_f64()));
element!(Bool: bool => |value| Element::Bool(*value));
element!(Text: str, String, Cow<'_, str> => |value| Element::Text(crate::installed::limits::bounded(value).into_owned().into()));
element!(Text: char, IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6 => |value| {
    Element::Text(value.to_string().into())
});
element!(Text: OsStr, OsString, Path, PathBuf => |value| {
    Element::Text(crate::installed::limits::bounded(&AsRef::<OsStr>::as_ref(value).to_string_lossy()).into_owned().into())
});

macro_rules! forward {
    ($($ty:ty),*) => {$(
        impl<T: ArrayElement + ?Sized> sealed::Sealed for $ty {}
        impl<T: ArrayElement + ?Sized> ArrayElement for $ty {
            const __KIND: Kind = T::__KIND;
            fn __element(&self) -> Element {
                (**self).__element()
            }
        }
    )*};
}
forward!(&T, &mut T, Box<T>, Rc<T>, Arc<T>);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::tests::recorded;

    #[test]
    fn sequences_are_typed_arrays() {
        assert_eq!(recorded(&[1_i32, -2]), Value::Array(vec![1_i64, -2].into()));
        assert_eq!(recorded(&vec![true, false]), Value::Array(vec![true, false].into()));
        assert_eq!(recorded(&&[0.5_f64][..]), Value::Array(vec![0.5].into()));
        assert_eq!(recorded(&vec!["a".to_owned()]), Value::Array(vec![StringValue::from("a")].into()));
        assert_eq!(recorded(&[Duration::from_secs(2)]), Value::Array(vec![2.0].into()));
    }

    #[test]
    fn an_empty_sequence_keeps_its_type() {
        assert_eq!(recorded(&Vec::<u32>::new()), Value::Array(Vec::<i64>::new().into()));
        assert_eq!(recorded(&Vec::<&str>::new()), Value::Array(Vec::<StringValue>::new().into()));
    }

    #[test]
    fn an_integer_past_i64_turns_the_array_into_exact_strings() {
        let expected: Vec<StringValue> = vec!["1".into(), "18446744073709551615".into()];
        assert_eq!(recorded(&[1_u64, u64::MAX]), Value::Array(expected.into()));
    }

    #[test]
    fn long_sequences_are_cut() {
        let Value::Array(Array::I64(values)) = recorded(&vec![7_u32; MAX_ARRAY_LENGTH + 5]) else { panic!() };
        assert_eq!(values.len(), MAX_ARRAY_LENGTH);
    }

    #[test]
    fn bytes_are_bounded_hex() {
        assert_eq!(recorded(b"hello"), Value::from("68656c6c6f"));
        assert_eq!(recorded(&Vec::<u8>::new()), Value::from(""));
        let long: Vec<u8> = (0..=255).collect();
        let Value::String(text) = recorded(&long) else { panic!() };
        assert!(text.as_str().starts_with("00010203"));
        assert!(text.as_str().ends_with("3e3f… (256 bytes)"), "{text}");
        assert_eq!(text.as_str().len(), MAX_HEX_BYTES * 2 + "… (256 bytes)".len());
    }
}
