//! The function shapes of `tokio-rs/tracing`'s own attribute suite (`tracing-attributes/tests/*.rs` and
//! `tracing-attributes/tests/ui/`), translated to `#[traced]`: every shape `#[instrument]` is tested on, written
//! again with the options `#[traced]` has, and checked against the in-memory exporter (name, parents, `Err` status,
//! async spans that end only when their future completes, `Send` kept).
//!
//! Not translated, because `#[traced]` has no such option: `level`, `target`, `skip`/`skip_all` (nothing is
//! recorded unless named), `ret`, `err` (an `Err` is always recorded), `parent`, `follows_from`, `fields(x)` for a
//! name that is no argument (`tracing::field::Empty`), `name = CONST`, a positional name (`#[instrument("n")]`), and
//! field keys computed by a const expression (`{CONST} = v`, `{"foo"} = v`).

mod common;

use std::future::Future;
use std::pin::{pin, Pin};
use std::task::{Context, Poll, Waker};

use common::*;
use opentelemetry_sdk::trace::SpanData;
use traced::traced;

fn assert_send<T: Send>(_: &T) {}

/// Polls `future` to completion by hand, checking after every `Pending` that no span named `name` has ended yet.
/// Returns the output and how many polls it took.
fn poll_to_end<F: Future>(t: &Telemetry, name: &str, future: F) -> (F::Output, usize) {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    let mut polls = 0;
    loop {
        polls += 1;
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(output) => return (output, polls),
            Poll::Pending => {
                assert!(
                    t.spans().iter().all(|span| span.name != name),
                    "{name} ended after {polls} poll(s), before its future completed"
                );
                // Upstream checks enter/exit around each poll: between polls, the span is not current.
                assert_eq!(traced::span_id(), None, "{name} stayed current after a poll returned");
            }
        }
    }
}

/// Upstream's `PollN::new_ok`: ready with `Ok(())` at the `polls`-th poll.
async fn poll_n(polls: usize) -> Result<(), ()> {
    for _ in 1..polls {
        yield_now().await;
    }
    Ok(())
}

#[traced(name = "peer.leaf")]
fn leaf() {}

#[traced(name = "peer.async_leaf")]
async fn async_leaf() {
    yield_now().await;
}

fn only_error_event(span: &SpanData) {
    assert!(is_error(span), "{} should have status Error", span.name);
    assert_eq!(event_names(span), ["exception"]);
}

const TRY_FROM_MESSAGE: &str = "out of range integral type conversion attempted";

// ---------------------------------------------------------------------------------------------------------------
// async_fn.rs
// ---------------------------------------------------------------------------------------------------------------
mod async_fn {
    use std::convert::Infallible;
    use std::sync::Arc;

    use super::*;

    #[traced]
    async fn test_async_fn(polls: usize) -> Result<(), ()> {
        let future = poll_n(polls);
        traced::add_event("awaiting", [opentelemetry::KeyValue::new("awaiting", true)]);
        leaf();
        future.await
    }

    #[test]
    fn async_fn_only_enters_for_polls() {
        let t = telemetry();
        let future = test_async_fn(3);
        assert_send(&future);
        assert!(t.spans().is_empty(), "no span before the first poll");
        let (output, polls) = poll_to_end(&t, "async_fn.test_async_fn", future);
        assert_eq!(output, Ok(()));
        assert_eq!(polls, 3);
        let span = t.span("async_fn.test_async_fn");
        assert_eq!(event_names(&span), ["awaiting"]);
        assert!(is_child_of(&t.span("peer.leaf"), &span));
        assert!(!is_error(&span));
        assert!(is_root(&span));
    }

    #[allow(dead_code)]
    #[traced]
    async fn test_ret_impl_trait(n: i32) -> Result<impl Iterator<Item = i32>, ()> {
        Ok((0..10).filter(move |x| *x < n))
    }

