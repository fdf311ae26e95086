//! Work handed to another task or thread keeps its trace with `.in_current_trace()` and
//! `traced::in_current_trace(..)`; without them, OpenTelemetry's per-thread context leaves it a root.

mod common;

use common::*;
use traced::{traced, InCurrentTrace};

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

fn run(carry: bool) -> u64 {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(handle(carry))
}

#[test]
fn spawned_tasks_and_threads_keep_their_parent() {
    let t = telemetry();
    assert_eq!(run(true), 6);
    let handler = t.span("jobs.handle");
    assert!(is_child_of(&t.span("jobs.work"), &handler), "the task's span is the handler's child");
    assert!(is_child_of(&t.span("jobs.blocking"), &handler), "the thread's span is the handler's child");
}

#[test]
fn without_them_spawned_work_starts_traces_of_its_own() {
    let t = telemetry();
    assert_eq!(run(false), 6);
    assert!(is_root(&t.span("jobs.work")));
    assert!(is_root(&t.span("jobs.blocking")));
}

fn assert_send<T: Send>(_: &T) {}

#[test]
fn the_carried_future_stays_send() {
    let _t = telemetry();
    assert_send(&work(1).in_current_trace());
}
