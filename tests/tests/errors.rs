//! A returned `Err` becomes an `exception` event, `error.type` and status `Error`, whatever the error type.

mod common;

use std::borrow::Cow;
use std::fmt;

use common::*;
use opentelemetry::trace::Status;
use traced::{traced, ErrorCategory, SpanError};

#[derive(Debug)]
struct DbError {
    source: std::io::Error,
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("query failed")
    }
}

impl std::error::Error for DbError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

#[traced(name = "db.query")]
fn query(fail: bool) -> Result<u32, DbError> {
    if fail {
        return Err(DbError { source: std::io::Error::new(std::io::ErrorKind::ConnectionReset, "connection reset") });
    }
    Ok(7)
}

#[test]
fn std_error_records_event_status_and_source_chain() {
    let t = caught();
    assert!(query(true).is_err());
    let span = t.span("db.query");
    assert_eq!(event_names(&span), ["exception"]);
    let message = event_attribute(&span, "exception", "exception.message").unwrap();
    assert_eq!(message.as_str(), "query failed: connection reset");
    let exception_type = event_attribute(&span, "exception", "exception.type").unwrap();
    assert!(exception_type.as_str().ends_with("::DbError"), "{exception_type}");
    assert_eq!(attribute(&span, "error.type"), Some(exception_type));
    assert_eq!(status_description(&span), "query failed");
}

#[test]
fn ok_leaves_status_unset_and_adds_nothing() {
    let t = caught();
    assert_eq!(query(false).unwrap(), 7);
    let span = t.span("db.query");
    assert_eq!(span.status, Status::Unset);
    assert!(span.events.is_empty());
    assert_eq!(attribute(&span, "error.type"), None);
}

#[traced(name = "files.read")]
fn read(path: &str) -> std::io::Result<String> {
    std::fs::read_to_string(path)
}

#[test]
fn io_result_alias() {
    let t = caught();
    assert!(read("/nonexistent/traced/file").is_err());
    let span = t.span("files.read");
    assert!(is_error(&span));
    assert_eq!(attribute(&span, "error.type").unwrap().as_str(), "std::io::error::Error");
}

mod crate_alias {
    pub type Result<T> = std::result::Result<T, String>;
}

#[traced(name = "config.parse")]
fn parse(text: &str) -> crate_alias::Result<i32> {
    text.parse::<i32>().map_err(|e| format!("bad number {text:?}: {e}"))
}

#[test]
fn own_result_alias_with_string_error() {
    let t = caught();
    assert_eq!(parse("12"), Ok(12));
    assert!(parse("x").is_err());
    let spans = t.spans();
    assert!(!is_error(&spans[0]));
    assert!(is_error(&spans[1]));
    assert_eq!(status_description(&spans[1]), "bad number \"x\": invalid digit found in string");
    assert_eq!(attribute(&spans[1], "error.type").unwrap().as_str(), "alloc::string::String");
}

#[traced(name = "plugins.load")]
fn load(fail: bool) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    if fail {
        let inner = std::io::Error::new(std::io::ErrorKind::NotFound, "plugin.so missing");
        return Err(Box::new(DbError { source: inner }));
    }
    Ok(())
}

#[test]
fn boxed_dyn_error_keeps_its_source_chain() {
    let t = caught();
    assert!(load(true).is_err());
    let span = t.span("plugins.load");
    let message = event_attribute(&span, "exception", "exception.message").unwrap();
    assert_eq!(message.as_str(), "query failed: plugin.so missing");
    assert_eq!(status_description(&span), "query failed");
}

/// Stands in for `anyhow::Error`: not itself an `Error`, but derefs to one.
#[derive(Debug)]
struct Report(Box<dyn std::error::Error + Send + Sync>);

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::ops::Deref for Report {
    type Target = dyn std::error::Error + Send + Sync;
    fn deref(&self) -> &Self::Target {
        &*self.0
    }
}

#[traced(name = "jobs.run")]
fn run() -> Result<(), Report> {
    let inner = std::io::Error::other("disk full");
    Err(Report(Box::new(DbError { source: inner })))
}

#[test]
fn error_behind_a_pointer_like_anyhow() {
    let t = caught();
    assert!(run().is_err());
    let span = t.span("jobs.run");
    assert_eq!(event_attribute(&span, "exception", "exception.message").unwrap().as_str(), "query failed: disk full");
    assert!(attribute(&span, "error.type").unwrap().as_str().ends_with("::Report"));
}

#[derive(Debug, PartialEq)]
enum OnlyDebug {
    Busy,
}

#[traced(name = "locks.take")]
fn take() -> Result<(), OnlyDebug> {
    Err(OnlyDebug::Busy)
}

