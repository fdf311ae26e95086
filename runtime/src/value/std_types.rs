//! The standard library's types that real arguments have: durations, addresses and paths.

use std::ffi::{OsStr, OsString};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::path::{Path, PathBuf};
use std::time::Duration;

use opentelemetry::{Key, KeyValue};

use super::{push, AttributeValue};

/// In seconds: OpenTelemetry's conventions record durations as seconds, in floating point.
impl AttributeValue for Duration {
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        push(key, self.as_secs_f64(), attributes);
    }
}

macro_rules! as_text {
    ($($t:ty),*) => {$(
        impl AttributeValue for $t {
            fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
                push(key, self.to_string(), attributes);
            }
        }
    )*};
}
as_text!(IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6);

impl AttributeValue for OsStr {
    fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
        self.to_string_lossy().record(key, attributes);
    }
}

macro_rules! as_os_str {
    ($($t:ty),*) => {$(
        impl AttributeValue for $t {
            fn record(&self, key: Key, attributes: &mut Vec<KeyValue>) {
                self.as_os_str().record(key, attributes);
            }
        }
    )*};
}
as_os_str!(OsString, Path, PathBuf);

#[cfg(test)]
mod tests {
    use opentelemetry::Value;

    use super::*;
    use crate::value::tests::recorded;

    #[test]
    fn durations_are_seconds() {
        assert_eq!(recorded(&Duration::from_micros(2_500)), Value::F64(0.0025));
        assert_eq!(recorded(&Duration::ZERO), Value::F64(0.0));
    }

    #[test]
    fn addresses_are_their_text() {
        let v6: SocketAddr = "[::1]:443".parse().unwrap();
        assert_eq!(recorded(&v6), Value::from("[::1]:443"));
        assert_eq!(recorded(&IpAddr::from([10, 0, 0, 1])), Value::from("10.0.0.1"));
    }

    #[cfg(unix)]
    #[test]
    fn paths_that_are_not_utf8_are_recorded_lossily() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(OsStr::from_bytes(b"/tmp/\xff.log"));
        assert_eq!(recorded(&path), Value::from("/tmp/\u{fffd}.log"));
        assert_eq!(recorded(&PathBuf::from("/srv/a.txt")), Value::from("/srv/a.txt"));
    }
}
