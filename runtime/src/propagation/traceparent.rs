//! The `traceparent` header: version, trace id, parent id and flags, read as the spec's processing model says.
//!
//! It is read as bytes, never sliced as text: a header from any carrier (a `HashMap<String, String>`, message
//! headers) may hold multi-byte characters anywhere.

use opentelemetry::trace::{SpanId, TraceFlags, TraceId};

use crate::encoding::lower_hex;

/// Length of a version `00` value, and of the fields every later version starts with.
const LENGTH: usize = 55;

/// The flags the spec defines: `sampled` and Level 2's `random`. Other bits are not ours to pass on.
pub(super) const DEFINED_FLAGS: TraceFlags = TraceFlags::new(0x03);

/// Level 2's flag: the right-most 7 bytes of the trace id are random.
pub(crate) const RANDOM: TraceFlags = TraceFlags::new(0x02);

/// The remote parent a `traceparent` value describes, if it is valid: `None` restarts the trace.
pub(super) fn parse(value: &str) -> Option<(TraceId, SpanId, TraceFlags)> {
    let bytes = trim_ows(value.as_bytes());
    if bytes.len() < LENGTH {
        return None;
    }
    let version = lower_hex(&bytes[..2])?;
    if version == 0xff {
        return None;
    }
    // Version 00 is exactly 55 characters; a later one may add fields, each after a `-`.
    if (version == 0 && bytes.len() != LENGTH) || (bytes.len() > LENGTH && bytes[LENGTH] != b'-') {
        return None;
    }
    if bytes[2] != b'-' || bytes[35] != b'-' || bytes[52] != b'-' {
        return None;
    }
    let trace_id = lower_hex(&bytes[3..35]).filter(|&id| id != 0)?;
    let span_id = lower_hex(&bytes[36..52]).filter(|&id| id != 0)?;
    let flags = lower_hex(&bytes[53..LENGTH])?;
    // At most 16 hex digits: the truncation keeps every bit.
    Some((TraceId::from(trace_id), SpanId::from(span_id as u64), TraceFlags::new(flags as u8) & DEFINED_FLAGS))
}

/// `bytes` without the spaces and tabs the spec allows around a header's value.
pub(super) fn trim_ows(bytes: &[u8]) -> &[u8] {
    let is_ows = |byte: &u8| matches!(byte, b' ' | b'\t');
    let start = bytes.iter().position(|byte| !is_ows(byte)).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|byte| !is_ows(byte)).map_or(start, |last| last + 1);
    &bytes[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    #[test]
    fn a_valid_value_gives_its_ids_and_flags() {
        let (trace_id, span_id, flags) = parse(VALID).unwrap();
        assert_eq!(trace_id.to_string(), "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(span_id.to_string(), "00f067aa0ba902b7");
        assert_eq!(flags, TraceFlags::SAMPLED);
    }

    /// The panic fuzzing found: a multi-byte character over the second byte, in a value long enough to be read.
    #[test]
    fn multi_byte_characters_at_any_offset_are_rejected_without_a_panic() {
        for offset in 0..VALID.len() {
            for character in ["é", "😀", "\u{800}"] {
                let mut value = VALID.to_owned();
                value.replace_range(offset..=offset, character);
                assert_eq!(parse(&value), None, "{value}");
                value.insert_str(offset, character);
                let _ = parse(&value);
            }
        }
        assert_eq!(parse(&format!("0é{}", "a".repeat(52))), None);
    }

    #[test]
    fn white_space_around_is_allowed_and_inside_is_not() {
        assert!(parse(&format!(" \t{VALID}\t ")).is_some());
        assert_eq!(parse(&VALID.replace("-01", " -01")), None);
        assert_eq!(trim_ows(b" \t "), b"");
        assert_eq!(trim_ows(b""), b"");
    }
}
