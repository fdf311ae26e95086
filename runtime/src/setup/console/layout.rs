//! The lines of a printed trace: one row per span or event, its name, kind, duration and start offset in aligned
//! columns, its attributes on dim continuation lines wrapped to the width.

use std::fmt::Write;
use std::time::Duration;

use opentelemetry::trace::{SpanKind, Status};
use opentelemetry::{KeyValue, Value};
use opentelemetry_sdk::trace::SpanData;
use opentelemetry_semantic_conventions::attribute::HTTP_RESPONSE_STATUS_CODE;

/// Names wider than this (with their tree connectors) do not widen the name column further.
const MAX_NAME_COLUMN: usize = 56;

/// ANSI colour, or none.
pub(super) struct Style {
    pub(super) color: bool,
}

impl Style {
    pub(super) fn paint_dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// One line of the tree, and the continuation lines of its attributes.
pub(super) struct Row<'a> {
    /// The connectors before the name (`├─ `, `│  └─ `).
    pub(super) prefix: String,
    /// What the continuation lines start with: the connectors of everything still open below.
    pub(super) detail_prefix: String,
    pub(super) what: What<'a>,
    /// Since the start of the tree's root; `None` for the root itself.
    pub(super) offset: Option<Duration>,
    pub(super) attributes: &'a [KeyValue],
}

pub(super) enum What<'a> {
    Span(&'a SpanData),
    Event(&'a str),
}

/// `span`'s status as printed: `ERROR` and its description, else, for an HTTP response, its status line.
fn status(span: &SpanData) -> Option<String> {
    let Status::Error { description } = &span.status else { return None };
    if !description.is_empty() {
        return Some(format!("ERROR {}", printable(description)));
    }
    let code = span.attributes.iter().find(|attribute| attribute.key.as_str() == HTTP_RESPONSE_STATUS_CODE);
    match code.map(|attribute| &attribute.value) {
        Some(Value::I64(code)) => Some(format!("ERROR {}", status_line(*code))),
        _ => Some("ERROR".to_owned()),
    }
}

/// `404 Not Found`, or the number alone when it names no status the crate `http` knows.
fn status_line(code: i64) -> String {
    #[cfg(feature = "http")]
    {
        let reason = u16::try_from(code)
            .ok()
            .and_then(|code| http::StatusCode::from_u16(code).ok())
            .and_then(|status| status.canonical_reason());
        if let Some(reason) = reason {
            return format!("{code} {reason}");
        }
    }
    code.to_string()
}

fn offset(offset: Option<Duration>) -> String {
    offset.map(|offset| format!("+{}", format_duration(offset))).unwrap_or_default()
}

fn kind(kind: &SpanKind) -> &'static str {
    match kind {
        SpanKind::Internal => "",
        SpanKind::Server => "server",
        SpanKind::Client => "client",
        SpanKind::Producer => "producer",
        SpanKind::Consumer => "consumer",
    }
}