    #[allow(dead_code)]
    #[traced]
    async fn test_ret_impl_trait_err(n: i32) -> Result<impl Iterator<Item = i32>, &'static str> {
        if n < 0 {
            return Err("negative");
        }
        Ok((0..10).filter(move |x| *x < n))
    }

    #[test]
    fn async_fn_returning_result_of_impl_trait() {
        let t = telemetry();
        let future = test_ret_impl_trait(3);
        assert_send(&future);
        assert_eq!(block_on(future).unwrap().collect::<Vec<_>>(), [0, 1, 2]);
        assert!(!is_error(&t.span("async_fn.test_ret_impl_trait")));
        assert_eq!(block_on(test_ret_impl_trait_err(2)).unwrap().count(), 2);
        assert!(!is_error(&t.span("async_fn.test_ret_impl_trait_err")));
        t.exporter.reset();
        assert!(block_on(test_ret_impl_trait_err(-1)).is_err());
        let span = t.span("async_fn.test_ret_impl_trait_err");
        only_error_event(&span);
        assert_eq!(status_description(&span), "negative");
    }

    #[traced]
    #[allow(dead_code)]
    async fn test_async_fn_empty() {}

    #[traced]
    #[allow(dead_code)]
    async unsafe fn test_async_unsafe_fn_empty() {}

    #[traced(name = "peer.async_unsafe")]
    async unsafe fn async_unsafe_deref(pointer: *const u8) -> u8 {
        yield_now().await;
        // SAFETY: the caller passes a pointer to a live `u8`.
        unsafe { *pointer }
    }

    #[test]
    fn empty_and_unsafe_async_fns() {
        let t = telemetry();
        block_on(test_async_fn_empty());
        let value = 7_u8;
        // SAFETY: `value` outlives the future.
        assert_eq!(block_on(unsafe { async_unsafe_deref(&value) }), 7);
        // SAFETY: nothing to uphold.
        block_on(unsafe { test_async_unsafe_fn_empty() });
        assert!(is_root(&t.span("async_fn.test_async_fn_empty")));
        assert!(is_root(&t.span("peer.async_unsafe")));
        assert!(is_root(&t.span("async_fn.test_async_unsafe_fn_empty")));
    }

    // The body's own inner attribute must stay in effect under the outer `deny`.
    #[deny(unused_variables)]
    #[allow(dead_code, clippy::mixed_attributes_style)]
    #[traced]
    async fn repro_async_2294() {
        #![allow(unused_variables)]
        let i = 42;
    }

    #[test]
    fn inner_attributes_of_an_async_body() {
        let t = telemetry();
        block_on(repro_async_2294());
        t.span("async_fn.repro_async_2294");
    }

    #[traced]
    // LOAD-BEARING `#[rustfmt::skip]` upstream: this formatting is what triggered the lint.
    #[rustfmt::skip]
    #[deny(clippy::suspicious_else_formatting)]
    #[allow(dead_code, clippy::let_and_return)]
    async fn repro_1613(var: bool) -> &'static str {
        let text =
            if var { "true" } else { "false" }
        ;
        text
    }

    #[traced]
    #[deny(clippy::suspicious_else_formatting)]
    #[allow(dead_code)]
    async fn repro_1613_2() {
        // hello world
        // else
    }

    #[test]
    fn lint_sensitive_async_bodies() {
        let t = telemetry();
        assert_eq!(block_on(repro_1613(true)), "true");
        block_on(repro_1613_2());
        t.span("async_fn.repro_1613");
        t.span("async_fn.repro_1613_2");
    }

    #[allow(dead_code)]
    #[traced]
    #[deny(unused_braces)]
    fn repro_1831() -> Pin<Box<dyn Future<Output = ()>>> {
        Box::pin(async move {})
    }

    #[allow(dead_code)]
    #[traced]
    #[deny(unused_braces)]
    #[allow(clippy::manual_async_fn)]
    fn repro_1831_2() -> impl Future<Output = Result<(), Infallible>> {
        async { Ok(()) }
    }

    #[test]
    fn future_returning_fns_under_deny_unused_braces() {
        let t = telemetry();
        block_on(repro_1831());
        assert_eq!(block_on(repro_1831_2()), Ok(()));
        assert!(!is_error(&t.span("async_fn.repro_1831")));
        assert!(!is_error(&t.span("async_fn.repro_1831_2")));
    }

    #[test]
    fn async_fn_nested() {
        #[traced]
        async fn test_async_fns_nested() {
            test_async_fns_nested_other().await
        }

        #[traced]
        async fn test_async_fns_nested_other() {
            traced::add_event("nested", []);
            yield_now().await;
        }

        let t = telemetry();
        let future = test_async_fns_nested();
        assert_send(&future);
        poll_to_end(&t, "async_fn.test_async_fns_nested", future);
        let outer = t.span("async_fn.test_async_fns_nested");
        let inner = t.span("async_fn.test_async_fns_nested_other");
        assert!(is_child_of(&inner, &outer));
        assert_eq!(event_names(&inner), ["nested"]);
        assert!(outer.events.is_empty());
        assert_eq!(names(&t.spans()), ["async_fn.test_async_fns_nested_other", "async_fn.test_async_fns_nested"]);
    }

    #[test]
    fn async_fn_with_async_trait() {
        use async_trait::async_trait;

        #[async_trait]
        pub trait TestA {
            async fn foo(&mut self, v: usize);
        }

        #[async_trait]
        pub trait TestB {
            async fn bar(&self);
        }

        #[async_trait]
        pub trait TestC {
            async fn baz(&self);
        }

        #[derive(Debug)]
        struct TestImpl(usize);

        #[async_trait]
        impl TestA for TestImpl {
            #[traced(fields(this = ?self, v))]
            async fn foo(&mut self, v: usize) {
                self.baz().await;
                self.0 = v;
                self.bar().await
            }
        }

        #[async_trait]
        impl TestB for TestImpl {
            #[traced(fields(this = ?self))]
            async fn bar(&self) {
                traced::set_attribute(opentelemetry::KeyValue::new("val", self.0 as i64));
            }
        }

        #[async_trait]
        impl TestC for TestImpl {
            #[traced]
            async fn baz(&self) {
                traced::set_attribute(opentelemetry::KeyValue::new("val", self.0 as i64));
            }
        }

        let t = telemetry();
        let mut test = TestImpl(2);
        let future = test.foo(5);
        assert_send(&future);
        poll_to_end(&t, "async_fn.foo", future);
        assert_eq!(test.0, 5);
        let (foo, bar, baz) = (t.span("async_fn.foo"), t.span("async_fn.bar"), t.span("async_fn.baz"));
        assert!(is_child_of(&bar, &foo));
        assert!(is_child_of(&baz, &foo));
        assert_eq!(attribute(&foo, "this"), Some("TestImpl(2)".into()));
        assert_eq!(attribute(&foo, "v"), Some(5_i64.into()));
        assert_eq!(attribute(&bar, "this"), Some("TestImpl(5)".into()));
        assert_eq!(attribute(&bar, "val"), Some(5_i64.into()));
        assert_eq!(attribute(&baz, "val"), Some(2_i64.into()));
        assert_eq!(names(&t.spans()), ["async_fn.baz", "async_fn.bar", "async_fn.foo"]);
    }

    #[test]
    fn async_fn_with_async_trait_and_fields_expressions() {
        use async_trait::async_trait;

        #[async_trait]
        pub trait Test {
            async fn call(&mut self, v: usize);
        }

        #[derive(Clone, Debug)]
        struct TestImpl;

        impl TestImpl {
            fn foo(&self) -> usize {
                42
            }
        }

        #[async_trait]
        impl Test for TestImpl {
            // `self` and `Self` in field expressions, under `#[async_trait]`.
            #[traced(fields(_v, val = self.foo(), val2 = Self::clone(self).foo(), test = %_v + 5))]
            async fn call(&mut self, _v: usize) {}
        }

        let t = telemetry();
        block_on(TestImpl.call(5));
        let span = t.span("async_fn.call");
        assert_eq!(span.attributes, [kv("_v", 5_i64), kv("val", 42_i64), kv("val2", 42_i64), kv("test", "10")],);
    }

    #[test]
    fn async_fn_with_async_trait_and_fields_expressions_with_generic_parameter() {
        use async_trait::async_trait;

        #[async_trait]
        pub trait Test {
            async fn call();
            async fn call_with_self(&self);
            async fn call_with_mut_self(&mut self);
        }

        #[derive(Clone, Debug)]
        struct TestImpl;

        // A sync function returning a future is traced like an async-trait method.
        impl TestImpl {
            #[traced(fields(self_type = std::any::type_name::<Self>()))]
            fn sync_fun(&self) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
                let val = self.clone();
                Box::pin(async move {
                    let _ = val;
                    async_leaf().await;
                })
            }
        }

        #[async_trait]
        impl Test for TestImpl {
            // Upstream cannot instrument this one (tokio-rs/tracing#864): `Self` in a field of a method without
            // `self`.
            #[traced(fields(self_type = std::any::type_name::<Self>()))]
            async fn call() {}

            #[traced(fields(self_type = std::any::type_name::<Self>()))]
            async fn call_with_self(&self) {
                self.sync_fun().await;
            }

            #[traced(fields(self_type = std::any::type_name::<Self>()))]
            async fn call_with_mut_self(&mut self) {}
        }

        let t = telemetry();
        let future = async {
            TestImpl::call().await;
            TestImpl.call_with_self().await;
            TestImpl.call_with_mut_self().await
        };
        assert_send(&future);
        block_on(future);
        let type_name = std::any::type_name::<TestImpl>();
        for name in ["async_fn.call", "async_fn.call_with_self", "async_fn.call_with_mut_self", "async_fn.sync_fun"] {
            assert_eq!(attribute(&t.span(name), "self_type"), Some(type_name.into()), "{name}");
        }
        assert!(is_child_of(&t.span("async_fn.sync_fun"), &t.span("async_fn.call_with_self")));
        assert!(is_child_of(&t.span("peer.async_leaf"), &t.span("async_fn.sync_fun")));
        assert!(is_root(&t.span("async_fn.call")));
    }

    #[test]
    fn out_of_scope_fields() {
        // tokio-rs/tracing#1296: a variable made before `Box::pin` and moved into the future. Upstream also
        // declares an empty field `app_id`, which `#[traced]` has no form for.
        struct Thing {
            metrics: Arc<()>,
        }

        impl Thing {
            #[traced]
            fn call(&mut self, _req: ()) -> Pin<Box<dyn Future<Output = Arc<()>> + Send + Sync>> {
                let metrics = self.metrics.clone();
                Box::pin(async move {
                    async_leaf().await;
                    metrics
                })
            }
        }

        let t = telemetry();
        let mut my_thing = Thing { metrics: Arc::new(()) };
        let future = my_thing.call(());
        fn assert_send_sync<T: Send + Sync>(_: &T) {}
        assert_send_sync(&future);
        let (metrics, _) = poll_to_end(&t, "async_fn.call", future);
        assert!(Arc::ptr_eq(&metrics, &my_thing.metrics));
        assert!(is_child_of(&t.span("peer.async_leaf"), &t.span("async_fn.call")));
    }

    #[test]
    fn manual_impl_future() {
        #[allow(clippy::manual_async_fn)]
        #[traced]
        fn manual_impl_future() -> impl Future<Output = ()> {
            async {
                traced::add_event("poll", []);
                yield_now().await;
            }
        }

        let t = telemetry();
        let future = manual_impl_future();
        assert_send(&future);
        poll_to_end(&t, "async_fn.manual_impl_future", future);
        assert_eq!(event_names(&t.span("async_fn.manual_impl_future")), ["poll"]);
    }

    #[test]
    fn manual_box_pin() {
        #[traced]
        fn manual_box_pin() -> Pin<Box<dyn Future<Output = ()>>> {
            Box::pin(async {
                traced::add_event("poll", []);
                yield_now().await;
            })
        }

        let t = telemetry();
        poll_to_end(&t, "async_fn.manual_box_pin", manual_box_pin());
        assert_eq!(event_names(&t.span("async_fn.manual_box_pin")), ["poll"]);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// err.rs (`err`, `err(Debug)`, `err(level = ..)` are out of scope: an `Err` is always recorded)
// ---------------------------------------------------------------------------------------------------------------
mod err {
    use std::convert::TryFrom;
    use std::num::TryFromIntError;

    use super::*;

    #[traced]
    fn err() -> Result<u8, TryFromIntError> {
        u8::try_from(1234)
    }

    #[traced]
    #[allow(dead_code)]
    fn err_suspicious_else() -> Result<u8, TryFromIntError> {
        {}
        u8::try_from(1234)
    }

    #[test]
    fn test() {
        let t = telemetry();
        assert!(err().is_err());
        assert!(err_suspicious_else().is_err());
        for name in ["err.err", "err.err_suspicious_else"] {
            let span = t.span(name);
            only_error_event(&span);
            assert_eq!(status_description(&span), TRY_FROM_MESSAGE);
            assert_eq!(event_attribute(&span, "exception", "exception.message"), Some(TRY_FROM_MESSAGE.into()));
        }
    }

    #[traced]
    fn err_early_return() -> Result<u8, TryFromIntError> {
        u8::try_from(1234)?;
        Ok(5)
    }

    #[traced]
    fn err_explicit_return(fail: bool) -> Result<u8, String> {
        if fail {
            return Err("early".to_owned());
        }
        leaf();
        Ok(5)
    }

    #[test]
    fn test_early_return() {
        let t = telemetry();
        assert!(err_early_return().is_err());
        only_error_event(&t.span("err.err_early_return"));
        assert_eq!(err_explicit_return(true), Err("early".to_owned()));
        assert_eq!(status_description(&t.span("err.err_explicit_return")), "early");
        t.exporter.reset();
        assert_eq!(err_explicit_return(false), Ok(5));
        let span = t.span("err.err_explicit_return");
        assert!(!is_error(&span));
        assert!(is_child_of(&t.span("peer.leaf"), &span));
    }

    #[traced]
    async fn err_async(polls: usize) -> Result<u8, TryFromIntError> {
        let future = poll_n(polls);
        traced::add_event("awaiting", []);
        future.await.ok();
        u8::try_from(1234)
    }

    #[test]
    fn test_async() {
        let t = telemetry();
        let future = err_async(2);
        assert_send(&future);
        let (result, polls) = poll_to_end(&t, "err.err_async", future);
        assert!(result.is_err());
        assert_eq!(polls, 2);
        let span = t.span("err.err_async");
        assert!(is_error(&span));
        assert_eq!(event_names(&span), ["awaiting", "exception"]);
    }

    #[traced]
    fn err_mut(out: &mut u8) -> Result<(), TryFromIntError> {
        *out = u8::try_from(1234)?;
        Ok(())
    }

    #[test]
    fn test_mut() {
        let t = telemetry();
        let mut out = 0;
        assert!(err_mut(&mut out).is_err());
        assert_eq!(out, 0);
        only_error_event(&t.span("err.err_mut"));
    }

    #[traced]
    async fn err_mut_async(polls: usize, out: &mut u8) -> Result<(), TryFromIntError> {
        let future = poll_n(polls);
        future.await.ok();
        *out = u8::try_from(1234)?;
        Ok(())
    }

    #[traced(name = "peer.err_mut_async_ok")]
    async fn err_mut_async_ok(polls: usize, out: &mut u8) -> Result<(), TryFromIntError> {
        poll_n(polls).await.ok();
        *out = u8::try_from(123)?;
        Ok(())
    }

    #[test]
    fn test_mut_async() {
        let t = telemetry();
        let mut out = 0;
        let future = err_mut_async(2, &mut out);
        assert_send(&future);
        assert!(poll_to_end(&t, "err.err_mut_async", future).0.is_err());
        only_error_event(&t.span("err.err_mut_async"));
        assert_eq!(poll_to_end(&t, "peer.err_mut_async_ok", err_mut_async_ok(3, &mut out)).0, Ok(()));
        assert_eq!(out, 123);
        assert!(!is_error(&t.span("peer.err_mut_async_ok")));
    }

    #[test]
    fn impl_trait_return_type() {
        // tokio-rs/tracing#1227
        #[traced(fields(x))]
        fn returns_impl_trait(x: usize) -> Result<impl Iterator<Item = usize>, String> {
            if x == 0 {
                return Err("empty".into());
            }
            Ok(0..x)
        }

        let t = telemetry();
        assert_eq!(returns_impl_trait(10).unwrap().count(), 10);
        let span = t.span("err.returns_impl_trait");
        assert_eq!(span.attributes, [kv("x", 10_i64)]);
        assert!(!is_error(&span));
        t.exporter.reset();
        assert!(returns_impl_trait(0).is_err());
        assert_eq!(status_description(&t.span("err.returns_impl_trait")), "empty");
    }

    #[test]
    fn test_err_display_default() {
        // Upstream `err(Display)`/`err(Debug)` choose the rendering; `#[traced]` uses `Display` for the status.
        let t = telemetry();
        err().ok();
        let span = t.span("err.err");
        assert_eq!(status_description(&span), u8::try_from(1234_u16).unwrap_err().to_string());
        assert!(event_attribute(&span, "exception", "exception.type").is_some());
    }
}

// ---------------------------------------------------------------------------------------------------------------
// ret.rs (`ret`, `ret(Display)`, `ret(level = ..)` are out of scope: only the shapes are translated)
// ---------------------------------------------------------------------------------------------------------------
mod ret {
    use std::convert::TryFrom;
    use std::num::TryFromIntError;

    use super::*;

    #[traced]
    fn ret() -> i32 {
        leaf();
        42
    }

    #[traced]
    fn ret_mut(a: &mut i32) -> i32 {
        *a *= 2;
        traced::set_attribute(opentelemetry::KeyValue::new("a", *a as i64));
        *a
    }

    #[traced]
    async fn ret_async() -> i32 {
        async_leaf().await;
        42
    }

    #[traced]
    fn ret_impl_type() -> impl Copy {
        42
    }

    #[traced]
    fn ret_and_err() -> Result<u8, TryFromIntError> {
        u8::try_from(1234)
    }

    #[traced]
    fn ret_and_ok() -> Result<u8, TryFromIntError> {
        u8::try_from(123)
    }

    #[test]
    fn test() {
        let t = telemetry();
        assert_eq!(ret(), 42);
        assert!(is_child_of(&t.span("peer.leaf"), &t.span("ret.ret")));
    }

    #[test]
    fn test_mut() {
        let t = telemetry();
        let mut a = 1;
        assert_eq!(ret_mut(&mut a), 2);
        assert_eq!(a, 2);
        assert_eq!(attribute(&t.span("ret.ret_mut"), "a"), Some(2_i64.into()));
    }

    #[test]
    fn test_async() {
        let t = telemetry();
        let future = ret_async();
        assert_send(&future);
        assert_eq!(poll_to_end(&t, "ret.ret_async", future).0, 42);
        assert!(is_child_of(&t.span("peer.async_leaf"), &t.span("ret.ret_async")));
    }

    #[test]
    fn test_impl_type() {
        let t = telemetry();
        let value = ret_impl_type();
        let copy = value;
        let _ = (value, copy);
        assert!(t.span("ret.ret_impl_type").events.is_empty());
    }

    #[test]
    fn test_ret_and_err_and_ok() {
        let t = telemetry();
        assert!(ret_and_err().is_err());
        assert_eq!(ret_and_ok(), Ok(123));
        only_error_event(&t.span("ret.ret_and_err"));
        let ok = t.span("ret.ret_and_ok");
        assert!(!is_error(&ok));
        assert!(ok.events.is_empty());
    }
}

// ---------------------------------------------------------------------------------------------------------------
// fields.rs
// ---------------------------------------------------------------------------------------------------------------
mod fields {
    use super::*;

    #[traced(fields(foo = "bar", dsa = true, num = 1))]
    fn fn_no_param() {}

    // Upstream records `param` implicitly; `#[traced]` records what is named.
    #[traced(fields(foo = "bar", param))]
    fn fn_param(param: u32) {
        let _ = param;
    }

    #[traced(fields(s, len = s.len()))]
    fn fn_expr_field(s: &str) {
        let _ = s;
    }

    #[traced(fields(s, s.len = s.len(), s.is_empty = s.is_empty()))]
    fn fn_two_expr_fields(s: &str) {
        let _ = s;
    }

    #[traced(fields(%s, s.len = s.len()))]
    fn fn_clashy_expr_field(s: &str) {
        let _ = s;
    }

    #[traced(fields(s = "s"))]
    fn fn_clashy_expr_field2(s: &str) {
        let _ = s;
    }

    #[traced(fields(s = &s))]
    fn fn_string(s: String) {
        let _ = s;
    }

    #[traced(fields(keywords.impl.type.fn = _arg))]
    fn fn_keyword_ident_in_field(_arg: &str) {}

    #[derive(Debug)]
    struct HasField {
        my_field: &'static str,
    }

    impl HasField {
        #[traced(fields(my_field = self.my_field))]
        fn self_expr_field(&self) {}
    }

    fn only(t: &Telemetry, name: &str) -> Vec<opentelemetry::KeyValue> {
        t.span(name).attributes
    }

    #[test]
    fn fields() {
        let t = telemetry();
        fn_no_param();
        assert_eq!(only(&t, "fields.fn_no_param"), [kv("foo", "bar"), kv("dsa", true), kv("num", 1_i64)]);
    }

    #[test]
    fn expr_field() {
        let t = telemetry();
        fn_expr_field("hello world");
        assert_eq!(only(&t, "fields.fn_expr_field"), [kv("s", "hello world"), kv("len", 11_i64)]);
    }

    #[test]
    fn two_expr_fields() {
        let t = telemetry();
        fn_two_expr_fields("hello world");
        assert_eq!(
            only(&t, "fields.fn_two_expr_fields"),
            [kv("s", "hello world"), kv("s.len", 11_i64), kv("s.is_empty", false)],
        );
    }

    #[test]
    fn clashy_expr_field() {
        let t = telemetry();
        fn_clashy_expr_field("hello world");
        assert_eq!(only(&t, "fields.fn_clashy_expr_field"), [kv("s", "hello world"), kv("s.len", 11_i64)]);
        fn_clashy_expr_field2("hello world");
        assert_eq!(only(&t, "fields.fn_clashy_expr_field2"), [kv("s", "s")]);
    }

    #[test]
    fn self_expr_field() {
        let t = telemetry();
        HasField { my_field: "hello world" }.self_expr_field();
        assert_eq!(only(&t, "fields.self_expr_field"), [kv("my_field", "hello world")]);
    }

    #[test]
    fn parameters_with_fields() {
        let t = telemetry();
        fn_param(1);
        assert_eq!(only(&t, "fields.fn_param"), [kv("foo", "bar"), kv("param", 1_i64)]);
    }

    #[test]
    fn string_field() {
        let t = telemetry();
        fn_string(String::from("hello world"));
        assert_eq!(only(&t, "fields.fn_string"), [kv("s", "hello world")]);
    }

    #[test]
    fn keyword_ident_in_field_name() {
        let t = telemetry();
        fn_keyword_ident_in_field("test");
        assert_eq!(only(&t, "fields.fn_keyword_ident_in_field"), [kv("keywords.impl.type.fn", "test")]);
    }

    // `{CONST_FIELD_NAME} = ..`, `{const_fn()} = ..`, `{Type::CONST} = ..`, `{"foo"} = ..` and the clashy const
    // key: computed keys are out of scope. `fields(empty)` for a field without value too.
}

// ---------------------------------------------------------------------------------------------------------------
// instrument.rs (`level`, `target`, `skip`, `skip_all`, `name = CONST`, `target = CONST` are out of scope)
// ---------------------------------------------------------------------------------------------------------------
mod instrument {
    use super::*;

    #[deny(unused_variables)]
    #[allow(dead_code, clippy::mixed_attributes_style)]
    #[traced]
    fn repro_2294() {
        #![allow(unused_variables)]
        let i = 42;
    }

    #[test]
    fn inner_attributes_of_a_sync_body() {
        let t = telemetry();
        repro_2294();
        t.span("instrument.repro_2294");
    }

    #[test]
    fn override_everything() {
        #[traced]
        fn my_fn() {}

        #[traced(name = "my.other_fn", kind = client)]
        fn my_other_fn() {}

        let t = telemetry();
        my_fn();
        my_other_fn();
        assert_eq!(names(&t.spans()), ["instrument.my_fn", "my.other_fn"]);
        assert_eq!(t.span("my.other_fn").span_kind, opentelemetry::trace::SpanKind::Client);
    }

    #[test]
    fn fields() {
        #[traced(fields(arg1, arg2, arg3))]
        fn my_fn(arg1: usize, arg2: bool, arg3: String) {
            let _ = (arg1, arg2, arg3);
        }

        let t = telemetry();
        my_fn(2, false, "Cool".to_string());
        my_fn(3, true, "Still Cool".to_string());
        let spans = t.spans();
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[0].attributes, [kv("arg1", 2_i64), kv("arg2", false), kv("arg3", "Cool")]);
        assert_eq!(spans[1].attributes, [kv("arg1", 3_i64), kv("arg2", true), kv("arg3", "Still Cool")]);
    }

    #[test]
    fn skip() {
        // Arguments that are neither `Debug` nor recordable: never named, never recorded.
        struct UnDebug();

        #[traced(fields(arg1))]
        fn my_fn(arg1: usize, _arg2: UnDebug, _arg3: UnDebug) {}

        #[traced]
        fn my_fn2(_arg1: usize, _arg2: UnDebug, _arg3: UnDebug) {}

        let t = telemetry();
        my_fn(2, UnDebug(), UnDebug());
        my_fn(3, UnDebug(), UnDebug());
        my_fn2(2, UnDebug(), UnDebug());
        let spans = t.spans();
        assert_eq!(names(&spans), ["instrument.my_fn", "instrument.my_fn", "instrument.my_fn2"]);
        assert_eq!(spans[0].attributes, [kv("arg1", 2_i64)]);
        assert_eq!(spans[1].attributes, [kv("arg1", 3_i64)]);
        assert!(spans[2].attributes.is_empty());
    }

    #[test]
    fn generics() {
        #[derive(Debug)]
        struct Foo;

        #[traced(fields(?arg1, ?arg2))]
        fn my_fn<S, T: std::fmt::Debug>(arg1: S, arg2: T)
        where
            S: std::fmt::Debug,
        {
            let _ = (arg1, arg2);
        }

        let t = telemetry();
        my_fn(Foo, false);
        my_fn("text", 1_u8);
        let spans = t.spans();
        assert_eq!(spans[0].attributes, [kv("arg1", "Foo"), kv("arg2", "false")]);
        assert_eq!(spans[1].attributes, [kv("arg1", "\"text\""), kv("arg2", "1")]);
    }

    #[test]
    fn methods() {
        #[derive(Debug)]
        struct Foo;

        impl Foo {
            #[traced(fields(this = ?self, arg1))]
            fn my_fn(&self, arg1: usize) {
                let _ = arg1;
            }
        }

        let t = telemetry();
        Foo.my_fn(42);
        assert_eq!(t.span("instrument.my_fn").attributes, [kv("this", "Foo"), kv("arg1", 42_i64)]);
    }

    #[test]
    fn impl_trait_return_type() {
        #[traced(fields(x))]
        fn returns_impl_trait(x: usize) -> impl Iterator<Item = usize> {
            leaf();
            0..x
        }

        let t = telemetry();
        assert_eq!(returns_impl_trait(10).count(), 10);
        let span = t.span("instrument.returns_impl_trait");
        assert_eq!(span.attributes, [kv("x", 10_i64)]);
        assert!(is_child_of(&t.span("peer.leaf"), &span));
    }

    #[test]
    fn name_literal() {
        // Upstream `name = MY_NAME` (a const) is out of scope: the name is a checked literal here.
        #[traced(name = "my.name")]
        fn name() {}

        let t = telemetry();
        name();
        assert_eq!(names(&t.spans()), ["my.name"]);
    }

    #[test]
    fn user_tracing_module() {
        // tokio-rs/tracing#3119: a local module named like the crate must not capture the expansion's paths.
        #[traced]
        fn my_fn() -> &'static str {
            assert_eq!("test", traced::my_other_fn());
            core::my_core_fn()
        }

        mod traced {
            pub fn my_other_fn() -> &'static str {
                "test"
            }
        }

        mod core {
            pub fn my_core_fn() -> &'static str {
                "core"
            }
        }

        let t = telemetry();
        assert_eq!(my_fn(), "core");
        t.span("instrument.my_fn");
    }
}

