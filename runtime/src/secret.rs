//! A value that is secret by its type, wherever it goes.

use std::fmt;

use opentelemetry::{Key, KeyValue, Value};

use crate::attributes::REDACTED;
use crate::value::AttributeValue;

/// A value that is secret wherever it goes: recorded as `[REDACTED]`, and `[REDACTED]` in its own `Debug` and
/// `Display`, so no formatting path (a `?field`, a log line, a panic message, the `Debug` of a struct that holds
/// it) can show it. The value is read only by asking for it: [`Secret::expose`], [`Secret::into_inner`]. There is
/// no `Deref`, so it never stands in for the value by accident.
///
/// Because its type says it is redacted, `fields(...)` may capture an argument of this type under a
/// secret-looking name without `redact(...)`.
///
/// ```
/// # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
/// # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
/// use traced::{KeyValue, Secret};
///
/// #[derive(Debug)]
/// struct Login {
///     user: String,
///     password: Secret<String>,
/// }
///
/// #[traced::traced(name = "auth.login", fields(?login, password))]
/// fn login(login: &Login, password: &Secret<String>) -> bool {
///     login.password.expose() == password.expose()
/// }
///
/// let password = Secret::new("correct horse battery".to_owned());
/// let request = Login { user: "ada".into(), password: password.clone() };
/// assert!(login(&request, &password));
/// assert_eq!(format!("{request:?}"), r#"Login { user: "ada", password: [REDACTED] }"#);
/// let span = &exporter.get_finished_spans().unwrap()[0];
/// assert!(!format!("{span:?}").contains("correct horse"));
/// assert!(span.attributes.contains(&KeyValue::new("password", "[REDACTED]")));
/// ```
#[derive(Clone, Default)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wraps `value`; `const`, so a secret can be a `static` or a `const`.
    ///
    /// ```
    /// use traced::Secret;
    ///
    /// static API_KEY: Secret<&str> = Secret::new("k-0123456789");
    /// assert_eq!(format!("{API_KEY:?} {API_KEY}"), "[REDACTED] [REDACTED]");
    /// ```
    pub const fn new(value: T) -> Self {
        Secret(value)
    }

    /// The secret value, for the code that needs it.
    ///
    /// ```
    /// let password = traced::Secret::new(String::from("hunter2"));
    /// assert_eq!(password.expose(), "hunter2");
    /// ```
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// The secret value, unwrapped.
    ///
    /// ```
    /// let key = traced::Secret::new(vec![0x5e_u8, 0xc2]);
    /// let bytes: Vec<u8> = key.into_inner();
    /// assert_eq!(bytes, [0x5e, 0xc2]);
    /// ```
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Secret(value)
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T> fmt::Display for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T> AttributeValue for Secret<T> {
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        attributes.push(KeyValue::new(key, Value::from(REDACTED)));
    }
}

/// `secrecy`'s secrets (`SecretString` is `SecretBox<str>`): recorded as `[REDACTED]`, like [`Secret`].
#[cfg(feature = "secrecy")]
impl<S: secrecy::zeroize::Zeroize + ?Sized> AttributeValue for secrecy::SecretBox<S> {
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        attributes.push(KeyValue::new(key, Value::from(REDACTED)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_formatting_shows_the_value() {
        let secret = Secret::new("hunter2");
        let shown = format!("{secret:?} {secret} {:?} {:#?}", Some(&secret), (1, &secret));
        assert!(!shown.contains("hunter2"), "{shown}");
        assert_eq!(*secret.expose(), "hunter2");
        assert_eq!(secret.clone().into_inner(), "hunter2");
    }

    #[cfg(feature = "secrecy")]
    #[test]
    fn secrecy_secrets_are_recorded_redacted() {
        let secret = secrecy::SecretString::from("hunter2");
        let mut attributes = Vec::new();
        secret.record(Key::from_static_str("password"), &mut attributes);
        assert_eq!(attributes, [KeyValue::new("password", REDACTED)]);
    }
}