#[test]
fn debug_only_error_uses_debug_text() {
    let t = caught();
    assert_eq!(take(), Err(OnlyDebug::Busy));
    let span = t.span("locks.take");
    assert_eq!(status_description(&span), "Busy");
}

struct Opaque;

#[traced(name = "opaque.call")]
fn opaque() -> Result<u8, Opaque> {
    Err(Opaque)
}

#[test]
fn error_that_cannot_be_shown_still_sets_error_status() {
    let t = caught();
    assert!(opaque().is_err());
    let span = t.span("opaque.call");
    assert!(is_error(&span));
    assert!(attribute(&span, "error.type").unwrap().as_str().ends_with("::Opaque"));
}

#[derive(Debug)]
enum PaymentError {
    Declined,
    Timeout,
}

impl fmt::Display for PaymentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaymentError::Declined => f.write_str("insufficient funds"),
            PaymentError::Timeout => f.write_str("gateway timed out"),
        }
    }
}

impl std::error::Error for PaymentError {}

impl SpanError for PaymentError {
    fn category(&self) -> ErrorCategory {
        match self {
            PaymentError::Declined => ErrorCategory::Validation,
            PaymentError::Timeout => ErrorCategory::External,
        }
    }
    fn code(&self) -> Option<Cow<'static, str>> {
        Some(match self {
            PaymentError::Declined => "card_declined".into(),
            PaymentError::Timeout => "gateway_timeout".into(),
        })
    }
    fn retryable(&self) -> Option<bool> {
        Some(matches!(self, PaymentError::Timeout))
    }
    fn component(&self) -> Option<Cow<'static, str>> {
        Some("payment".into())
    }
    fn operation(&self) -> Option<Cow<'static, str>> {
        Some("charge".into())
    }
}

#[traced(name = "payment.charge")]
async fn charge(declined: bool) -> Result<(), PaymentError> {
    Err(if declined { PaymentError::Declined } else { PaymentError::Timeout })
}

#[test]
fn categorized_errors_record_category_code_retryable_component_operation() {
    let t = caught();
    assert!(block_on(charge(true)).is_err());
    assert!(block_on(charge(false)).is_err());
    let spans = t.spans();
    let expect = [
        ("validation", "card_declined", false, "insufficient funds"),
        ("external", "gateway_timeout", true, "gateway timed out"),
    ];
    for (span, (category, code, retryable, message)) in spans.iter().zip(expect) {
        assert_eq!(attribute(span, "error.type").unwrap().as_str(), category);
        assert_eq!(attribute(span, "error.code").unwrap().as_str(), code);
        assert_eq!(attribute(span, "error.retryable"), Some(retryable.into()));
        assert_eq!(attribute(span, "error.component").unwrap().as_str(), "payment");
        assert_eq!(attribute(span, "error.operation").unwrap().as_str(), "charge");
        assert_eq!(status_description(span), message);
        assert_eq!(event_attribute(span, "exception", "exception.message").unwrap().as_str(), message);
    }
}

#[traced(name = "orders.submit")]
fn submit(n: u32) -> Result<u32, String> {
    let doubled = validate(n)?;
    Ok(doubled)
}

#[traced(name = "orders.validate")]
fn validate(n: u32) -> Result<u32, &'static str> {
    if n == 0 {
        Err("empty order")
    } else {
        Ok(n * 2)
    }
}

#[test]
fn question_mark_propagation_marks_each_span() {
    let t = caught();
    assert_eq!(submit(0), Err("empty order".to_owned()));
    let validate = t.span("orders.validate");
    let submit = t.span("orders.submit");
    assert!(is_child_of(&validate, &submit));
    assert_eq!(status_description(&validate), "empty order");
    assert_eq!(status_description(&submit), "empty order");
}

#[traced(name = "cache.lookup")]
fn lookup() -> Option<u8> {
    None
}

#[test]
fn non_result_returns_never_set_error() {
    let t = caught();
    assert_eq!(lookup(), None);
    assert_eq!(t.span("cache.lookup").status, Status::Unset);
}

#[traced(name = "cache.fill")]
fn fill() -> Option<u8> {
    let error = std::io::Error::new(std::io::ErrorKind::TimedOut, "backend timed out");
    traced::record_error(&error, ErrorCategory::Resource);
    None
}

#[test]
fn record_error_helper_marks_the_current_span() {
    let t = caught();
    assert_eq!(fill(), None);
    let span = t.span("cache.fill");
    assert_eq!(attribute(&span, "error.type").unwrap().as_str(), "resource");
    assert_eq!(status_description(&span), "backend timed out");
}