/// Writes `rows` with aligned columns, their attributes wrapped to `width` characters.
pub(super) fn write_rows(out: &mut String, style: &Style, rows: &[Row<'_>], width: usize) {
    struct Cells {
        name: String,
        kind: &'static str,
        duration: String,
        offset: String,
        status: Option<String>,
    }
    let cells: Vec<Cells> = rows
        .iter()
        .map(|row| match &row.what {
            What::Span(span) => Cells {
                name: printable(&span.name).into_owned(),
                kind: kind(&span.span_kind),
                duration: format_duration(span.end_time.duration_since(span.start_time).unwrap_or_default()),
                offset: offset(row.offset),
                status: status(span),
            },
            What::Event(name) => Cells {
                name: format!("event {}", printable(name)),
                kind: "",
                duration: String::new(),
                offset: offset(row.offset),
                status: None,
            },
        })
        .collect();
    let name_width = rows
        .iter()
        .zip(&cells)
        .map(|(row, cells)| columns(&row.prefix) + columns(&cells.name))
        .filter(|&width| width <= MAX_NAME_COLUMN)
        .max()
        .unwrap_or(0);
    let kind_width = cells.iter().map(|cells| cells.kind.len()).max().unwrap_or(0);
    let duration_width = cells.iter().map(|cells| columns(&cells.duration)).max().unwrap_or(0);
    let offset_width = cells.iter().map(|cells| columns(&cells.offset)).max().unwrap_or(0);
    for (row, cells) in rows.iter().zip(cells) {
        let mut line = row.prefix.clone();
        let name_code = if matches!(row.what, What::Event(_)) { "33" } else { "1" };
        line.push_str(&style.paint(name_code, &cells.name));
        let pad = name_width.saturating_sub(columns(&row.prefix) + columns(&cells.name));
        let _ = write!(line, "{:pad$}", "");
        if kind_width > 0 {
            let _ = write!(line, "  {}{:pad$}", style.paint("35", cells.kind), "", pad = kind_width - cells.kind.len());
        }
        let duration_pad = duration_width - columns(&cells.duration);
        let _ = write!(line, "  {:duration_pad$}{}", "", style.paint("2", &cells.duration));
        let offset_pad = offset_width - columns(&cells.offset);
        let _ = write!(line, "  {:offset_pad$}{}", "", style.paint("2", &cells.offset));
        if let Some(status) = &cells.status {
            let _ = write!(line, "  {}", style.paint("31;1", status));
        }
        let _ = writeln!(out, "{}", line.trim_end());
        write_attributes(out, style, &row.detail_prefix, row.attributes, width);
    }
}

/// `key=value` pairs on lines of at most `width` characters (a longer pair has a line of its own), each after
/// `prefix`, dim. A key set twice (the SDK keeps both) shows its last value, where that was set.
fn write_attributes(out: &mut String, style: &Style, prefix: &str, attributes: &[KeyValue], width: usize) {
    let mut line = String::new();
    let mut used = columns(prefix);
    let latest = attributes
        .iter()
        .enumerate()
        .filter(|(at, attribute)| attributes[at + 1..].iter().all(|later| later.key != attribute.key))
        .map(|(_, attribute)| attribute);
    for attribute in latest {
        let pair = format!("{}={}", attribute.key.as_str(), format_value(&attribute.value));
        let needed = columns(&pair) + usize::from(!line.is_empty());
        if !line.is_empty() && used + needed > width {
            let _ = writeln!(out, "{prefix}{}", style.paint("2", &line));
            line.clear();
            used = columns(prefix);
        }
        if !line.is_empty() {
            line.push(' ');
            used += 1;
        }
        used += columns(&pair);
        line.push_str(&pair);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{prefix}{}", style.paint("2", &line));
    }
}

/// The columns `text` takes on a terminal: one a character (box drawing, `µ` and accents are one column wide).
fn columns(text: &str) -> usize {
    text.chars().count()
}

/// `text` with its control characters escaped (`\n`, `\u{1b}`): a name or a status from elsewhere (a server's
/// `grpc-message`) must not break the tree's lines or drive the terminal.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect(),
    )
}

/// Text is quoted when it would not read as one token, control characters escaped.
fn format_value(value: &Value) -> String {
    match value {
        Value::String(text) => {
            let text = text.as_str();
            if text.is_empty() || text.contains(|c: char| c.is_whitespace() || c.is_control() || c == '=' || c == '"') {
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

    #[test]
    fn control_characters_are_escaped_wherever_they_come_from() {
        assert_eq!(printable("stock: café\n\u{1b}[31m"), "stock: café\\n\\u{1b}[31m");
        assert_eq!(printable("plain"), "plain");
        assert_eq!(format_value(&Value::from("a\u{1b}b")), "\"a\\u{1b}b\"");
    }

    #[test]
    fn attributes_wrap_at_the_width_and_a_long_pair_keeps_a_line_of_its_own() {
        let attributes = [
            KeyValue::new("a", "1"),
            KeyValue::new("b", "2"),
            KeyValue::new("c", "x".repeat(30)),
            KeyValue::new("d", "4"),
        ];
        let mut out = String::new();
        write_attributes(&mut out, &Style { color: false }, "│  ", &attributes, 12);
        assert_eq!(out, format!("│  a=1 b=2\n│  c={}\n│  d=4\n", "x".repeat(30)));
    }

    #[test]
    fn an_http_error_without_a_description_reads_as_its_status_line() {
        #[cfg(feature = "http")]
        assert_eq!(status_line(404), "404 Not Found");
        assert_eq!(status_line(799), "799");
    }
}
