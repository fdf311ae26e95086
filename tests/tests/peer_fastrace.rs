//! The `#[trace]` shapes of `fast/fastrace`'s macro tests (`tests/macros/tests/ui/ok/*.rs`) and of the `#[trace]`
//! uses in `fastrace/tests/lib.rs`, translated to `#[traced]` and checked against the in-memory exporter: span
//! names, nesting (across `.await`, inherent and `#[async_trait]` methods, tasks on a multi-threaded runtime),
//! `Err` status, spans that end when their future completes, and `Send` kept.
//!
//! Not translated, because `#[traced]` has no such option: `short_name` (a `#[traced]` span is named after the
//! function alone, never its path), `enter_on_poll`, and `properties = { "k": "format {a:?}" }` format strings
//! (written here as `fields(k = format!(..))`). Names such as `"test-span"` or `"Name"` are not valid `#[traced]`
//! names (lowercase dotted segments), so dotted ones stand in for them. `tests/statically-disable` (no-op when
//! the `enable` feature is off) has no counterpart: `#[traced]` is always compiled in.

mod common;

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use common::*;
use opentelemetry_sdk::trace::SpanData;
use traced::traced;

fn assert_send<T: Send>(_: &T) {}

fn children<'a>(spans: &'a [SpanData], parent: &SpanData) -> Vec<&'a str> {
    let mut names: Vec<&str> =
        spans.iter().filter(|span| is_child_of(span, parent)).map(|span| span.name.as_ref()).collect();
    names.sort_unstable();
    names
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(4).enable_all().build().unwrap()
}

// ---------------------------------------------------------------------------------------------------------------
// fastrace/tests/lib.rs: `four_spans` (recursion of a function with a `mut` argument)
// ---------------------------------------------------------------------------------------------------------------
mod recursion {
    use super::*;

    #[traced(name = "rec.span", fields(i))]
    fn rec(mut i: u32) {
        i -= 1;

        if i > 0 {
            rec(i);
        }
    }

    #[traced(name = "four.root")]
    fn root() {
        for _ in 0..2 {
            iter_span();
        }
        rec(2);
    }

    #[traced(name = "iter.span", fields(tmp_property = "tmp_value"))]
    fn iter_span() {}

    #[test]
    fn four_spans() {
        let t = telemetry();
        root();
        let spans = t.spans();
        let root = t.span("four.root");
        assert_eq!(children(&spans, &root), ["iter.span", "iter.span", "rec.span"]);
        let recs: Vec<_> = spans.iter().filter(|span| span.name == "rec.span").collect();
        assert_eq!(recs.len(), 2);
        // The inner call ends first; its argument is the decremented value.
        assert!(is_child_of(recs[0], recs[1]));
        assert_eq!(attribute(recs[1], "i"), Some(2_i64.into()));
        assert_eq!(attribute(recs[0], "i"), Some(1_i64.into()));
        assert_eq!(attribute(&spans[0], "tmp_property"), Some("tmp_value".into()));
    }
}

// ---------------------------------------------------------------------------------------------------------------
// fastrace/tests/lib.rs: `test_macro_with_async_trait`-style nesting on a multi-threaded runtime
// (`#[async_trait]` method, async fn with reference arguments, inherent async method)
// ---------------------------------------------------------------------------------------------------------------
mod multi_thread {
    use async_trait::async_trait;

    use super::*;

    #[async_trait]
    trait Foo {
        async fn run(&self, millis: &u64);
    }

    struct Bar;

    #[traced(name = "run.inner")]
    fn run_inner() {}

    #[traced(name = "local.span")]
    fn local_span() {}

    #[traced(name = "work.inner")]
    fn work_inner() {}

    #[traced(name = "sleep.span")]
    async fn sleep(millis: u64) {
        tokio::time::sleep(Duration::from_millis(millis)).await;
    }

    #[async_trait]
    impl Foo for Bar {
        #[traced(name = "run.span")]
        async fn run(&self, millis: &u64) {
            run_inner();
            work(millis).await;
            local_span();
        }
    }

    // Upstream: `enter_on_poll = true`, out of scope.
    #[traced]
    async fn work(millis: &u64) {
        work_inner();
        sleep(*millis).await;
    }

