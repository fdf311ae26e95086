//! A trace's spans as a tree: children and events in time order, box-drawing connectors.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;
use std::time::SystemTime;

use opentelemetry::trace::{SpanId, Status};
use opentelemetry_sdk::trace::SpanData;

use super::layout::{self, Row, Style, What};

/// Removes and returns `root` and every span below it, remote children included: their parent is among the spans,
/// so it lives in this process (another service of it, say).
pub(super) fn take_subtree(spans: &mut Vec<SpanData>, root: SpanId) -> Vec<SpanData> {
    // One pass over the spans, then a walk down from the root: linear, however deep the trace.
    let mut children: HashMap<SpanId, Vec<SpanId>> = HashMap::new();
    for span in spans.iter() {
        children.entry(span.parent_span_id).or_default().push(span.span_context.span_id());
    }
    let mut members = HashSet::from([root]);
    let mut next = vec![root];
    while let Some(parent) = next.pop() {
        for &child in children.get(&parent).into_iter().flatten() {
            if members.insert(child) {
                next.push(child);
            }
        }
    }
    let (subtree, rest) = spans.drain(..).partition(|span| members.contains(&span.span_context.span_id()));
    *spans = rest;
    subtree
}

/// The spans as text, one tree per span whose parent is not among them. A tree whose root continues a trace from
/// elsewhere (another process, or spans not printed yet when `incomplete`) is headed by its trace id.
pub(super) fn render(spans: &[SpanData], color: bool, incomplete: bool, width: usize) -> String {
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
        let why = match (root.parent_span_id != SpanId::INVALID, root.parent_span_is_remote) {
            (true, true) => Some("continued from another process"),
            (true, false) => Some("incomplete"),
            (false, _) => incomplete.then_some("incomplete"),
        };
        if let Some(why) = why {
            let header = format!("trace {} ({why})", root.span_context.trace_id());
            let _ = writeln!(out, "{}", style.paint_dim(&header));
        }
        let mut rows = Vec::new();
        push_span(&mut rows, root, root.start_time, &children, String::new(), String::new());
        rows[0].offset = None;
        layout::write_rows(&mut out, &style, &rows, width);
    }
    out
}

enum Item<'a> {
    Child(&'a SpanData),
    Event(&'a opentelemetry::trace::Event),
}

/// Adds the rows of `span` and everything below it, in time order; `first` and `rest` are the connectors of its
/// own line and of the lines below it.
fn push_span<'a>(
    rows: &mut Vec<Row<'a>>,
    span: &'a SpanData,
    start: SystemTime,
    children: &HashMap<SpanId, Vec<&'a SpanData>>,
    first: String,
    rest: String,
) {
    // The last exception of a failed span is already on its line, after `ERROR`; earlier ones (the failed
    // attempts of a retry loop) are not.
    let shown_on_its_line = matches!(span.status, Status::Error { .. })
        .then(|| span.events.iter().rposition(|event| event.name == "exception"))
        .flatten();
    let mut items: Vec<(SystemTime, Item<'a>)> = Vec::new();
    for (at, event) in span.events.iter().enumerate() {
        if Some(at) != shown_on_its_line {
            items.push((event.timestamp, Item::Event(event)));
        }
    }
    for child in children.get(&span.span_context.span_id()).into_iter().flatten() {
        items.push((child.start_time, Item::Child(child)));
    }
    items.sort_by_key(|(time, _)| *time);
    let below = if items.is_empty() { "   " } else { "│  " };
    rows.push(Row {
        prefix: first,
        detail_prefix: format!("{rest}{below}"),
        what: What::Span(span),
        offset: Some(span.start_time.duration_since(start).unwrap_or_default()),
        attributes: &span.attributes,
    });
    let count = items.len();
    for (i, (time, item)) in items.into_iter().enumerate() {
        let last = i + 1 == count;
        let (branch, indent) = if last { ("└─ ", "   ") } else { ("├─ ", "│  ") };
        match item {
            Item::Child(child) => {
                push_span(rows, child, start, children, format!("{rest}{branch}"), format!("{rest}{indent}"));
            }
            Item::Event(event) => rows.push(Row {
                prefix: format!("{rest}{branch}"),
                detail_prefix: format!("{rest}{indent}   "),
                what: What::Event(&event.name),
                offset: Some(time.duration_since(start).unwrap_or_default()),
                attributes: &event.attributes,
            }),
        }
    }
}
