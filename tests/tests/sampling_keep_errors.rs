//! With `keep_errors`, a span the sampler dropped is still exported when it fails, marked, and nothing else is.

mod common;

use common::{outgoing_traceparent, SharedBuffer};
use traced::setup::{Console, Exporter};
use traced::traced;

#[traced(name = "payment.charge", fields(amount))]
fn charge(amount: f64) -> Result<String, String> {
    let header = outgoing_traceparent();
    if amount > 50.0 {
        Err("insufficient funds".to_owned())
    } else {
        Ok(header)
    }
}

#[test]
fn failed_spans_are_exported_even_when_the_sampler_drops_them() {
    let out = SharedBuffer::default();
    let guard = traced::builder()
        .with_sampling_rate(0.0)
        .with_keep_errors(true)
        .with_exporter(Exporter::Console(Console::to_writer(out.clone())))
        .install()
        .unwrap();

    let header = charge(10.0).unwrap();
    assert!(header.ends_with("-02"), "the trace is still unsampled for everyone downstream: {header}");
    assert!(charge(99.0).is_err());
    guard.shutdown().unwrap();

    let text = out.text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "only the failed span, its attributes on the line below: {text}");
    assert!(lines[0].starts_with("payment.charge "), "{text}");
    assert!(lines[0].ends_with("ERROR insufficient funds"), "{text}");
    assert_eq!(lines[1].trim(), "amount=99 error.type=alloc::string::String sampling.kept_for_error=true", "{text}");
}
