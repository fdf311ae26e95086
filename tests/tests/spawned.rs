//! Work handed to another task or thread keeps its trace with `.in_current_trace()` and
//! `traced::in_current_trace(..)`; without them, OpenTelemetry's per-thread context leaves it a root. Asserted
//! through `traced::testing`, as a user's tests would.

mod common;

use common::yield_now;
use opentelemetry::trace::TraceId;
use traced::testing::capture;
use traced::{traced, InCurrentTrace};

/// A result, and the trace the work's own span was in.
type Traced = (u64, Option<TraceId>);

#[traced(name = "jobs.work")]
async fn work(n: u64) -> Traced {
    yield_now().await;
    (n + 1, traced::trace_id())
}

#[traced(name = "jobs.blocking")]
fn blocking(n: u64) -> Traced {
    (n * 2, traced::trace_id())
}

#[traced(name = "jobs.handle")]
async fn handle(carry: bool) -> [Traced; 2] {
    let task = if carry { tokio::spawn(work(1).in_current_trace()) } else { tokio::spawn(work(1)) };
    let thread = if carry {
        std::thread::spawn(traced::in_current_trace(|| blocking(2)))
    } else {
        std::thread::spawn(|| blocking(2))
    };
    [task.await.unwrap(), thread.join().unwrap()]
}

fn run(capture: &traced::testing::Capture, carry: bool) -> [Traced; 2] {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(capture.run_async(handle(carry)))
}

#[test]
fn spawned_tasks_and_threads_keep_their_parent() {
    let capture = capture();
    let ours = Some(capture.trace_id());
    assert_eq!(run(&capture, true), [(2, ours), (4, ours)]);
    let spans = capture.spans();
    let handler = spans.named("jobs.handle");
    spans.named("jobs.work").assert_child_of(handler);
    spans.named("jobs.blocking").assert_child_of(handler);
}

#[test]
fn without_them_spawned_work_starts_traces_of_its_own() {
    let capture = capture();
    let [(2, task), (4, thread)] = run(&capture, false) else { panic!("the work's results") };
    for trace in [task, thread] {
        assert!(trace.is_some_and(|trace| trace != capture.trace_id()), "a span in a trace of its own: {trace:?}");
    }
    assert_ne!(task, thread);
    assert_eq!(capture.spans().names(), ["jobs.handle"], "so the capture has the handler's alone");
}

fn assert_send<T: Send>(_: &T) {}

#[test]
fn the_carried_future_stays_send() {
    assert_send(&work(1).in_current_trace());
    assert_send(&capture().run_async(work(1)));
}
