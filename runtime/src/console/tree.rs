//! Rendering a trace's spans as a tree: children and events in time order, box-drawing connectors.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;
use std::time::{Duration, SystemTime};

use opentelemetry::trace::{SpanId, Status};
use opentelemetry::{KeyValue, Value};
use opentelemetry_sdk::trace::SpanData;

/// Removes and returns `root` and every span below it, remote children included: their parent is among the spans,
/// so it lives in this process (another service of it, say).
pub(super) fn take_subtree(spans: &mut Vec<SpanData>, root: SpanId) -> Vec<SpanData> {
    let mut members = HashSet::from([root]);
    // Parents may come after their children in `spans`: repeat until nothing joins.
    loop {
        let before = members.len();
        for span in spans.iter() {
            if members.contains(&span.parent_span_id) {
                members.insert(span.span_context.span_id());
            }
        }
        if members.len() == before {
            break;
        }
    }
    let (subtree, rest) = spans.drain(..).partition(|span| members.contains(&span.span_context.span_id()));
    *spans = rest;
    subtree
}

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// The spans as text, one tree per span whose parent is not among them. A tree whose root continues a trace from
/// elsewhere (another process, or spans not printed yet when `incomplete`) is headed by its trace id.
pub(super) fn render(spans: &[SpanData], color: bool, incomplete: bool) -> String {
    let style = Style { color };
    let ids: HashSet<SpanId> = spans.iter().map(|span| span.span_context.span_id()).collect();
    let mut children: HashMap<SpanId, Vec<&SpanData>> = HashMap::new();
    let mut roots = Vec::new();
    for span in spans {
        if span.parent_span_id != SpanId::INVALID && ids.contains(&span.parent_span_id) {
            children.entry(span.parent_span_id).or_default().push(span);
        } else {
            roots.push(span);
        }
    }
    roots.sort_by_key(|span| span.start_time);
    let mut out = String::new();
    for root in roots {
        if root.parent_span_id != SpanId::INVALID {
            let why = if root.parent_span_is_remote { "continued from another process" } else { "incomplete" };
            let header = format!("trace {} ({why})", root.span_context.trace_id());
            let _ = writeln!(out, "{}", style.paint("2", &header));
        } else if incomplete {
            let header = format!("trace {} (incomplete)", root.span_context.trace_id());
            let _ = writeln!(out, "{}", style.paint("2", &header));
        }
        write_span(&mut out, &style, root, &children, "", "");
    }
    out
}

enum Item<'a> {
    Child(&'a SpanData),
    Event(&'a opentelemetry::trace::Event),
}

fn write_span(
    out: &mut String,
    style: &Style,
    span: &SpanData,
    children: &HashMap<SpanId, Vec<&SpanData>>,
    first: &str,
    rest: &str,
) {
    let duration = span.end_time.duration_since(span.start_time).unwrap_or_default();
    let mut line = format!("{first}{} {}", style.paint("1", &span.name), style.paint("2", &format_duration(duration)));
    let failed = if let Status::Error { description } = &span.status {
        let _ = write!(line, "  {}", style.paint("31;1", &format!("ERROR {description}")));
        true
    } else {
        false
    };
    if !span.attributes.is_empty() {
        let _ = write!(line, "  {}", format_attributes(style, &span.attributes));
    }
    let _ = writeln!(out, "{}", line.trim_end());

    let mut items: Vec<(SystemTime, Item<'_>)> = Vec::new();
    for event in span.events.iter() {
        // The exception of a failed span is already on its line, after `ERROR`.
        if !(failed && event.name == "exception") {
            items.push((event.timestamp, Item::Event(event)));
        }
    }
    for child in children.get(&span.span_context.span_id()).into_iter().flatten() {
        items.push((child.start_time, Item::Child(child)));
    }
    items.sort_by_key(|(time, _)| *time);
    let count = items.len();
    for (i, (_, item)) in items.into_iter().enumerate() {
        let last = i + 1 == count;
        let (branch, indent) = if last { ("└─ ", "   ") } else { ("├─ ", "│  ") };
        match item {
            Item::Child(child) => {
                write_span(out, style, child, children, &format!("{rest}{branch}"), &format!("{rest}{indent}"));
            }
            Item::Event(event) => {
                let mut line = format!("{rest}{branch}{} {}", style.paint("33", "event"), event.name);
                if !event.attributes.is_empty() {
                    let _ = write!(line, "  {}", format_attributes(style, &event.attributes));
                }
                let _ = writeln!(out, "{line}");
            }
        }
    }
}

fn format_attributes(style: &Style, attributes: &[KeyValue]) -> String {
    let parts: Vec<String> = attributes
        .iter()
        .map(|attribute| format!("{}={}", style.paint("36", attribute.key.as_str()), format_value(&attribute.value)))
        .collect();
    parts.join(" ")
}

/// Text is quoted when it would not read as one token.
fn format_value(value: &Value) -> String {
    match value {
        Value::String(text) => {
            let text = text.as_str();
            if text.is_empty() || text.contains(|c: char| c.is_whitespace() || c == '=' || c == '"') {
                format!("{text:?}")
            } else {
                text.to_owned()
            }
        }
        other => other.to_string(),
    }
}

fn format_duration(duration: Duration) -> String {
    let micros = duration.as_secs_f64() * 1e6;
    if micros < 1000.0 {
        format!("{micros:.1}µs")
    } else if micros < 1e6 {
        format!("{:.1}ms", micros / 1e3)
    } else {
        format!("{:.2}s", micros / 1e6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_pick_a_readable_unit() {
        assert_eq!(format_duration(Duration::from_micros(512)), "512.0µs");
        assert_eq!(format_duration(Duration::from_micros(262_400)), "262.4ms");
        assert_eq!(format_duration(Duration::from_millis(1500)), "1.50s");
    }

    #[test]
    fn values_are_quoted_only_when_needed() {
        assert_eq!(format_value(&Value::from("o-1")), "o-1");
        assert_eq!(format_value(&Value::from("leave at door")), "\"leave at door\"");
        assert_eq!(format_value(&Value::from(99.99)), "99.99");
    }
}
