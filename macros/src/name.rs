//! The span-name rule: lowercase `component.operation` segments, checked at compile time.

use syn::ext::IdentExt;
use syn::{Ident, LitStr};

use crate::words;

const MAX_LEN: usize = 128;

const RULE: &str = "span names are lowercase segments `[a-z][a-z0-9_]*` joined by `.`, \
                    at least two of them (`component.operation`), at most 128 characters";

/// Checks an explicit `name = "..."`; the error says what is wrong, the rule, and a fix.
pub(crate) fn check(name: &LitStr) -> syn::Result<()> {
    let text = name.value();
    let Some(problem) = problem(&text) else { return Ok(()) };
    let shown = if text.chars().count() > 40 { "span name".to_owned() } else { format!("span name {text:?}") };
    let fix = suggest(&text).map(|suggestion| format!("; try {suggestion:?}")).unwrap_or_default();
    Err(syn::Error::new(name.span(), format!("invalid {shown}: {problem}\n{RULE}{fix}")))
}

/// Whether `text` follows the span-name rule: for names the macro makes itself (`<prefix>.<method>`), whose
/// errors say more than [`check`]'s would.
pub(crate) fn is_valid(text: &str) -> bool {
    problem(text).is_none()
}

fn problem(text: &str) -> Option<String> {
    if text.len() > MAX_LEN {
        return Some(format!("it is {} characters long; the limit is {MAX_LEN}", text.len()));
    }
    let segments: Vec<&str> = text.split('.').collect();
    if let Some(bad) = segments.iter().find(|segment| !valid_segment(segment)) {
        return Some(if bad.is_empty() {
            "it has an empty segment".to_owned()
        } else if bad.starts_with(|c: char| c.is_ascii_digit()) {
            format!("segment `{bad}` starts with a digit")
        } else {
            format!("segment `{bad}` is not lowercase letters, digits and `_` starting with a letter")
        });
    }
    (segments.len() < 2).then(|| "it has a single segment: name the component too".to_owned())
}

/// The function's part of its default span name: its name in snake_case (`camelCase` makes `camel_case`). A
/// name that is not ASCII stays as it is, and so fails the name rule: snake_case would drop its letters.
pub(crate) fn default_segment(function: &Ident) -> String {
    let name = function.unraw().to_string();
    if name.is_ascii() {
        words::snake_case(&name)
    } else {
        name
    }
}

/// Whether `segment` is one segment of a span name: `[a-z][a-z0-9_]*`.
pub(crate) fn valid_segment(segment: &str) -> bool {
    let mut chars = segment.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// `"ProcessOrder"` -> `"component.process_order"`, `"orders..create"` -> `"orders.create"`; `None` where any
/// fix would drop what was written (a leading digit, a name past the length limit).
fn suggest(text: &str) -> Option<String> {
    if text.len() > MAX_LEN || text.split('.').any(|segment| segment.starts_with(|c: char| c.is_ascii_digit())) {
        return None;
    }
    let segments: Vec<String> = text.split('.').map(words::snake_case).filter(|s| !s.is_empty()).collect();
    let suggestion = match segments.len() {
        0 => "component.operation".to_owned(),
        1 => format!("component.{}", segments[0]),
        _ => segments.join("."),
    };
    (suggestion.len() <= MAX_LEN).then_some(suggestion)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_lowercase_dotted_names() {
        for name in ["db.query", "db.query.get_user", "payment.process_charge", "a1.b_2"] {
            assert_eq!(problem(name), None, "{name}");
        }
    }

    #[test]
    fn suggestions_keep_what_was_written() {
        assert_eq!(suggest("ProcessOrder").as_deref(), Some("component.process_order"));
        assert_eq!(suggest("process").as_deref(), Some("component.process"));
        assert_eq!(suggest("do stuff").as_deref(), Some("component.do_stuff"));
        assert_eq!(suggest("orders..create").as_deref(), Some("orders.create"));
        assert_eq!(suggest("Orders.CreateOne").as_deref(), Some("orders.create_one"));
        assert_eq!(suggest("3d.render"), None);
        assert_eq!(suggest(&"a.".repeat(70)), None);
    }

    #[test]
    fn names_the_problem() {
        assert_eq!(problem("process").unwrap(), "it has a single segment: name the component too");
        assert_eq!(problem("orders..create").unwrap(), "it has an empty segment");
        assert_eq!(problem("3d.render").unwrap(), "segment `3d` starts with a digit");
        assert!(problem(&"a".repeat(129)).unwrap().contains("129 characters"));
    }
}
