//! `ret` records the returned value as `return` (a `Result`'s `Ok` value; an `Err` is recorded as before), typed
//! like `fields(...)` values, flattened for a `SpanAttributes` struct with its redactions, or as `Debug` /
//! `Display` text; `expected` (and `SpanError::is_expected`) turn an `Err` into an answer: an `exception` event
//! marked `exception.expected`, status unset, no `error.type`.

mod common;

use std::fmt;
use std::io;

use common::*;
use opentelemetry::trace::Status;
use traced::{traced, ErrorCategory, SpanAttributes, SpanError};

const CARD: &str = "4111-1111-1111-1111";

#[derive(SpanAttributes, Clone)]
struct Receipt {
    id: String,
    amount: f64,
    #[redact]
    card_number: String,
}

fn receipt() -> Receipt {
    Receipt { id: "r-1".to_owned(), amount: 9.5, card_number: CARD.to_owned() }
}

#[traced(name = "ret.number", ret)]
fn number(n: i64) -> i64 {
    n * 2
}

#[traced(name = "ret.text", ret)]
fn text(name: &str) -> &str {
    name
}

#[traced(name = "ret.maybe", ret)]
fn maybe(some: bool) -> Option<u32> {
    some.then_some(7)
}

#[traced(name = "ret.receipt", ret)]
fn make_receipt() -> Receipt {
    receipt()
}

#[traced(name = "ret.receipt_debug", ret(Debug))]
fn receipt_debug() -> Receipt {
    receipt()
}

#[traced(name = "ret.display", ret(Display))]
fn display() -> std::net::Ipv4Addr {
    std::net::Ipv4Addr::LOCALHOST
}

#[traced(name = "ret.result", ret)]
fn result(ok: bool) -> Result<u64, String> {
    if ok {
        Ok(42)
    } else {
        Err("no answer".to_owned())
    }
}

#[traced(name = "ret.async", ret)]
async fn async_number(n: i64) -> Result<i64, io::Error> {
    yield_now().await;
    Ok(n + 1)
}

#[test]
fn ret_records_typed_values_as_return() {
    let t = caught();
    assert_eq!(number(21), 42);
    assert_eq!(text("ada"), "ada");
    assert_eq!(maybe(true), Some(7));
    assert_eq!(maybe(false), None);
    assert_eq!(display(), std::net::Ipv4Addr::LOCALHOST);
    assert_eq!(attribute(&t.span("ret.number"), "return"), Some(42_i64.into()));
    assert_eq!(attribute(&t.span("ret.text"), "return"), Some("ada".into()));
    assert_eq!(attribute(&t.span("ret.display"), "return"), Some("127.0.0.1".into()));
    let maybes: Vec<_> =
        t.spans().into_iter().filter(|span| span.name == "ret.maybe").map(|span| attribute(&span, "return")).collect();
    assert_eq!(maybes, [Some(7_i64.into()), None], "`None` records nothing");
}

#[test]
fn ret_of_a_result_records_the_ok_value_and_leaves_an_err_to_the_error_mapping() {
    let t = caught();
    assert_eq!(result(true), Ok(42));
    assert!(result(false).is_err());
    let spans: Vec<_> = t.spans().into_iter().filter(|span| span.name == "ret.result").collect();
    assert_eq!(attribute(&spans[0], "return"), Some(42_i64.into()));
    assert!(!is_error(&spans[0]));
    assert_eq!(attribute(&spans[1], "return"), None);
    assert_eq!(status_description(&spans[1]), "no answer");
}

#[test]
fn ret_of_an_async_fn_is_recorded_when_it_completes() {
    let t = caught();
    assert_eq!(block_on(async_number(1)).unwrap(), 2);
    assert_eq!(attribute(&t.span("ret.async"), "return"), Some(2_i64.into()));
}

#[test]
fn ret_flattens_a_span_attributes_struct_with_its_redactions_in_every_form() {
    let t = caught();
    assert_eq!(make_receipt().card_number, CARD, "the value returned is untouched");
    receipt_debug();
    let flat = t.span("ret.receipt");
    assert_eq!(attribute(&flat, "return.id"), Some("r-1".into()));
    assert_eq!(attribute(&flat, "return.amount"), Some(9.5.into()));
    assert_eq!(attribute(&flat, "return.card_number"), Some("[REDACTED]".into()));
    let debug = attribute(&t.span("ret.receipt_debug"), "return").expect("recorded").to_string();
    assert!(debug.contains("r-1") && debug.contains("[REDACTED]"), "{debug}");
    for span in t.spans() {
        let all = format!("{span:?}");
        assert!(!all.contains(CARD) && !all.contains("4111"), "the card number leaked: {all}");
    }
}

