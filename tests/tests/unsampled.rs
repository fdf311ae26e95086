//! Under an unsampled parent, `#[traced]` skips all span work (its attribute expressions are not even evaluated)
//! while keeping OpenTelemetry's semantics: children stay unsampled and outgoing requests carry the unsampled flag.

mod common;

use std::cell::Cell;

use common::outgoing_traceparent;
use traced::setup::Exporter;
use traced::traced;

thread_local! {
    static EVALUATED: Cell<u32> = const { Cell::new(0) };
}

fn counted(n: i64) -> i64 {
    EVALUATED.with(|evaluated| evaluated.set(evaluated.get() + 1));
    n
}

#[traced(name = "jobs.root")]
fn root() -> (String, String, String) {
    let own = outgoing_traceparent();
    let (child, grandchild) = child(1);
    (own, child, grandchild)
}

#[traced(name = "jobs.child", fields(n = counted(n)))]
fn child(n: i64) -> (String, String) {
    (outgoing_traceparent(), grandchild(n))
}

#[traced(name = "jobs.grandchild", fields(n = counted(n)))]
fn grandchild(n: i64) -> String {
    outgoing_traceparent()
}

fn evaluated() -> u32 {
    EVALUATED.with(|evaluated| evaluated.replace(0))
}

// One test: each step installs a process-wide provider.
#[test]
fn children_of_an_unsampled_root_skip_span_work_but_stay_unsampled() {
    let guard = traced::builder().with_sampling_rate(0.0).with_exporter(Exporter::None).install().unwrap();
    let (own, child, grandchild) = root();
    assert!(own.ends_with("-02"), "unsampled, its trace id random: {own}");
    assert_eq!((child.as_str(), grandchild.as_str()), (own.as_str(), own.as_str()), "the unsampled root stays current");
    assert_eq!(evaluated(), 0, "no attribute expression of a skipped span is evaluated");
    drop(guard);

    // With keep_errors the children are recorded (they may fail), so their attributes are evaluated.
    let guard = traced::builder()
        .with_sampling_rate(0.0)
        .with_keep_errors(true)
        .with_exporter(Exporter::None)
        .install()
        .unwrap();
    let (own, child, grandchild) = root();
    assert!(
        own.ends_with("-02") && child.ends_with("-02") && grandchild.ends_with("-02"),
        "{own} {child} {grandchild}"
    );
    assert_ne!(child, own, "a recorded child has a span of its own");
    assert_eq!(evaluated(), 2);
    drop(guard);

    // Sampled: every span is made and its attributes evaluated once.
    let guard = traced::builder().with_exporter(Exporter::None).install().unwrap();
    let (own, child, grandchild) = root();
    assert!(
        own.ends_with("-03") && child.ends_with("-03") && grandchild.ends_with("-03"),
        "{own} {child} {grandchild}"
    );
    assert!(own != child && child != grandchild);
    assert_eq!(evaluated(), 2);
    drop(guard);
}