    impl Bar {
        #[traced]
        async fn work2(&self, millis: &u64) {
            work_inner();
            sleep(*millis).await;
        }
    }

    #[traced(fields(millis1 = *millis1, millis2 = *millis2))]
    async fn work3(millis1: &u64, millis2: &u64) {
        work_inner();
        sleep(*millis1).await;
        sleep(*millis2).await;
    }

    #[traced(name = "root.task")]
    async fn root_task() {
        Bar.run(&5).await;
        Bar.work2(&5).await;
        work3(&5, &5).await;
    }

    #[test]
    fn nested_spans_across_worker_threads() {
        let t = telemetry();
        let task = root_task();
        assert_send(&task);
        runtime().block_on(async { tokio::spawn(task).await.unwrap() });
        let spans = t.spans();
        let root = t.span("root.task");
        assert!(is_root(&root));
        assert_eq!(children(&spans, &root), ["multi_thread.work2", "multi_thread.work3", "run.span"]);
        let run = t.span("run.span");
        assert_eq!(children(&spans, &run), ["local.span", "multi_thread.work", "run.inner"]);
        assert_eq!(children(&spans, &t.span("multi_thread.work")), ["sleep.span", "work.inner"]);
        assert_eq!(children(&spans, &t.span("multi_thread.work2")), ["sleep.span", "work.inner"]);
        let work3 = t.span("multi_thread.work3");
        assert_eq!(children(&spans, &work3), ["sleep.span", "sleep.span", "work.inner"]);
        assert_eq!(attribute(&work3, "millis1"), Some(5_i64.into()));
        assert!(spans.iter().all(|span| span.span_context.trace_id() == root.span_context.trace_id()));
        assert_eq!(spans.last().unwrap().name, "root.task", "the root ends last");
    }
}

// ---------------------------------------------------------------------------------------------------------------
// fastrace/tests/lib.rs: `macro_example` (sync and async, default and explicit names, under a root)
// ---------------------------------------------------------------------------------------------------------------
mod macro_example {
    use super::*;

    #[traced(name = "do_something.short_name")]
    fn do_something_short_name(i: u64) {
        std::thread::sleep(Duration::from_millis(i));
    }

    #[traced(name = "do_something.async_short_name")]
    async fn do_something_async_short_name(i: u64) {
        tokio::time::sleep(Duration::from_millis(i)).await;
    }

    #[traced]
    fn do_something(i: u64) {
        std::thread::sleep(Duration::from_millis(i));
    }

    #[traced]
    async fn do_something_async(i: u64) {
        yield_now().await;
        std::thread::sleep(Duration::from_millis(i));
    }

    #[traced(name = "example.root")]
    fn root(runtime: &tokio::runtime::Runtime) {
        do_something(1);
        block_on(do_something_async(1));
        do_something_short_name(1);
        runtime.block_on(do_something_async_short_name(1));
    }

