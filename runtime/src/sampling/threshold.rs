//! Consistent probability sampling, as the OpenTelemetry tracestate spec defines it: 56 bits of randomness per
//! trace, a 56-bit rejection threshold per probability, keep when randomness >= threshold, and the threshold
//! written into the tracestate as `ot=th:<hex>` so every service and backend knows the probability.

use opentelemetry::trace::{TraceId, TraceState};

use crate::encoding::lower_hex;

/// 2^56: thresholds and randomness are 56-bit.
pub(crate) const MAX: u64 = 1 << 56;

/// Hex digits kept in a threshold, past the ones that leading zeros of the probability (or of its complement)
/// make necessary.
const PRECISION: u32 = 4;

/// A rejection threshold: a span is kept when its randomness is at least this. 0 keeps everything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Threshold(u64);

impl Threshold {
    pub(crate) const ALWAYS: Threshold = Threshold(0);

    pub(crate) fn from_raw(raw: u64) -> Threshold {
        Threshold(raw.min(MAX - 1))
    }

    pub(crate) fn raw(self) -> u64 {
        self.0
    }

    /// The threshold of probability `p` (in `(0, 1]`), rounded to [`PRECISION`] significant hex digits.
    pub(crate) fn from_probability(p: f64) -> Threshold {
        if p >= 1.0 {
            return Threshold::ALWAYS;
        }
        let mut precision = PRECISION;
        // A leading zero digit of p, or of 1 - p, carries no information: keep one more digit for each.
        let mut small = p;
        while small * 16.0 < 1.0 && precision < 14 {
            small *= 16.0;
            precision += 1;
        }
        let mut reject = 1.0 - p;
        while reject * 16.0 < 1.0 && precision < 14 {
            reject *= 16.0;
            precision += 1;
        }
        let kept = (p * MAX as f64).round() as u64;
        let mut threshold = MAX - kept.clamp(1, MAX);
        let shift = 56 - 4 * precision;
        if shift > 0 {
            threshold = (threshold + (1 << (shift - 1))) >> shift << shift;
        }
        Threshold(threshold.min(MAX - 1))
    }

    /// The probability this threshold keeps: `1 - T / 2^56`.
    pub(crate) fn probability(self) -> f64 {
        (MAX - self.0) as f64 / MAX as f64
    }

    /// Whether randomness `r` is kept.
    pub(crate) fn keeps(self, r: u64) -> bool {
        r >= self.0
    }

    /// `th`'s value: 14 hex digits with trailing zeros removed, `0` for always.
    pub(crate) fn encode(self) -> String {
        if self.0 == 0 {
            return "0".to_owned();
        }
        let digits = format!("{:014x}", self.0);
        digits.trim_end_matches('0').to_owned()
    }

    /// Parses `th`'s value: 1 to 14 lowercase hex digits, padded with zeros on the right.
    pub(crate) fn decode(text: &str) -> Option<Threshold> {
        if text.len() > 14 {
            return None;
        }
        let value = u64::try_from(lower_hex(text.as_bytes())?).ok()?;
        Some(Threshold(value << (4 * (14 - text.len()))))
    }
}

/// The trace's 56 bits of randomness: `ot=rv:` from the tracestate when present, else the trace id's low 56 bits.
pub(crate) fn randomness(trace_id: TraceId, trace_state: &TraceState) -> u64 {
    ot_value(trace_state, "rv")
        .filter(|rv| rv.len() == 14)
        .and_then(|rv| u64::try_from(lower_hex(rv.as_bytes())?).ok())
        .unwrap_or_else(|| u64::from_be_bytes(trace_id.to_bytes()[8..].try_into().unwrap_or([0; 8])) & (MAX - 1))
}

/// The value of sub-key `key` in the `ot` tracestate entry (`ot=th:8;rv:...`).
pub(crate) fn ot_value<'a>(trace_state: &'a TraceState, key: &str) -> Option<&'a str> {
    trace_state.get("ot")?.split(';').find_map(|entry| entry.strip_prefix(key)?.strip_prefix(':'))
}

/// `trace_state` with `ot=th:<threshold>` set, the other `ot` sub-keys and vendor entries kept. A tracestate
/// that cannot take the entry (it would exceed the spec's limits) is returned unchanged.
pub(crate) fn with_threshold(trace_state: &TraceState, threshold: Option<Threshold>) -> TraceState {
    let others = trace_state
        .get("ot")
        .into_iter()
        .flat_map(|ot| ot.split(';'))
        .filter(|entry| !entry.is_empty() && !entry.starts_with("th:"));
    let mut entries: Vec<String> =
        threshold.map(|threshold| format!("th:{}", threshold.encode())).into_iter().collect();
    entries.extend(others.map(str::to_owned));
    let updated =
        if entries.is_empty() { trace_state.delete("ot") } else { trace_state.insert("ot", entries.join(";")) };
    updated.unwrap_or_else(|_| trace_state.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_examples_round_trip() {
        for (p, th) in [(1.0, "0"), (0.5, "8"), (0.25, "c"), (0.1, "e666"), (0.01, "fd70a")] {
            let threshold = Threshold::from_probability(p);
            assert_eq!(threshold.encode(), th, "p = {p}");
            assert_eq!(Threshold::decode(th), Some(threshold), "th = {th}");
            assert!((threshold.probability() - p).abs() / p < 1e-4, "p = {p}: {}", threshold.probability());
        }
    }

    #[test]
    fn probabilities_near_one_keep_their_precision() {
        let threshold = Threshold::from_probability(0.999);
        assert_eq!(threshold.encode(), "004189");
        assert!((threshold.probability() - 0.999).abs() < 1e-7);
    }

    #[test]
    fn bad_th_values_are_rejected() {
        for th in ["", "g", "8A", "123456789abcdef", "-1"] {
            assert_eq!(Threshold::decode(th), None, "{th:?}");
        }
    }

    #[test]
    fn ot_entries_keep_other_sub_keys_and_vendors() {
        let state = TraceState::from_key_value([("vendor", "x"), ("ot", "rv:0123456789abcd;th:c")]).unwrap();
        let updated = with_threshold(&state, Some(Threshold::from_probability(0.5)));
        assert_eq!(updated.get("ot"), Some("th:8;rv:0123456789abcd"));
        assert_eq!(updated.get("vendor"), Some("x"));
        assert_eq!(randomness(TraceId::from(0), &updated), 0x0123456789abcd);
        assert_eq!(with_threshold(&updated, None).get("ot"), Some("rv:0123456789abcd"));
    }

    #[test]
    fn randomness_is_the_low_56_bits_of_the_trace_id() {
        let trace_id = TraceId::from(0xffff_ffff_ffff_ffff_ff12_3456_789a_bcde_u128);
        assert_eq!(randomness(trace_id, &TraceState::default()), 0x123456789abcde);
    }
}