// ---------------------------------------------------------------------------------------------------------------
// destructuring.rs
// ---------------------------------------------------------------------------------------------------------------
mod destructuring {
    use super::*;

    #[test]
    fn destructure_tuples() {
        #[traced(fields(arg1 = arg1, arg2 = arg2))]
        fn my_fn((arg1, arg2): (usize, usize)) {
            let _ = (arg1, arg2);
        }

        let t = telemetry();
        my_fn((1, 2));
        assert_eq!(t.span("destructuring.my_fn").attributes, [kv("arg1", 1_i64), kv("arg2", 2_i64)]);
    }

    #[test]
    fn destructure_nested_tuples() {
        #[traced(fields(arg1 = arg1, arg2 = arg2, arg3 = arg3, arg4 = arg4))]
        fn my_fn(((arg1, arg2), (arg3, arg4)): ((usize, usize), (usize, usize))) {
            let _ = (arg1, arg2, arg3, arg4);
        }

        let t = telemetry();
        my_fn(((1, 2), (3, 4)));
        assert_eq!(
            t.span("destructuring.my_fn").attributes,
            [kv("arg1", 1_i64), kv("arg2", 2_i64), kv("arg3", 3_i64), kv("arg4", 4_i64)],
        );
    }

    #[test]
    fn destructure_refs() {
        #[traced(fields(arg1 = arg1))]
        fn my_fn(&arg1: &usize) {
            let _ = arg1;
        }

        let t = telemetry();
        my_fn(&1);
        assert_eq!(t.span("destructuring.my_fn").attributes, [kv("arg1", 1_i64)]);
    }