    #[test]
    fn sync_and_async_under_a_root() {
        let t = telemetry();
        let runtime = runtime();
        root(&runtime);
        let spans = t.spans();
        let root = t.span("example.root");
        assert_eq!(
            children(&spans, &root),
            [
                "do_something.async_short_name",
                "do_something.short_name",
                "macro_example.do_something",
                "macro_example.do_something_async"
            ]
        );
        assert_eq!(spans.len(), 5);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// fastrace/tests/lib.rs `test_macro_properties` and ui/ok/has-properties.rs: properties written as `fields`
// ---------------------------------------------------------------------------------------------------------------
mod properties {
    use super::*;

    #[derive(Debug)]
    struct Bar;

    #[allow(clippy::drop_non_drop)]
    #[traced(fields(
        k1 = "v1",
        a = format!("argument a is {a:?}"),
        b = ?b,
        escaped1 = format!("{c:?}{{}}"),
        escaped2 = "{ \"a\": \"b\"}",
    ))]
    fn foo(a: i64, b: &Bar, c: Bar) -> i64 {
        drop(c);
        a
    }

    #[allow(clippy::drop_non_drop)]
    #[traced(fields(
        k1 = "v1",
        a = format!("argument a is {a:?}"),
        b = ?b,
        escaped1 = format!("{c:?}{{}}"),
        escaped2 = "{ \"a\": \"b\"}",
    ))]
    async fn foo_async(a: i64, b: &Bar, c: Bar) -> i64 {
        yield_now().await;
        drop(c);
        a
    }

    // Upstream `properties = {}`.
    #[traced(fields())]
    fn bar() {}

    #[traced(fields())]
    async fn bar_async() {}

    #[traced(name = "properties.root")]
    async fn root() {
        assert_eq!(foo_async(1, &Bar, Bar).await, 1);
        bar_async().await;
    }

    fn expected() -> Vec<opentelemetry::KeyValue> {
        vec![
            kv("k1", "v1"),
            kv("a", "argument a is 1"),
            kv("b", "Bar"),
            kv("escaped1", "Bar{}"),
            kv("escaped2", "{ \"a\": \"b\"}"),
        ]
    }

    #[test]
    fn test_macro_properties() {
        let t = telemetry();
        assert_eq!(foo(1, &Bar, Bar), 1);
        bar();
        let task = root();
        assert_send(&task);
        runtime().block_on(async { tokio::spawn(task).await.unwrap() });
        assert_eq!(t.span("properties.foo").attributes, expected());
        assert_eq!(t.span("properties.foo_async").attributes, expected());
        assert!(t.span("properties.bar").attributes.is_empty());
        let root = t.span("properties.root");
        assert!(is_child_of(&t.span("properties.foo_async"), &root));
        assert!(is_child_of(&t.span("properties.bar_async"), &root));
        assert!(is_root(&t.span("properties.foo")));
    }
}

// ---------------------------------------------------------------------------------------------------------------
// tests/macros/tests/ui/ok/*.rs
// ---------------------------------------------------------------------------------------------------------------

/// ui/ok/async-in-trait.rs: `#[traced]` on a native `async fn` of a trait impl, under `deny(warnings)`.
#[deny(warnings)]
mod async_in_trait {
    use super::*;

    trait MyTrait {
        async fn work(&self) -> usize;
        async fn ready(&self) -> usize;
    }

    struct MyStruct;

    impl MyTrait for MyStruct {
        #[traced(name = "async_in_trait.work")]
        async fn work(&self) -> usize {
            unimplemented!()
        }

        #[traced(name = "async_in_trait.ready")]
        async fn ready(&self) -> usize {
            yield_now().await;
            3
        }
    }

    #[test]
    fn native_async_fn_in_trait() {
        let t = telemetry();
        let future = MyStruct.ready();
        assert_send(&future);
        assert_eq!(poll_to_end(&t, "async_in_trait.ready", future), 3);
        assert!(std::panic::catch_unwind(|| block_on(MyStruct.work())).is_err());
        let work = t.span("async_in_trait.work");
        assert!(is_error(&work));
        assert_eq!(status_description(&work), "not implemented");
    }
}

/// ui/ok/async-trait.rs: `#[traced]` on an `#[async_trait]` method next to another attribute macro (upstream:
/// `#[logcall::logcall]`, here a second `#[traced]`), with an `unimplemented!()` body.
mod async_trait_stacked {
    use super::*;

    #[async_trait::async_trait]
    trait MyTrait {
        async fn work(&self) -> usize;
        async fn stacked(&self) -> usize;
    }

    struct MyStruct;

    #[async_trait::async_trait]
    impl MyTrait for MyStruct {
        #[traced(name = "async_trait.work")]
        async fn work(&self) -> usize {
            unimplemented!()
        }

        #[traced(name = "stacked.first")]
        #[traced(name = "stacked.second")]
        async fn stacked(&self) -> usize {
            yield_now().await;
            4
        }
    }

    #[traced(name = "stacked.sync_first")]
    #[traced(name = "stacked.sync_second")]
    fn stacked_sync() -> usize {
        5
    }

