//! The `tracestate` header: every line read as one list with the spec's current key grammar, and sent on whole.
//!
//! opentelemetry's [`TraceState`] accepts only keys of the older `tenant@system` grammar (one `@` at most, at most
//! 13 characters after it), so some lists the spec allows (`foo@@bar=1`, a 256-character key whose system part
//! is 14 characters) cannot live on a span context. The members it can hold go there, where samplers (the `ot`
//! key and its `th`) and users read them. When some cannot, the whole list travels beside it in the context
//! ([`Carried`]), and what is sent on merges the two: the members the span added or changed first, then every
//! other member in the order received, as the spec's rules for mutating the list say.

use opentelemetry::trace::TraceState;

/// Members a list may have; a longer one is dropped whole.
pub(super) const MAX_MEMBERS: usize = 32;
/// Characters a key, and a value, may have.
const MAX_LENGTH: usize = 256;

/// The list-members of every `tracestate` line, in order: `None` (the list dropped whole) when a member is
/// malformed or there are more than 32. Of members that repeat a key, the first is kept, which the spec allows.
///
/// Empty members, which the spec allows so that lines can be joined, are skipped and not counted (as the official
/// harness's own reader does). The work stops at the 33rd member or the first malformed one, and is linear in the
/// text read before that.
pub(super) fn parse<'a>(lines: &[&'a str]) -> Option<Vec<(&'a str, &'a str)>> {
    // Each key with a hash of it, so that looking for a repeated key mostly compares numbers.
    let mut members: Vec<(u64, &str, &str)> = Vec::new();
    let mut count = 0;
    for member in lines.iter().flat_map(|line| line.split(',')) {
        let member = member.trim_matches([' ', '\t']);
        if member.is_empty() {
            continue;
        }
        count += 1;
        if count > MAX_MEMBERS {
            return None;
        }
        let (key, value) = member.split_once('=')?;
        let hash = key_hash(key)?;
        if !valid_value(value) {
            return None;
        }
        if members.iter().all(|&(seen_hash, seen, _)| seen_hash != hash || seen != key) {
            members.push((hash, key, value));
        }
    }
    Some(members.into_iter().map(|(_, key, value)| (key, value)).collect())
}

/// An FNV-1a hash of a valid key, `None` for an invalid one. A key is
/// `( lcalpha / DIGIT ) 0*255 ( lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@" )`.
fn key_hash(key: &str) -> Option<u64> {
    let bytes = key.as_bytes();
    let first = |byte: &u8| byte.is_ascii_lowercase() || byte.is_ascii_digit();
    let rest = |byte: &u8| first(byte) || matches!(byte, b'_' | b'-' | b'*' | b'/' | b'@');
    if bytes.len() > MAX_LENGTH || !bytes.first().is_some_and(first) {
        return None;
    }
    bytes.iter().try_fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        rest(byte).then(|| (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3))
    })
}

/// `value = 0*255( %x20 / nblk-chr ) nblk-chr`, `nblk-chr` printable ASCII but space, `,` and `=`.
fn valid_value(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() <= MAX_LENGTH
        && bytes.iter().all(|&byte| (0x20..=0x7e).contains(&byte) && byte != b',' && byte != b'=')
        && bytes.last().is_some_and(|&last| last != b' ')
}

/// The trace state of a remote parent whose `tracestate` lines are `lines`, and the whole list to carry beside it
/// when the trace state cannot hold all its members.
pub(super) fn read(lines: &[&str]) -> (TraceState, Option<Carried>) {
    let Some(members) = parse(lines) else { return (TraceState::NONE, None) };
    if let Ok(state) = TraceState::from_key_value(members.iter().copied()) {
        return (state, None);
    }
    // The trace state's own check decides which members it can hold.
    let held = members.iter().copied().filter(|&member| TraceState::from_key_value([member]).is_ok());
    let received = TraceState::from_key_value(held).unwrap_or_default();
    let members = members.into_iter().map(|(key, value)| (key.to_owned(), value.to_owned())).collect();
    (received.clone(), Some(Carried { received, members }))
}