    #[test]
    fn destructure_tuple_structs() {
        struct Foo(usize, usize);

        #[traced(fields(arg1 = arg1, arg2 = arg2))]
        fn my_fn(Foo(arg1, arg2): Foo) {
            let _ = (arg1, arg2);
        }

        let t = telemetry();
        my_fn(Foo(1, 2));
        assert_eq!(t.span("destructuring.my_fn").attributes, [kv("arg1", 1_i64), kv("arg2", 2_i64)]);
    }

    #[test]
    fn destructure_structs() {
        struct Foo {
            bar: usize,
            baz: usize,
        }

        #[traced(fields(arg1 = arg1, arg2 = arg2))]
        fn my_fn(Foo { bar: arg1, baz: arg2 }: Foo) {
            let _ = (arg1, arg2);
        }

        let t = telemetry();
        my_fn(Foo { bar: 1, baz: 2 });
        assert_eq!(t.span("destructuring.my_fn").attributes, [kv("arg1", 1_i64), kv("arg2", 2_i64)]);
    }

    struct Foo {
        bar: Bar,
        baz: (usize, usize),
        qux: NoDebug,
    }
    struct Bar((usize, usize));
    struct NoDebug;

    fn foo() -> Foo {
        let sample = Foo { bar: Bar((1, 2)), baz: (3, 4), qux: NoDebug };
        let _ = &sample.qux;
        sample
    }

