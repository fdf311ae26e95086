//! `traced::builder()`: settings are checked before anything is installed, and `Exporter::None` still makes
//! spans (so ids propagate) without exporting them.

mod common;

use common::outgoing_traceparent;
use traced::{traced, Exporter, InitError};

#[traced(name = "setup.work")]
fn traceparent() -> String {
    outgoing_traceparent()
}

// One test: each step installs a process-wide provider.
#[test]
fn settings_are_checked_and_no_exporter_still_propagates() {
    for rate in [1.5, -0.1, f64::NAN] {
        let error = traced::builder().with_sampling_rate(rate).with_exporter(Exporter::None).install().unwrap_err();
        assert!(matches!(&error, InitError::Invalid { name: "with_sampling_rate", .. }), "{error}");
        assert!(error.to_string().contains("expected a probability between 0 and 1"), "{error}");
    }

    let guard = traced::builder().with_exporter(Exporter::None).install().unwrap();
    let header = traceparent();
    assert!(header.starts_with("00-") && header.ends_with("-03"), "sampled, its trace id random: {header}");
    assert_eq!(guard.dropped_spans(), 0);
    guard.shutdown().unwrap();

    let guard = traced::builder().with_sampling_rate(0.0).with_exporter(Exporter::None).install().unwrap();
    assert!(traceparent().ends_with("-02"), "a root dropped by the sampler is still propagated, unsampled");
    drop(guard);
}
