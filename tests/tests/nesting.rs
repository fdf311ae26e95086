//! Parent and child spans: a traced call's span is the parent of every traced call its body makes, sync or
//! async, across `.await`s and interleaved futures, and of nothing after it returns.

mod common;

use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Waker};

use common::*;
use opentelemetry::trace::SpanId;
use opentelemetry_sdk::trace::SpanData;
use traced::traced;

/// The one finished span named `name` whose attribute `id` is `id`.
fn span_with_id(t: &Telemetry, name: &str, id: i64) -> SpanData {
    let matching: Vec<SpanData> = t
        .spans()
        .into_iter()
        .filter(|span| span.name == name && attribute(span, "id") == Some(opentelemetry::Value::I64(id)))
        .collect();
    assert_eq!(matching.len(), 1, "spans named {name:?} with id {id}: {matching:?}");
    matching.into_iter().next().unwrap()
}

mod sync {
    use super::*;

    #[traced]
    fn top() -> u32 {
        middle() + 1
    }

    #[traced]
    fn middle() -> u32 {
        bottom() + bottom()
    }

    #[traced]
    fn bottom() -> u32 {
        1
    }

    #[traced]
    fn report_ids() -> (Option<SpanId>, Option<SpanId>) {
        (traced::span_id(), report_inner())
    }

    #[traced]
    fn report_inner() -> Option<SpanId> {
        traced::span_id()
    }

    #[test]
    fn three_levels() {
        let t = telemetry();
        assert_eq!(top(), 3);
        let spans = t.spans();
        assert_eq!(names(&spans), ["sync.bottom", "sync.bottom", "sync.middle", "sync.top"]);
        assert!(is_child_of(&spans[0], &spans[2]));
        assert!(is_child_of(&spans[1], &spans[2]));
        assert!(is_child_of(&spans[2], &spans[3]));
        assert!(is_root(&spans[3]));
        assert_ne!(spans[0].span_context.span_id(), spans[1].span_context.span_id());
    }

    #[test]
    fn the_span_is_current_in_its_body() {
        let t = telemetry();
        let (outer, inner) = report_ids();
        assert_eq!(outer, Some(t.span("sync.report_ids").span_context.span_id()));
        assert_eq!(inner, Some(t.span("sync.report_inner").span_context.span_id()));
    }

    #[test]
    fn span_is_not_current_after_the_call_returns() {
        let t = telemetry();
        assert_eq!(traced::span_id(), None);
        top();
        assert_eq!(traced::span_id(), None);
        bottom();
        let spans = t.spans();
        assert_eq!(names(&spans), ["sync.bottom", "sync.bottom", "sync.middle", "sync.top", "sync.bottom"]);
        assert!(is_root(&spans[4]), "called after `top` returned");
    }

    #[test]
    fn separate_top_level_calls_are_separate_traces() {
        let t = telemetry();
        top();
        top();
        let tops: Vec<_> = t.spans().into_iter().filter(|span| span.name == "sync.top").collect();
        assert_eq!(tops.len(), 2);
        assert!(tops.iter().all(is_root));
        assert_ne!(tops[0].span_context.trace_id(), tops[1].span_context.trace_id());
    }
}

mod asynchronous {
    use super::*;

    #[traced]
    async fn top() -> u32 {
        yield_now().await;
        let value = middle().await;
        yield_now().await;
        value + after_await()
    }

    #[traced]
    async fn middle() -> u32 {
        let first = bottom().await;
        yield_now().await;
        first + bottom().await
    }

    #[traced]
    async fn bottom() -> u32 {
        yield_now().await;
        1
    }

    #[traced]
    fn after_await() -> u32 {
        10
    }

    #[traced]
    async fn top_with_ids() -> (Option<SpanId>, Option<SpanId>) {
        let before = traced::span_id();
        yield_now().await;
        (before, traced::span_id())
    }

    #[traced(fields(n))]
    async fn countdown(n: u32) -> u32 {
        yield_now().await;
        if n == 0 {
            0
        } else {
            1 + Box::pin(countdown(n - 1)).await
        }
    }

    #[test]
    fn async_recursion_nests_spans() {
        let t = telemetry();
        assert_eq!(block_on(countdown(3)), 3);
        let spans = t.spans();
        assert_eq!(names(&spans), ["asynchronous.countdown"; 4]);
        let recorded: Vec<_> = spans.iter().map(|span| attribute(span, "n")).collect();
        assert_eq!(recorded, [0, 1, 2, 3].map(|n| Some(opentelemetry::Value::I64(n))));
        for pair in spans.windows(2) {
            assert!(is_child_of(&pair[0], &pair[1]));
        }
        assert!(is_root(&spans[3]));
    }

    #[test]
    fn three_levels_across_awaits() {
        let t = telemetry();
        assert_eq!(block_on(top()), 12);
        let spans = t.spans();
        assert_eq!(
            names(&spans),
            [
                "asynchronous.bottom",
                "asynchronous.bottom",
                "asynchronous.middle",
                "asynchronous.after_await",
                "asynchronous.top"
            ]
        );
        let (top, middle) = (&spans[4], &spans[2]);
        assert!(is_root(top));
        assert!(is_child_of(middle, top));
        assert!(is_child_of(&spans[0], middle));
        assert!(is_child_of(&spans[1], middle), "started after `middle` resumed from an await");
        assert!(is_child_of(&spans[3], top), "sync child started after `top` resumed from an await");
    }