/// A lookup's miss: an answer, not a failure.
#[derive(Debug)]
enum LookupError {
    NotFound,
    Unavailable,
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LookupError::NotFound => "no such user",
            LookupError::Unavailable => "store unavailable",
        })
    }
}

impl std::error::Error for LookupError {}

impl SpanError for LookupError {
    fn category(&self) -> ErrorCategory {
        ErrorCategory::External
    }
    fn is_expected(&self) -> bool {
        matches!(self, LookupError::NotFound)
    }
}

#[traced(name = "users.find")]
fn find(id: u64) -> Result<&'static str, LookupError> {
    match id {
        1 => Ok("ada"),
        2 => Err(LookupError::NotFound),
        _ => Err(LookupError::Unavailable),
    }
}

fn is_not_found(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::NotFound
}

#[traced(name = "files.read", expected = is_not_found)]
fn read(missing: bool) -> io::Result<u64> {
    if missing {
        Err(io::Error::new(io::ErrorKind::NotFound, "no such file"))
    } else {
        Err(io::Error::other("disk failed"))
    }
}

#[traced(name = "files.read_async", expected = |error: &io::Error| error.kind() == io::ErrorKind::NotFound)]
async fn read_async() -> Result<u64, io::Error> {
    yield_now().await;
    Err(io::Error::new(io::ErrorKind::NotFound, "no such file"))
}

/// An expected error: one `exception` event marked expected, no `error.type`, status unset.
fn assert_expected(span: &opentelemetry_sdk::trace::SpanData, message: &str) {
    assert_eq!(span.status, Status::Unset, "{}", span.name);
    assert_eq!(attribute(span, "error.type"), None);
    assert_eq!(event_names(span), ["exception"]);
    assert_eq!(event_attribute(span, "exception", "exception.expected"), Some(true.into()));
    assert_eq!(event_attribute(span, "exception", "exception.message"), Some(message.to_owned().into()));
}

#[test]
fn an_error_that_says_it_is_expected_is_an_answer() {
    let t = caught();
    assert!(find(2).is_err());
    assert!(find(3).is_err());
    let spans = t.spans();
    assert_expected(&spans[0], "no such user");
    assert_eq!(status_description(&spans[1]), "store unavailable");
    assert_eq!(attribute(&spans[1], "error.type"), Some("external".into()));
    assert_eq!(event_attribute(&spans[1], "exception", "exception.expected"), None);
}

#[test]
fn the_expected_option_decides_per_function_sync_and_async() {
    let t = caught();
    assert!(read(true).is_err());
    assert!(read(false).is_err());
    assert!(block_on(read_async()).is_err());
    let spans = t.spans();
    assert_expected(&spans[0], "no such file");
    assert!(is_error(&spans[1]), "another error still fails the span");
    assert_expected(&t.span("files.read_async"), "no such file");
}

#[traced(name = "ret.receipts_array", ret(Debug))]
fn receipts_array() -> [Receipt; 2] {
    [receipt(), receipt()]
}

#[traced(name = "ret.receipts_map", ret(Debug))]
fn receipts_map() -> std::collections::BTreeMap<u8, Receipt> {
    [(1, receipt())].into_iter().collect()
}

#[traced(name = "ret.receipt_cow", ret(Display))]
fn receipt_cow() -> std::borrow::Cow<'static, str> {
    std::borrow::Cow::Borrowed("no receipt")
}

#[traced(name = "ret.unit_result", ret)]
fn unit_result() -> Result<(), String> {
    Ok(())
}

#[test]
fn containers_of_redacted_values_render_through_their_redactions() {
    let t = caught();
    receipts_array();
    receipts_map();
    assert_eq!(receipt_cow(), "no receipt");
    assert_eq!(unit_result(), Ok(()));
    let array = attribute(&t.span("ret.receipts_array"), "return").expect("recorded").to_string();
    assert!(array.starts_with('[') && array.matches("[REDACTED]").count() == 2, "{array}");
    let map = attribute(&t.span("ret.receipts_map"), "return").expect("recorded").to_string();
    assert!(map.starts_with("{1: ") && map.contains("[REDACTED]"), "{map}");
    assert_eq!(attribute(&t.span("ret.receipt_cow"), "return"), Some("no receipt".into()));
    assert_eq!(attribute(&t.span("ret.unit_result"), "return"), None, "`()` records nothing");
    for span in t.spans() {
        assert!(!format!("{span:?}").contains("4111"), "the card number leaked: {span:?}");
    }
}