    #[test]
    fn unimplemented_body() {
        let t = telemetry();
        let future = MyStruct.work();
        assert_send(&future);
        assert!(std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| block_on(future))).is_err());
        assert_eq!(status_description(&t.span("async_trait.work")), "not implemented");
    }

    #[test]
    fn two_attribute_macros_make_two_nested_spans() {
        let t = telemetry();
        let future = MyStruct.stacked();
        assert_send(&future);
        assert_eq!(poll_to_end(&t, "stacked.second", future), 4);
        assert_eq!(stacked_sync(), 5);
        // The attribute expanded first puts its span inside the body the second one then wraps.
        assert!(is_child_of(&t.span("stacked.first"), &t.span("stacked.second")));
        assert!(is_child_of(&t.span("stacked.sync_first"), &t.span("stacked.sync_second")));
        assert!(is_root(&t.span("stacked.second")));
    }
}

/// ui/ok/dyn-future.rs and ui/ok/async-trait-dyn-future.rs: an async fn whose `Ok` is a boxed future, and whose
/// error types are only `Debug`.
mod dyn_future {
    use async_trait::async_trait;

    use super::*;

    #[derive(Debug, PartialEq)]
    pub struct InnerError;

    #[derive(Debug, PartialEq)]
    pub struct OuterError(InnerError);

    pub type MyFuture = Pin<Box<dyn Future<Output = Result<u32, OuterError>> + Send>>;

    #[traced(name = "dyn_future.f")]
    pub async fn f() -> Result<MyFuture, OuterError> {
        let inner = async { Err(InnerError) };

        let mapped = async move { inner.await.map_err(OuterError) };

        Ok(Box::pin(mapped))
    }

    #[traced(name = "dyn_future.fails")]
    pub async fn fails() -> Result<MyFuture, OuterError> {
        yield_now().await;
        Err(OuterError(InnerError))
    }

    #[async_trait]
    pub trait MyTrait {
        async fn f() -> Result<MyFuture, OuterError>;
    }

    pub struct MyStruct;

    #[async_trait]
    impl MyTrait for MyStruct {
        #[traced(name = "dyn_future.trait_f")]
        async fn f() -> Result<MyFuture, OuterError> {
            let inner = async { Err(InnerError) };

            let mapped = async move { inner.await.map_err(OuterError) };

            Ok(Box::pin(mapped))
        }
    }

    #[test]
    fn ok_of_a_boxed_future() {
        let t = telemetry();
        let future = f();
        assert_send(&future);
        let inner = poll_to_end(&t, "dyn_future.f", future).unwrap();
        assert_eq!(block_on(inner), Err(OuterError(InnerError)));
        let span = t.span("dyn_future.f");
        assert!(!is_error(&span), "the function returned Ok; the future it returned is not its own");
        let future = MyStruct::f();
        assert_send(&future);
        let inner = poll_to_end(&t, "dyn_future.trait_f", future).unwrap();
        assert_eq!(block_on(inner), Err(OuterError(InnerError)));
        assert!(!is_error(&t.span("dyn_future.trait_f")));
        assert_eq!(t.spans().len(), 2);
    }

    #[test]
    fn a_debug_only_error_is_recorded() {
        let t = telemetry();
        assert!(block_on(fails()).is_err());
        let span = t.span("dyn_future.fails");
        assert!(is_error(&span));
        assert_eq!(status_description(&span), "OuterError(InnerError)");
        assert_eq!(event_names(&span), ["exception"]);
    }

    // `#[tokio::main]` upstream: the same calls from a tokio task.
    #[test]
    fn from_a_tokio_runtime() {
        let t = telemetry();
        runtime().block_on(async {
            let _ = f().await;
            let _ = MyStruct::f().await;
        });
        t.span("dyn_future.f");
        t.span("dyn_future.trait_f");
    }
}

/// ui/ok/has-crate-path.rs: `crate = ..` through a renamed import and an absolute path.
mod has_crate_path {
    use traced as custom_traced;

    use super::*;

    #[custom_traced::traced(crate = custom_traced)]
    async fn f(a: u32) -> u32 {
        a
    }

    #[traced(crate = ::traced, name = "crate_path.sync_func")]
    fn sync_func() -> i32 {
        42
    }

    #[tokio::test]
    async fn renamed_crate() {
        let t = telemetry();
        assert_eq!(f(1).await, 1);
        assert_eq!(sync_func(), 42);
        t.span("has_crate_path.f");
        t.span("crate_path.sync_func");
    }
}