    #[test]
    fn destructure_everything() {
        #[traced(fields(arg1 = arg1, arg2 = arg2, arg3 = arg3, arg4 = arg4))]
        fn my_fn(&Foo { bar: Bar((arg1, arg2)), baz: (arg3, arg4), .. }: &Foo) {
            let _ = (arg1, arg2, arg3, arg4);
        }

        let t = telemetry();
        my_fn(&foo());
        assert_eq!(
            t.span("destructuring.my_fn").attributes,
            [kv("arg1", 1_i64), kv("arg2", 2_i64), kv("arg3", 3_i64), kv("arg4", 4_i64)],
        );
    }

    #[test]
    fn destructure_everything_async() {
        // Not upstream: the same patterns on an `async fn`, whose arguments move into its future.
        #[traced(fields(arg1 = arg1, arg4 = arg4))]
        async fn my_fn(&Foo { bar: Bar((arg1, arg2)), baz: (arg3, arg4), .. }: &Foo, (left, _): (u8, u8)) -> usize {
            yield_now().await;
            arg1 + arg2 + arg3 + arg4 + usize::from(left)
        }

        let t = telemetry();
        let foo = foo();
        let future = my_fn(&foo, (10, 20));
        assert_send(&future);
        assert_eq!(poll_to_end(&t, "destructuring.my_fn", future).0, 20);
        assert_eq!(t.span("destructuring.my_fn").attributes, [kv("arg1", 1_i64), kv("arg4", 4_i64)]);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// levels.rs (`level = ..` is out of scope; functions named like the levels remain)
// ---------------------------------------------------------------------------------------------------------------
mod levels {
    use super::*;

    #[test]
    fn functions_named_like_levels() {
        #[traced]
        fn trace() {}

        #[traced]
        fn debug() {}

        #[traced]
        fn info() {}

        #[traced]
        fn warn() {}

        #[traced]
        fn error() {}

        let t = telemetry();
        trace();
        debug();
        info();
        warn();
        error();
        assert_eq!(names(&t.spans()), ["levels.trace", "levels.debug", "levels.info", "levels.warn", "levels.error"]);
        assert!(t.spans().iter().all(is_root));
    }
}

// ---------------------------------------------------------------------------------------------------------------
// names.rs (the positional `#[instrument("name")]` form is out of scope)
// ---------------------------------------------------------------------------------------------------------------
mod names {
    use super::*;

    #[traced]
    fn default_name() {}

    // Upstream `name = "my_name"`: a `#[traced]` name needs at least two segments.
    #[traced(name = "my.name")]
    fn custom_name() {}

    #[traced(name = "my.other_name")]
    fn r#custom_name_raw() {}

    #[traced]
    fn r#match() {}

    #[test]
    fn default_name_test() {
        let t = telemetry();
        default_name();
        assert_eq!(names(&t.spans()), ["names.default_name"]);
    }

    #[test]
    fn custom_name_test() {
        let t = telemetry();
        custom_name();
        custom_name_raw();
        assert_eq!(names(&t.spans()), ["my.name", "my.other_name"]);
    }

    #[test]
    fn raw_identifier_default_name() {
        let t = telemetry();
        r#match();
        assert_eq!(names(&t.spans()), ["names.match"]);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// parents.rs (`parent = ..` is out of scope)
// ---------------------------------------------------------------------------------------------------------------
mod parents {
    use opentelemetry::trace::Tracer;

    use super::*;

    #[traced]
    fn with_default_parent() {}

    #[test]
    fn default_parent_test() {
        let t = telemetry();
        with_default_parent();
        opentelemetry::global::tracer("peer").in_span("contextual_parent", |_| with_default_parent());
        let spans = t.spans();
        assert_eq!(names(&spans), ["parents.with_default_parent", "parents.with_default_parent", "contextual_parent"]);
        assert!(is_root(&spans[0]), "no current span: a root");
        assert!(is_child_of(&spans[1], &spans[2]), "under the contextual parent");
    }
}

// ---------------------------------------------------------------------------------------------------------------
// targets.rs (`target = ..` is out of scope; the closest notion is the instrumentation scope, the package)
// ---------------------------------------------------------------------------------------------------------------
mod targets {
    use super::*;

    #[traced]
    fn default_target() {}

    mod my_mod {
        use traced::traced;

        pub const MODULE_PATH: &str = module_path!();

        #[traced]
        pub fn default_target() {}

        #[traced(name = "my_mod.custom_target")]
        pub(crate) fn custom_target() {}
    }

    #[test]
    fn default_targets() {
        let t = telemetry();
        default_target();
        my_mod::default_target();
        my_mod::custom_target();
        assert!(my_mod::MODULE_PATH.ends_with("my_mod"));
        let spans = t.spans();
        assert_eq!(names(&spans), ["targets.default_target", "my_mod.default_target", "my_mod.custom_target"]);
        for span in &spans {
            assert_eq!(span.instrumentation_scope.name(), env!("CARGO_PKG_NAME"));
            assert_eq!(span.instrumentation_scope.version(), Some(env!("CARGO_PKG_VERSION")));
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// follows_from.rs (`follows_from = ..` is out of scope; the nested `impl Trait` argument remains)
// ---------------------------------------------------------------------------------------------------------------
mod follows_from {
    use super::*;

    #[traced]
    fn with_follows_from_sync(causes: impl IntoIterator<Item = impl Into<Option<u64>>>) -> usize {
        causes.into_iter().filter_map(Into::into).count()
    }

    #[traced]
    async fn with_follows_from_async(causes: impl IntoIterator<Item = impl Into<Option<u64>>>) -> usize {
        yield_now().await;
        causes.into_iter().filter_map(Into::into).count()
    }

    #[test]
    fn follows_from_sync_test() {
        let t = telemetry();
        assert_eq!(with_follows_from_sync([Some(1), None, Some(3)]), 2);
        t.span("follows_from.with_follows_from_sync");
    }

    #[test]
    fn follows_from_async_test() {
        let t = telemetry();
        let future = with_follows_from_async(vec![1_u64, 2, 3]);
        assert_send(&future);
        assert_eq!(poll_to_end(&t, "follows_from.with_follows_from_async", future).0, 3);
        t.span("follows_from.with_follows_from_async");
    }
}

// ---------------------------------------------------------------------------------------------------------------
// dead_code.rs: a traced function nobody calls is still dead code (checked at compile time by `#[expect]`)
// ---------------------------------------------------------------------------------------------------------------
#[deny(unfulfilled_lint_expectations)]
#[expect(dead_code)]
#[traced]
fn unused() {}

#[deny(unfulfilled_lint_expectations)]
#[expect(dead_code)]
#[traced]
async fn unused_async() {}

#[deny(unfulfilled_lint_expectations)]
#[expect(dead_code)]
#[traced]
fn unused_future() -> Pin<Box<dyn Future<Output = ()> + Send>> {
    Box::pin(async {})
}

// ---------------------------------------------------------------------------------------------------------------
// ui/pass/type_shadowing.rs (tokio-rs/tracing#3306): the body's glob import must not reach the signature's types
// ---------------------------------------------------------------------------------------------------------------
mod type_shadowing {
    use super::*;

    type Foo = ();
    #[allow(dead_code)]
    enum Bar {
        Foo,
    }

    #[traced]
    fn this_is_fine() -> Foo {
        // The glob import brings `Bar::Foo`, shadowing the alias `Foo`.
        #[allow(unused_imports)]
        use Bar::*;
    }

    #[traced]
    async fn this_is_fine_async() -> Foo {
        #[allow(unused_imports)]
        use Bar::*;
    }

    #[traced]
    fn this_is_fine_future() -> impl Future<Output = Foo> {
        #[allow(unused_imports)]
        use Bar::*;
        async {}
    }

    #[test]
    fn glob_import_in_the_body() {
        let t = telemetry();
        this_is_fine();
        block_on(this_is_fine_async());
        block_on(this_is_fine_future());
        for name in
            ["type_shadowing.this_is_fine", "type_shadowing.this_is_fine_async", "type_shadowing.this_is_fine_future"]
        {
            t.span(name);
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Shapes the brief lists next to upstream's (recursion, `Self`, nested items, macros, `-> !`, `unsafe`,
// `extern "C"`, `#[must_use]`, references returned from `&self`/`&mut self`, const generics)
// ---------------------------------------------------------------------------------------------------------------
mod more_shapes {
    use std::fmt::Display;
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    #[traced(name = "math.fact", fields(n))]
    fn fact(n: u64) -> u64 {
        if n <= 1 {
            return 1;
        }
        n * fact(n - 1)
    }

    #[test]
    fn sync_recursion_nests() {
        let t = telemetry();
        assert_eq!(fact(3), 6);
        let spans = t.spans();
        assert_eq!(spans.len(), 3);
        // Innermost ends first.
        assert!(is_child_of(&spans[0], &spans[1]));
        assert!(is_child_of(&spans[1], &spans[2]));
        assert!(is_root(&spans[2]));
        assert_eq!(attribute(&spans[0], "n"), Some(1_i64.into()));
    }

    #[derive(Debug, Default, PartialEq)]
    struct Account {
        balance: i64,
        name: String,
    }

    impl Account {
        const LIMIT: i64 = 100;

        #[traced(name = "account.new")]
        fn new(name: &str) -> Self {
            Self { name: name.to_owned(), ..Self::default() }
        }

        #[traced(name = "account.name")]
        fn name(&self) -> &str {
            &self.name
        }

        #[traced(name = "account.balance_mut")]
        fn balance_mut(&mut self) -> &mut i64 {
            &mut self.balance
        }

        #[traced(name = "account.deposit", fields(amount))]
        fn deposit(&mut self, amount: i64) -> Result<i64, String> {
            if self.balance + amount > Self::LIMIT {
                return Err(format!("over {}", Self::LIMIT));
            }
            self.balance += amount;
            Ok(self.balance)
        }

        #[traced(name = "account.into_name")]
        fn into_name(self) -> String {
            self.name
        }

        #[traced(name = "account.async_deposit", fields(amount))]
        async fn async_deposit(&mut self, amount: i64) -> Result<&mut Self, String> {
            yield_now().await;
            self.deposit(amount)?;
            Ok(self)
        }
    }

    #[test]
    fn self_in_signatures_and_bodies() {
        let t = telemetry();
        let mut account = Account::new("ada");
        assert_eq!(account.name(), "ada");
        *account.balance_mut() += 1;
        assert_eq!(account.deposit(10), Ok(11));
        assert!(account.deposit(1000).is_err());
        assert_eq!(block_on(account.async_deposit(1)).map(|account| account.balance), Ok(12));
        assert_eq!(account.into_name(), "ada");
        let spans = t.spans();
        let deposits: Vec<_> = spans.iter().filter(|span| span.name == "account.deposit").collect();
        assert_eq!(deposits.len(), 3);
        assert!(!is_error(deposits[0]));
        assert!(is_error(deposits[1]));
        assert_eq!(status_description(deposits[1]), "over 100");
        assert!(is_child_of(deposits[2], &t.span("account.async_deposit")));
        for name in ["account.new", "account.name", "account.balance_mut", "account.into_name"] {
            assert!(is_root(&t.span(name)), "{name}");
        }
    }

    #[test]
    fn async_fn_returning_a_borrow_of_mut_self_is_send() {
        let mut account = Account::default();
        let future = account.async_deposit(1);
        assert_send(&future);
        drop(future);
    }

    #[traced(name = "items.inside")]
    fn items_inside(x: u32) -> u32 {
        let doubled = x * 2;
        const OFFSET: u32 = 1;
        static CALLS: AtomicU32 = AtomicU32::new(0);
        fn helper(v: u32) -> u32 {
            v + OFFSET
        }
        struct Local(u32);
        impl Local {
            fn get(&self) -> u32 {
                self.0
            }
        }
        macro_rules! add_calls {
            ($value:expr) => {
                $value + CALLS.fetch_add(1, Ordering::Relaxed) * 0
            };
        }
        leaf();
        add_calls!(helper(Local(doubled).get()))
    }

    #[traced(name = "items.inside_async")]
    async fn items_inside_async(x: u32) -> u32 {
        const OFFSET: u32 = 1;
        static CALLS: AtomicU32 = AtomicU32::new(0);
        #[traced(name = "items.nested")]
        async fn nested(v: u32) -> u32 {
            yield_now().await;
            v + OFFSET
        }
        macro_rules! twice {
            ($e:expr) => {
                $e.await + $e.await
            };
        }
        CALLS.fetch_add(1, Ordering::Relaxed);
        twice!(nested(x))
    }

    #[test]
    fn consts_statics_items_and_macros_in_bodies() {
        let t = telemetry();
        assert_eq!(items_inside(3), 7);
        assert!(is_child_of(&t.span("peer.leaf"), &t.span("items.inside")));
        let future = items_inside_async(1);
        assert_send(&future);
        assert_eq!(block_on(future), 4);
        let outer = t.span("items.inside_async");
        let nested: Vec<_> = t.spans().into_iter().filter(|span| span.name == "items.nested").collect();
        assert_eq!(nested.len(), 2);
        assert!(nested.iter().all(|span| is_child_of(span, &outer)));
    }

    #[traced(name = "never.sync")]
    fn never_returns(message: &str) -> ! {
        leaf();
        panic!("{message}")
    }

    #[traced(name = "never.async")]
    async fn never_returns_async(message: &str) -> ! {
        yield_now().await;
        panic!("{message}")
    }

    #[test]
    fn functions_returning_never() {
        let t = telemetry();
        assert!(std::panic::catch_unwind(|| never_returns("stop")).is_err());
        let span = t.span("never.sync");
        assert!(is_error(&span));
        assert_eq!(status_description(&span), "stop");
        assert!(is_child_of(&t.span("peer.leaf"), &span));
        let future = never_returns_async("halt");
        assert_send(&future);
        assert!(std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| block_on(future))).is_err());
        assert_eq!(status_description(&t.span("never.async")), "halt");
    }

    #[traced(name = "raw.read")]
    unsafe fn read(pointer: *const u32) -> u32 {
        leaf();
        // SAFETY: the caller passes a pointer to a live `u32`.
        unsafe { *pointer }
    }

    #[traced(name = "ffi.add")]
    extern "C" fn ffi_add(a: i32, b: i32) -> i32 {
        leaf();
        a + b
    }

    #[traced(name = "ffi.unsafe_add")]
    unsafe extern "C" fn ffi_unsafe_add(a: *const i32, b: i32) -> i32 {
        // SAFETY: the caller passes a pointer to a live `i32`.
        unsafe { *a + b }
    }

    #[test]
    fn unsafe_and_extern_fns() {
        let t = telemetry();
        let value = 5_u32;
        // SAFETY: `value` is live.
        assert_eq!(unsafe { read(&value) }, 5);
        let as_pointer: extern "C" fn(i32, i32) -> i32 = ffi_add;
        assert_eq!(as_pointer(2, 3), 5);
        // SAFETY: `&4` is live.
        assert_eq!(unsafe { ffi_unsafe_add(&4, 1) }, 5);
        assert!(is_child_of(&t.spans()[0], &t.span("raw.read")));
        t.span("ffi.add");
        t.span("ffi.unsafe_add");
    }

    #[must_use]
    #[traced(name = "must.use")]
    fn must_use_value() -> u32 {
        1
    }

    #[traced(name = "must.use_after")]
    #[must_use = "the total is the point"]
    fn must_use_after() -> u32 {
        2
    }

    #[test]
    #[deny(unfulfilled_lint_expectations)]
    fn must_use_is_kept() {
        let t = telemetry();
        // Each expectation fails the build if the attribute lost `#[must_use]`.
        #[expect(unused_must_use)]
        must_use_value();
        #[expect(unused_must_use)]
        must_use_after();
        t.span("must.use");
        t.span("must.use_after");
    }

    #[traced(name = "generic.sum", fields(n = N))]
    fn sum<const N: usize, T>(values: [T; N]) -> T
    where
        T: Copy + std::iter::Sum<T>,
    {
        values.iter().copied().sum()
    }

    #[traced(name = "generic.show", fields(value = %value))]
    fn show(value: impl Display, suffix: &impl Display) -> String {
        format!("{value}{suffix}")
    }

    #[traced(name = "generic.words")]
    fn words<'a>(text: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        text.split(' ')
    }

    #[traced(name = "generic.longest")]
    fn longest<'a, 'b: 'a>(a: &'a str, b: &'b str) -> &'a str {
        if a.len() >= b.len() {
            a
        } else {
            b
        }
    }

    #[traced(name = "generic.async_show", fields(value = %value))]
    async fn async_show<T>(value: T, suffix: &(impl Display + Sync)) -> String
    where
        T: Display + Send,
    {
        yield_now().await;
        format!("{value}{suffix}")
    }

    #[test]
    fn generics_lifetimes_const_generics_and_impl_trait() {
        let t = telemetry();
        assert_eq!(sum([1, 2, 3]), 6);
        assert_eq!(sum::<2, f64>([0.5, 0.25]), 0.75);
        assert_eq!(show(1, &"!"), "1!");
        assert_eq!(words("a b c").count(), 3);
        assert_eq!(longest("ab", "c"), "ab");
        let suffix = "?";
        let future = async_show(2, &suffix);
        assert_send(&future);
        assert_eq!(block_on(future), "2?");
        let sums: Vec<_> = t.spans().into_iter().filter(|span| span.name == "generic.sum").collect();
        assert_eq!(attribute(&sums[0], "n"), Some(3_i64.into()));
        assert_eq!(attribute(&sums[1], "n"), Some(2_i64.into()));
        assert_eq!(attribute(&t.span("generic.show"), "value"), Some("1".into()));
        assert_eq!(attribute(&t.span("generic.async_show"), "value"), Some("2".into()));
        t.span("generic.words");
        t.span("generic.longest");
    }

    #[traced(name = "mut.binding", fields(a))]
    fn mut_binding(mut a: u32) -> u32 {
        a += 1;
        a
    }

    #[traced(name = "mut.binding_async", fields(a))]
    async fn mut_binding_async(mut a: u32) -> u32 {
        yield_now().await;
        a += 1;
        a
    }

    #[test]
    fn mut_bindings() {
        let t = telemetry();
        assert_eq!(mut_binding(1), 2);
        assert_eq!(block_on(mut_binding_async(1)), 2);
        assert_eq!(attribute(&t.span("mut.binding"), "a"), Some(1_i64.into()));
        assert_eq!(attribute(&t.span("mut.binding_async"), "a"), Some(1_i64.into()));
    }

    #[allow(clippy::non_minimal_cfg)]
    #[traced(name = "cfg.params")]
    fn cfg_params(#[cfg(any())] gone: u8, #[cfg(all())] kept: u8) -> u8 {
        kept
    }

    #[allow(clippy::non_minimal_cfg)]
    #[traced(name = "cfg.params_async")]
    async fn cfg_params_async(#[cfg(any())] gone: u8, #[cfg(all())] kept: u8) -> u8 {
        yield_now().await;
        kept
    }

    #[test]
    fn cfg_attributes_on_parameters() {
        // async-trait#226 asks this of `#[async_trait]`; a plain fn and an `async fn` must allow it too.
        let t = telemetry();
        assert_eq!(cfg_params(1), 1);
        assert_eq!(block_on(cfg_params_async(2)), 2);
        t.span("cfg.params");
        t.span("cfg.params_async");
    }

    #[traced(name = "coerce.sync")]
    fn coerce_sync(number: bool) -> Box<dyn Display> {
        if number {
            return Box::new(1);
        }
        Box::new("text")
    }

    #[traced(name = "coerce.async")]
    async fn coerce_async(number: bool) -> Box<dyn Display + Send> {
        yield_now().await;
        if number {
            return Box::new(1);
        }
        Box::new("text")
    }

    #[test]
    fn early_returns_coerce_to_the_declared_type() {
        let t = telemetry();
        assert_eq!(coerce_sync(true).to_string(), "1");
        assert_eq!(block_on(coerce_async(false)).to_string(), "text");
        t.span("coerce.sync");
        t.span("coerce.async");
    }

    #[allow(clippy::toplevel_ref_arg)]
    #[traced(name = "ref_binding.sync", fields(x))]
    fn ref_binding(ref x: String) -> usize {
        x.len()
    }

    #[allow(clippy::toplevel_ref_arg)]
    #[traced(name = "ref_binding.async", fields(x))]
    async fn ref_binding_async(ref x: String) -> usize {
        yield_now().await;
        x.len()
    }

    #[test]
    fn ref_bindings() {
        let t = telemetry();
        assert_eq!(ref_binding("ab".into()), 2);
        let future = ref_binding_async("abc".into());
        assert_send(&future);
        assert_eq!(block_on(future), 3);
        assert_eq!(attribute(&t.span("ref_binding.sync"), "x"), Some("ab".into()));
        assert_eq!(attribute(&t.span("ref_binding.async"), "x"), Some("abc".into()));
    }

    trait Shape {
        fn sides(&self) -> u32;

        #[traced(name = "shape.describe", fields(sides = self.sides()))]
        fn describe(&self) -> String {
            format!("{} sides", self.sides())
        }

        #[traced(name = "shape.checked")]
        fn checked(&self) -> Result<u32, String>
        where
            Self: Sized,
        {
            match self.sides() {
                0 => Err("no sides".into()),
                sides => Ok(sides),
            }
        }
    }

    struct Square;

    impl Shape for Square {
        #[traced(name = "shape.sides")]
        fn sides(&self) -> u32 {
            4
        }
    }

    struct Point;

    impl Shape for Point {
        fn sides(&self) -> u32 {
            0
        }
    }

    #[test]
    fn sync_default_methods_of_a_trait() {
        let t = telemetry();
        assert_eq!(Square.describe(), "4 sides");
        assert_eq!(Square.checked(), Ok(4));
        assert!(Point.checked().is_err());
        let describe = t.span("shape.describe");
        assert_eq!(attribute(&describe, "sides"), Some(4_i64.into()));
        let sides: Vec<_> = t.spans().into_iter().filter(|span| span.name == "shape.sides").collect();
        // One call while recording `sides`, before the span started (no parent), one inside the body.
        assert_eq!(sides.len(), 3);
        assert_eq!(sides.iter().filter(|span| is_child_of(span, &describe)).count(), 1);
        let checked: Vec<_> = t.spans().into_iter().filter(|span| span.name == "shape.checked").collect();
        assert_eq!(checked.iter().filter(|span| is_error(span)).count(), 1);
    }

    macro_rules! traced_fn {
        ($name:ident, $value:expr) => {
            #[traced]
            fn $name() -> u32 {
                $value
            }
        };
    }

    traced_fn!(from_macro, 7);

    #[test]
    fn a_function_made_by_a_macro() {
        let t = telemetry();
        assert_eq!(from_macro(), 7);
        t.span("more_shapes.from_macro");
    }

    struct Counter(u32);

    impl Future for Counter {
        type Output = u32;

        #[traced(name = "counter.poll")]
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
            self.0 += 1;
            if self.0 < 3 {
                cx.waker().wake_by_ref();
                Poll::Pending
            } else {
                Poll::Ready(self.0)
            }
        }
    }

    impl Counter {
        #[traced(name = "counter.pinned_async")]
        async fn pinned_async(self: Pin<&mut Self>) -> u32 {
            yield_now().await;
            self.0
        }

        #[traced(name = "counter.boxed")]
        fn boxed(self: Box<Self>) -> u32 {
            self.0
        }
    }

    #[test]
    fn pinned_and_boxed_receivers() {
        let t = telemetry();
        assert_eq!(block_on(Counter(0)), 3);
        assert_eq!(names(&t.spans()), ["counter.poll", "counter.poll", "counter.poll"]);
        let mut counter = Counter(5);
        let future = Pin::new(&mut counter).pinned_async();
        assert_send(&future);
        assert_eq!(block_on(future), 5);
        assert_eq!(Box::new(Counter(9)).boxed(), 9);
        t.span("counter.pinned_async");
        t.span("counter.boxed");
    }

    trait Fetch {
        fn fetch(&self, id: u32) -> impl Future<Output = Result<u32, String>> + Send;
    }

    struct Store;

    impl Fetch for Store {
        #[traced(name = "store.fetch", fields(id))]
        fn fetch(&self, id: u32) -> impl Future<Output = Result<u32, String>> + Send {
            async move {
                async_leaf().await;
                if id == 0 {
                    Err("missing".to_owned())
                } else {
                    Ok(id)
                }
            }
        }
    }

    #[test]
    fn return_position_impl_trait_in_trait() {
        let t = telemetry();
        let future = Store.fetch(0);
        assert_send(&future);
        assert!(poll_to_end(&t, "store.fetch", future).0.is_err());
        let span = t.span("store.fetch");
        assert!(is_error(&span));
        assert!(is_child_of(&t.span("peer.async_leaf"), &span));
    }

    #[traced(name = "borrowing.future")]
    fn borrowing_future<'a, T: Display + Sync>(value: &'a T) -> impl Future<Output = String> + Send + 'a {
        let prefix = String::from("<");
        async move {
            yield_now().await;
            format!("{prefix}{value}>")
        }
    }

    #[test]
    fn a_returned_future_that_borrows_an_argument() {
        let t = telemetry();
        let value = 3;
        let future = borrowing_future(&value);
        assert_send(&future);
        assert_eq!(poll_to_end(&t, "borrowing.future", future).0, "<3>");
    }

    #[traced(name = "generic_err.display")]
    fn generic_display<E: Display>(error: E) -> Result<(), E> {
        Err(error)
    }

    #[traced(name = "generic_err.debug")]
    fn generic_debug<E: std::fmt::Debug>(error: E) -> Result<(), E> {
        Err(error)
    }

    #[traced(name = "generic_err.opaque")]
    async fn generic_opaque<E: Send>(error: E) -> Result<(), E> {
        yield_now().await;
        Err(error)
    }

    #[test]
    fn errors_of_a_generic_type() {
        let t = telemetry();
        assert!(generic_display("shown").is_err());
        assert!(generic_debug(7).is_err());
        assert!(block_on(generic_opaque(())).is_err());
        for name in ["generic_err.display", "generic_err.debug", "generic_err.opaque"] {
            let span = t.span(name);
            assert!(is_error(&span), "{name}");
            assert_eq!(event_names(&span), ["exception"], "{name}");
        }
        assert_eq!(status_description(&t.span("generic_err.display")), "shown");
        assert_eq!(status_description(&t.span("generic_err.debug")), "7");
    }

    #[traced(name = "send.cell", fields(cell = ?cell))]
    async fn cell_argument(cell: std::cell::Cell<u8>, other: &mut std::cell::RefCell<u8>) -> u8 {
        yield_now().await;
        cell.get() + *other.get_mut()
    }

    #[test]
    fn send_but_not_sync_arguments_keep_the_future_send() {
        let t = telemetry();
        let mut other = std::cell::RefCell::new(2);
        let future = cell_argument(std::cell::Cell::new(1), &mut other);
        assert_send(&future);
        assert_eq!(poll_to_end(&t, "send.cell", future).0, 3);
        assert_eq!(attribute(&t.span("send.cell"), "cell"), Some("Cell { value: 1 }".into()));
    }
}
