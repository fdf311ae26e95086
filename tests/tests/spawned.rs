//! Work handed to another task or thread keeps its trace with `.in_current_trace()` and
//! `traced::in_current_trace(..)`; without them, OpenTelemetry's per-thread context leaves it a root. Asserted
//! through `traced::testing`, as a user's tests would.

use traced::testing::capture;
use traced::{traced, InCurrentTrace};

/// Returns `Pending` once, so the body really suspends.
async fn yield_now() {
    let mut yielded = false;
    std::future::poll_fn(|cx| {
        if std::mem::replace(&mut yielded, true) {
            std::task::Poll::Ready(())
        } else {
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    })
    .await
}

#[traced(name = "jobs.work")]
async fn work(n: u64) -> u64 {
    yield_now().await;
    n + 1
}

#[traced(name = "jobs.blocking")]
fn blocking(n: u64) -> u64 {
    n * 2
}

#[traced(name = "jobs.handle")]
async fn handle(carry: bool) -> u64 {
    let task = if carry { tokio::spawn(work(1).in_current_trace()) } else { tokio::spawn(work(1)) };
    let thread = if carry {
        std::thread::spawn(traced::in_current_trace(|| blocking(2)))
    } else {
        std::thread::spawn(|| blocking(2))
    };
    task.await.unwrap() + thread.join().unwrap()
}

fn run(capture: &traced::testing::Capture, carry: bool) -> u64 {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(capture.run_async(handle(carry)))
}

#[test]
fn spawned_tasks_and_threads_keep_their_parent() {
    let capture = capture();
    assert_eq!(run(&capture, true), 6);
    let spans = capture.spans();
    let handler = spans.named("jobs.handle");
    spans.named("jobs.work").assert_child_of(handler);
    spans.named("jobs.blocking").assert_child_of(handler);
}

#[test]
fn without_them_spawned_work_starts_traces_of_its_own() {
    let capture = capture();
    assert_eq!(run(&capture, false), 6);
    assert_eq!(capture.spans().names(), ["jobs.handle"], "the spawned spans are in traces of their own");
}

fn assert_send<T: Send>(_: &T) {}

#[test]
fn the_carried_future_stays_send() {
    assert_send(&work(1).in_current_trace());
    assert_send(&capture().run_async(work(1)));
}