    #[test]
    fn the_span_stays_current_across_an_await() {
        let t = telemetry();
        let (before, after) = block_on(top_with_ids());
        let id = Some(t.span("asynchronous.top_with_ids").span_context.span_id());
        assert_eq!(before, id);
        assert_eq!(after, id);
    }

    #[test]
    fn span_is_not_current_after_the_future_completes() {
        let t = telemetry();
        block_on(top());
        assert_eq!(traced::span_id(), None);
        after_await();
        let spans = t.spans();
        assert!(is_root(spans.last().unwrap()), "{:?}", names(&spans));
        assert_eq!(spans.last().unwrap().name, "asynchronous.after_await");
    }

    #[test]
    fn span_is_not_current_between_polls() {
        let t = telemetry();
        {
            let mut future = pin!(top());
            let mut cx = Context::from_waker(Waker::noop());
            assert!(future.as_mut().poll(&mut cx).is_pending());
            // Suspended: its span must not leak into what this thread runs next.
            assert_eq!(traced::span_id(), None);
            after_await();
            while future.as_mut().poll(&mut cx).is_pending() {
                assert_eq!(traced::span_id(), None);
            }
        }
        let spans = t.spans();
        assert_eq!(spans[0].name, "asynchronous.after_await");
        assert!(is_root(&spans[0]), "called while `top` was suspended");
        assert!(is_root(&t.span("asynchronous.top")));
    }

    #[test]
    fn separate_top_level_futures_are_separate_traces() {
        let t = telemetry();
        block_on(bottom());
        block_on(bottom());
        let spans = t.spans();
        assert_eq!(names(&spans), ["asynchronous.bottom", "asynchronous.bottom"]);
        assert!(spans.iter().all(is_root));
        assert_ne!(spans[0].span_context.trace_id(), spans[1].span_context.trace_id());
    }

    #[test]
    fn sync_caller_is_the_parent_of_a_future_it_polls() {
        #[traced]
        fn drive() -> u32 {
            block_on(bottom())
        }
        let t = telemetry();
        assert_eq!(drive(), 1);
        assert!(is_child_of(&t.span("asynchronous.bottom"), &t.span("asynchronous.drive")));
    }
}

mod interleaved {
    use super::*;

    thread_local! {
        static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    }

    fn log(entry: String) {
        LOG.with(|log| log.borrow_mut().push(entry));
    }

    fn take_log() -> Vec<String> {
        LOG.with(|log| std::mem::take(&mut *log.borrow_mut()))
    }

    #[traced(fields(id))]
    async fn worker(id: u32) -> u32 {
        log(format!("{id} start"));
        yield_now().await;
        log(format!("{id} resumed"));
        let sync = leaf(id);
        yield_now().await;
        sync + leaf_async(id).await
    }

    #[traced(fields(id))]
    fn leaf(id: u32) -> u32 {
        id
    }

    #[traced(fields(id))]
    async fn leaf_async(id: u32) -> u32 {
        yield_now().await;
        log(format!("{id} leaf_async"));
        id * 10
    }

    #[traced]
    async fn both() -> (u32, u32) {
        futures::join!(worker(1), worker(2))
    }

    fn assert_own_parents(t: &Telemetry) {
        for id in [1, 2] {
            let worker = span_with_id(t, "interleaved.worker", id);
            assert!(is_child_of(&span_with_id(t, "interleaved.leaf", id), &worker), "leaf {id} under worker {id}");
            assert!(
                is_child_of(&span_with_id(t, "interleaved.leaf_async", id), &worker),
                "leaf_async {id} under worker {id}"
            );
        }
    }

    #[test]
    fn joined_futures_each_parent_their_own_children() {
        let t = telemetry();
        take_log();
        assert_eq!(block_on(async { futures::join!(worker(1), worker(2)) }), (11, 22));
        let log = take_log();
        assert_eq!(&log[..4], ["1 start", "2 start", "1 resumed", "2 resumed"], "the futures interleave");
        assert_own_parents(&t);
        assert!(is_root(&span_with_id(&t, "interleaved.worker", 1)));
        assert!(is_root(&span_with_id(&t, "interleaved.worker", 2)));
        assert_ne!(
            span_with_id(&t, "interleaved.worker", 1).span_context.trace_id(),
            span_with_id(&t, "interleaved.worker", 2).span_context.trace_id()
        );
    }

    #[test]
    fn joined_futures_under_a_traced_parent() {
        let t = telemetry();
        take_log();
        assert_eq!(block_on(both()), (11, 22));
        let log = take_log();
        assert_eq!(&log[..4], ["1 start", "2 start", "1 resumed", "2 resumed"], "the futures interleave");
        assert_own_parents(&t);
        let both = t.span("interleaved.both");
        assert!(is_root(&both));
        assert!(is_child_of(&span_with_id(&t, "interleaved.worker", 1), &both));
        assert!(is_child_of(&span_with_id(&t, "interleaved.worker", 2), &both));
    }
}