/// A received `tracestate` list that the span context's trace state could not hold whole.
///
/// What a span's trace state changes is sent on; a member the trace state never held cannot be deleted through
/// it, so it goes on as received.
#[derive(Debug)]
pub(super) struct Carried {
    /// The members the trace state held when received.
    received: TraceState,
    members: Vec<(String, String)>,
}

impl Carried {
    /// The list to send on from a span whose trace state is `own`: its new and changed members first, then the
    /// received ones it kept, or could not hold, in their order; at most 32.
    pub(super) fn merged(&self, own: &TraceState) -> String {
        let changed = own.into_iter().filter(|&(key, value)| self.received.get(key) != Some(value));
        let kept = self
            .members
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str()))
            .filter(|&(key, value)| self.received.get(key).is_none() || own.get(key) == Some(value));
        let mut header = String::new();
        for (key, value) in changed.chain(kept).take(MAX_MEMBERS) {
            if !header.is_empty() {
                header.push(',');
            }
            header.extend([key, "=", value]);
        }
        header
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_current_grammar() {
        for key in ["a", "0", "foo@", "foo@@bar", "foo@bar@baz", "t@vvvvvvvvvvvvvvv", "a_-*/@9"] {
            assert!(key_hash(key).is_some(), "{key}");
        }
        assert!(key_hash(&"z".repeat(256)).is_some());
        for key in ["", "@foo", "Foo", "foo ", "foo.bar", "_a", "é"] {
            assert!(key_hash(key).is_none(), "{key}");
        }
        assert!(key_hash(&"z".repeat(257)).is_none());
    }

    #[test]
    fn values_are_printable_ascii_not_ending_in_a_space() {
        for value in ["1", " 1", "a b", "!~"] {
            assert!(valid_value(value), "{value:?}");
        }
        assert!(valid_value(&"v".repeat(256)));
        for value in ["", "1 ", "a=b", "a,b", "a\tb", "é", "\u{7f}"] {
            assert!(!valid_value(value), "{value:?}");
        }
        assert!(!valid_value(&"v".repeat(257)));
    }

    #[test]
    fn a_list_the_trace_state_can_hold_is_not_carried() {
        let (state, carried) = read(&["a=1", "ot=th:8"]);
        assert_eq!(state.header(), "a=1,ot=th:8");
        assert!(carried.is_none());
    }

    #[test]
    fn what_a_span_changed_goes_first_and_the_rest_keeps_its_order() {
        let (received, carried) = read(&["a=1,x@@y=2,ot=th:8,b=3"]);
        let carried = carried.unwrap();
        assert_eq!(received.header(), "a=1,ot=th:8,b=3");
        assert_eq!(carried.merged(&received), "a=1,x@@y=2,ot=th:8,b=3", "unchanged: as received");
        let own = received.insert("ot", "th:c").unwrap().delete("b").unwrap();
        assert_eq!(carried.merged(&own), "ot=th:c,a=1,x@@y=2");
        let own = received.insert("new", "4").unwrap();
        assert_eq!(carried.merged(&own), "new=4,a=1,x@@y=2,ot=th:8,b=3");
    }

    #[test]
    fn a_full_list_loses_its_last_member_to_a_new_one() {
        let mut lines: Vec<String> = (0..31).map(|i| format!("k{i}=v")).collect();
        lines.push("x@@y=1".to_owned());
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let (received, carried) = read(&lines);
        let merged = carried.unwrap().merged(&received.insert("ot", "th:8").unwrap());
        assert!(merged.starts_with("ot=th:8,k0=v,"), "{merged}");
        assert_eq!(merged.split(',').count(), 32);
        assert!(!merged.contains("x@@y"), "{merged}");
    }
}