/// ui/ok/has-enter-on-poll.rs, has-short-name.rs, has-name*.rs, has-no-arguments.rs: the function shapes behind
/// those options (the options themselves are out of scope).
mod has_name {
    use super::*;

    // has-enter-on-poll.rs, has-short-name.rs
    #[traced]
    async fn f(a: u32) -> u32 {
        yield_now().await;
        a
    }

    // has-name-and-short-name.rs (`name = "Name"`)
    #[traced(name = "has.name")]
    async fn g(a: u32) -> u32 {
        a
    }

    // has-name-async-mut.rs
    #[allow(unused_mut)]
    #[traced(name = "test.span_async_mut")]
    async fn h(mut a: u32) -> u32 {
        a
    }

    // has-name-async-mut.rs, with the `mut` used
    #[traced(name = "test.span_async_mut_used", fields(a))]
    async fn h_used(mut a: u32) -> u32 {
        yield_now().await;
        a += 1;
        a
    }

    // has-name.rs, has-name-mut.rs
    #[traced(name = "test.span")]
    fn s(a: u32) -> u32 {
        a
    }

    // has-no-arguments.rs
    #[allow(unused_braces)]
    #[traced]
    fn no_arguments(a: u32) -> u32 {
        a
    }

    #[test]
    fn shapes() {
        let t = telemetry();
        let future = f(1);
        assert_send(&future);
        assert_eq!(poll_to_end(&t, "has_name.f", future), 1);
        assert_eq!(block_on(g(2)), 2);
        assert_eq!(block_on(h(3)), 3);
        assert_eq!(poll_to_end(&t, "test.span_async_mut_used", h_used(4)), 5);
        assert_eq!(s(6), 6);
        assert_eq!(no_arguments(7), 7);
        assert_eq!(
            names(&t.spans()),
            [
                "has_name.f",
                "has.name",
                "test.span_async_mut",
                "test.span_async_mut_used",
                "test.span",
                "has_name.no_arguments"
            ]
        );
        assert_eq!(t.span("test.span_async_mut_used").attributes, [kv("a", 4_i64)]);
        assert!(t.spans().iter().all(is_root));
    }
}

/// ui/ok/has-properties.rs: the async variant with `properties = {}` next to it.
mod has_properties {
    use super::*;

    #[derive(Debug)]
    struct Bar;

    #[allow(clippy::drop_non_drop)]
    #[traced(fields(k1 = "v1", a = format!("argument a is {a:?}"), b = ?b, escaped1 = format!("{c:?}{{}}")))]
    async fn f(a: i64, b: &Bar, c: Bar) -> i64 {
        drop(c);
        a
    }

    #[traced(fields())]
    async fn g(a: u32) -> u32 {
        a
    }

    #[tokio::test]
    async fn properties() {
        let t = telemetry();
        assert_eq!(f(1, &Bar, Bar).await, 1);
        assert_eq!(g(1).await, 1);
        assert_eq!(
            t.span("has_properties.f").attributes,
            [kv("k1", "v1"), kv("a", "argument a is 1"), kv("b", "Bar"), kv("escaped1", "Bar{}")]
        );
        assert!(t.span("has_properties.g").attributes.is_empty());
    }
}

/// ui/ok/impl-stream.rs: an async fn returning `impl Stream` (upstream builds it with `async_stream::stream!`,
/// not a dev-dependency here: `futures::stream::unfold` makes the same lazy stream).
mod impl_stream {
    use futures::{Stream, StreamExt};

    use super::*;

    #[traced]
    async fn stream() -> impl Stream<Item = i64> {
        async_leaf().await;
        futures::stream::unfold(0_i64, |i| async move { (i < 100).then_some((i, i + 1)) })
    }

    #[traced(name = "peer.async_leaf")]
    async fn async_leaf() {
        yield_now().await;
    }

    #[test]
    fn returns_a_stream() {
        let t = telemetry();
        let future = stream();
        assert_send(&future);
        let stream = poll_to_end(&t, "impl_stream.stream", future);
        assert_eq!(block_on(stream.collect::<Vec<_>>()).len(), 100);
        assert!(is_child_of(&t.span("peer.async_leaf"), &t.span("impl_stream.stream")));
    }
}
