//! The trait and impl shapes of `dtolnay/async-trait`'s own suite (`tests/test.rs`), translated to `#[traced]`:
//! every `#[async_trait]` method form there, with `#[traced]` on the impl methods (and on the trait's default
//! methods where upstream only has a default), checked against the in-memory exporter: the span is named after
//! the method, covers the whole future (spans inside nest under it, it ends when the future completes), records
//! an `Err`, and the future stays `Send`.
//!
//! Not translated: the nightly-only cases (`issue25` specialization, `issue152` `impl Trait` in an associated
//! type, `issue266` `-> !` as a future's output), and the methodless `unsafe trait`s (no function to trace).

#![deny(rust_2021_compatibility, unused_qualifications)]
#![allow(
    clippy::let_unit_value,
    clippy::non_minimal_cfg,
    clippy::toplevel_ref_arg,
    clippy::useless_format,
    clippy::needless_return,
    clippy::needless_lifetimes,
    clippy::trivially_copy_pass_by_ref,
    clippy::unused_async
)]

mod common;

// Upstream's check that the expansion names `::core`, never a local `core`.
mod core {}

use std::future::Future;

use async_trait::async_trait;
use common::*;
use traced::traced;

fn assert_send<T: Send>(_: &T) {}

/// [`poll_to_end`] for a future that must be `Send`.
fn poll_send<F: Future + Send>(t: &Telemetry, name: &str, future: F) -> F::Output {
    poll_to_end(t, name, future)
}

#[traced(name = "peer.leaf")]
fn leaf() {}

#[traced(name = "peer.async_leaf")]
async fn async_leaf() {
    yield_now().await;
}

fn span_count(t: &Telemetry, name: &str) -> usize {
    t.spans().iter().filter(|span| span.name == name).count()
}

// ---------------------------------------------------------------------------------------------------------------
// The main `Trait`: receivers, `Self::Assoc`, lifetimes, generics, calls through `Self` and `<Self>`
// ---------------------------------------------------------------------------------------------------------------
mod main_trait {
    use super::*;

    #[async_trait]
    pub trait Trait {
        type Assoc;

        #[traced(name = "default.selfvalue")]
        async fn selfvalue(self)
        where
            Self: Sized,
        {
            async_leaf().await;
        }

        #[traced(name = "default.selfref")]
        async fn selfref(&self) {}

        #[traced(name = "default.selfmut")]
        async fn selfmut(&mut self) {}

        async fn required() -> Self::Assoc;

        #[traced(name = "default.elided_lifetime")]
        async fn elided_lifetime(_x: &str) {}

        #[traced(name = "default.explicit_lifetime")]
        async fn explicit_lifetime<'a>(_x: &'a str) {}

        #[traced(name = "default.generic_type_param")]
        async fn generic_type_param<T: Send>(x: Box<T>) -> T {
            *x
        }

        #[traced(name = "default.calls")]
        async fn calls(&self) {
            self.selfref().await;
            Self::elided_lifetime("").await;
            <Self>::elided_lifetime("").await;
        }

        #[traced(name = "default.calls_mut")]
        async fn calls_mut(&mut self) {
            self.selfmut().await;
        }
    }

    pub struct Struct;

    #[async_trait]
    impl Trait for Struct {
        type Assoc = u8;

        #[traced]
        async fn selfvalue(self) {
            async_leaf().await;
        }

        #[traced]
        async fn selfref(&self) {
            leaf();
        }

        #[traced]
        async fn selfmut(&mut self) {
            yield_now().await;
        }

        #[traced]
        async fn required() -> Self::Assoc {
            7
        }

        #[traced(fields(x = _x))]
        async fn elided_lifetime(_x: &str) {}

        #[traced(fields(x = _x))]
        async fn explicit_lifetime<'a>(_x: &'a str) {}

        #[traced]
        async fn generic_type_param<T: Send>(x: Box<T>) -> T {
            yield_now().await;
            *x
        }

        #[traced]
        async fn calls(&self) {
            self.selfref().await;
            Self::elided_lifetime("").await;
            <Self>::elided_lifetime("").await;
        }

        #[traced]
        async fn calls_mut(&mut self) {
            self.selfmut().await;
        }
    }

    /// Takes every default method.
    pub struct Defaults;

    #[async_trait]
    impl Trait for Defaults {
        type Assoc = ();

        #[traced(name = "defaults.required")]
        async fn required() -> Self::Assoc {}
    }

    #[test]
    fn every_receiver_and_signature() {
        let t = telemetry();
        let mut s = Struct;
        poll_send(&t, "main_trait.selfref", s.selfref());
        poll_send(&t, "main_trait.selfmut", s.selfmut());
        poll_send(&t, "main_trait.selfvalue", s.selfvalue());
        assert_eq!(poll_send(&t, "main_trait.required", Struct::required()), 7);
        poll_send(&t, "main_trait.elided_lifetime", Struct::elided_lifetime("e"));
        poll_send(&t, "main_trait.explicit_lifetime", Struct::explicit_lifetime("x"));
        assert_eq!(poll_send(&t, "main_trait.generic_type_param", Struct::generic_type_param(Box::new(""))), "");
        assert!(is_child_of(&t.span("peer.leaf"), &t.span("main_trait.selfref")));
        assert!(is_child_of(&t.span("peer.async_leaf"), &t.span("main_trait.selfvalue")));
        assert_eq!(attribute(&t.span("main_trait.elided_lifetime"), "x"), Some("e".into()));
        assert_eq!(attribute(&t.span("main_trait.explicit_lifetime"), "x"), Some("x".into()));
        for span in t.spans().iter().filter(|span| span.name != "peer.leaf" && span.name != "peer.async_leaf") {
            assert!(is_root(span), "{}", span.name);
        }
    }

    #[test]
    fn calls_through_self_nest() {
        let t = telemetry();
        let mut s = Struct;
        poll_to_end(&t, "main_trait.calls", s.calls());
        poll_to_end(&t, "main_trait.calls_mut", s.calls_mut());
        let calls = t.span("main_trait.calls");
        let children: Vec<_> = t.spans().into_iter().filter(|span| is_child_of(span, &calls)).collect();
        assert_eq!(
            names(&children),
            ["main_trait.selfref", "main_trait.elided_lifetime", "main_trait.elided_lifetime"]
        );
        assert!(is_child_of(&t.span("main_trait.selfmut"), &t.span("main_trait.calls_mut")));
    }

    #[test]
    fn default_methods_are_traced() {
        let t = telemetry();
        let mut d = Defaults;
        poll_send(&t, "default.calls", d.calls());
        poll_to_end(&t, "default.calls_mut", d.calls_mut());
        poll_to_end(&t, "default.explicit_lifetime", Defaults::explicit_lifetime(""));
        assert_eq!(poll_to_end(&t, "default.generic_type_param", Defaults::generic_type_param(Box::new(3))), 3);
        poll_to_end(&t, "defaults.required", Defaults::required());
        poll_to_end(&t, "default.selfvalue", d.selfvalue());
        let calls = t.span("default.calls");
        assert!(is_child_of(&t.span("default.selfref"), &calls));
        assert_eq!(span_count(&t, "default.elided_lifetime"), 2);
        assert!(t.spans().iter().filter(|span| span.name == "default.elided_lifetime").all(|s| is_child_of(s, &calls)));
        assert!(is_child_of(&t.span("default.selfmut"), &t.span("default.calls_mut")));
        assert!(is_child_of(&t.span("peer.async_leaf"), &t.span("default.selfvalue")));
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Dyn-compatible traits: without a default, with one (and a `Sync` supertrait), `?Send`
// ---------------------------------------------------------------------------------------------------------------
mod dyn_compatible {
    use super::*;

    pub struct Struct;

    #[async_trait]
    trait WithoutDefault {
        async fn f(&self) -> Result<u8, String>;
    }

    #[async_trait]
    impl WithoutDefault for Struct {
        #[traced(name = "dyn.without_default")]
        async fn f(&self) -> Result<u8, String> {
            async_leaf().await;
            Err("no".into())
        }
    }

    #[async_trait]
    trait WithDefault: Sync {
        #[traced(name = "dyn.default")]
        async fn f(&self) {
            async_leaf().await;
        }
    }

    #[async_trait]
    impl WithDefault for Struct {
        #[traced(name = "dyn.with_default")]
        async fn f(&self) {
            async_leaf().await;
        }
    }

    pub struct Other;
    #[async_trait]
    impl WithDefault for Other {}

    #[async_trait(?Send)]
    trait NoSend: Sync {
        #[traced(name = "dyn.no_send_default")]
        async fn f(&self) {
            async_leaf().await;
        }
    }

    #[async_trait(?Send)]
    impl NoSend for Struct {
        #[traced(name = "dyn.no_send")]
        async fn f(&self) {
            let local = std::rc::Rc::new(1);
            async_leaf().await;
            let _ = local;
        }
    }

    #[async_trait(?Send)]
    impl NoSend for Other {}

    #[test]
    fn through_trait_objects() {
        let t = telemetry();
        let object = &Struct as &dyn WithoutDefault;
        assert_eq!(poll_send(&t, "dyn.without_default", object.f()), Err("no".to_owned()));
        let span = t.span("dyn.without_default");
        assert!(is_error(&span));
        assert_eq!(event_names(&span), ["exception"]);
        assert!(is_child_of(&t.span("peer.async_leaf"), &span));
        t.exporter.reset();

        for object in [&Struct as &dyn WithDefault, &Other] {
            let future = object.f();
            assert_send(&future);
            block_on(future);
        }
        for object in [&Struct as &dyn NoSend, &Other] {
            block_on(object.f());
        }
        let spans = t.spans();
        assert_eq!(
            names(&spans),
            [
                "peer.async_leaf",
                "dyn.with_default",
                "peer.async_leaf",
                "dyn.default",
                "peer.async_leaf",
                "dyn.no_send",
                "peer.async_leaf",
                "dyn.no_send_default"
            ]
        );
        for pair in spans.chunks(2) {
            assert!(is_child_of(&pair[0], &pair[1]), "{} under {}", pair[0].name, pair[1].name);
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// `unsafe trait` with a method (upstream's `UnsafeTrait` has none)
// ---------------------------------------------------------------------------------------------------------------
mod unsafe_trait {
    use super::*;

    /// # Safety
    /// Nothing to uphold: this only checks that the shape compiles.
    #[async_trait]
    pub unsafe trait UnsafeTrait {
        async fn f(&self) -> u8;
    }

    #[async_trait]
    unsafe impl UnsafeTrait for () {
        #[traced(name = "unsafe_trait.f")]
        async fn f(&self) -> u8 {
            1
        }
    }

    #[test]
    fn unsafe_impl() {
        let t = telemetry();
        assert_eq!(block_on(().f()), 1);
        t.span("unsafe_trait.f");
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Destructured parameters (`can_destruct`, issue232, issue234)
// ---------------------------------------------------------------------------------------------------------------
mod destructuring {
    use super::*;

    pub struct Struct;

    #[async_trait]
    trait CanDestruct {
        async fn f(&self, foos: (u8, u8, u8, u8)) -> u8;
    }

    #[async_trait]
    impl CanDestruct for Struct {
        // `fields(a = a, d = d)` does not compile here: see `fields_of_destructured_bindings` below.
        #[traced(fields(whole = "destructured"))]
        async fn f(&self, (a, ref mut b, ref c, d): (u8, u8, u8, u8)) -> u8 {
            let _a: u8 = a;
            let _b: &mut u8 = b;
            *_b += 1;
            let _c: &u8 = c;
            let _d: u8 = d;
            a + *b + *c + d
        }
    }

    #[test]
    fn can_destruct() {
        let t = telemetry();
        assert_eq!(poll_send(&t, "destructuring.f", Struct.f((1, 2, 3, 4))), 11);
        assert_eq!(t.span("destructuring.f").attributes, [kv("whole", "destructured")]);
    }

    #[async_trait]
    trait Bindings {
        async fn by_mut(&self, x: u8) -> u8;
        async fn by_ref(&self, x: String) -> usize;
    }

    #[async_trait]
    impl Bindings for Struct {
        #[traced(name = "bindings.mut", fields(x))]
        async fn by_mut(&self, mut x: u8) -> u8 {
            yield_now().await;
            x += 1;
            x
        }

        #[traced(name = "bindings.ref", fields(x))]
        async fn by_ref(&self, ref x: String) -> usize {
            yield_now().await;
            x.len()
        }
    }

    #[test]
    fn mut_and_ref_bindings_can_be_fields() {
        let t = telemetry();
        assert_eq!(poll_send(&t, "bindings.mut", Struct.by_mut(1)), 2);
        assert_eq!(poll_send(&t, "bindings.ref", Struct.by_ref("abc".into())), 3);
        assert_eq!(t.span("bindings.mut").attributes, [kv("x", 1_i64)]);
        assert_eq!(t.span("bindings.ref").attributes, [kv("x", "abc")]);
    }

    #[async_trait]
    trait Destructure {
        async fn parts(&self, parts: (u8, String, String, u32)) -> usize;
    }

    #[async_trait]
    impl Destructure for Struct {
        #[traced(name = "destructure.parts", fields(a = a, d = d, len = c.len()), redact(b))]
        async fn parts(&self, (a, ref mut b, ref c, mut d): (u8, String, String, u32)) -> usize {
            yield_now().await;
            b.push('!');
            d += 1;
            usize::from(a) + b.len() + c.len() + d as usize
        }
    }

    /// `#[async_trait]` moves the destructuring into the future; the fields still read the bindings, when the
    /// span starts.
    #[test]
    fn fields_of_destructured_bindings() {
        let t = telemetry();
        assert_eq!(poll_send(&t, "destructure.parts", Struct.parts((1, "ab".into(), "xyz".into(), 4))), 1 + 3 + 3 + 5);
        let span = t.span("destructure.parts");
        assert_eq!(span.attributes, [kv("a", 1_i64), kv("d", 4_i64), kv("len", 3_i64), kv("b", "[REDACTED]")]);
    }

    #[async_trait]
    pub trait Generic<T> {
        async fn take_ref(&self, thing: &T) -> usize;
    }

    pub struct One;
    pub struct Two;
    pub struct Three;

    #[async_trait]
    impl<T: Sync> Generic<T> for One {
        #[traced(name = "generic.one")]
        async fn take_ref(&self, _: &T) -> usize {
            1
        }
    }

    #[async_trait]
    impl<T: Sync> Generic<(T, T)> for Two {
        #[traced(name = "generic.two")]
        async fn take_ref(&self, (a, b): &(T, T)) -> usize {
            let _ = a;
            let _ = b;
            2
        }
    }

    #[async_trait]
    impl<T: Sync> Generic<(T, T, T)> for Three {
        #[traced(name = "generic.three")]
        async fn take_ref(&self, (_a, _b, _c): &(T, T, T)) -> usize {
            3
        }
    }

    #[test]
    fn issue232_generic_trait_with_patterns() {
        let t = telemetry();
        assert_eq!(block_on(One.take_ref(&'x')), 1);
        assert_eq!(block_on(Two.take_ref(&(1, 2))), 2);
        assert_eq!(block_on(Three.take_ref(&("a", "b", "c"))), 3);
        assert_eq!(names(&t.spans()), ["generic.one", "generic.two", "generic.three"]);
    }

    pub struct Droppable(pub std::sync::Arc<std::sync::atomic::AtomicUsize>);

    impl Drop for Droppable {
        fn drop(&mut self) {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    }

    pub struct Tuple<T, U>(pub T, pub U);

    #[async_trait]
    pub trait Issue234 {
        async fn f(arg: Tuple<Droppable, i32>) -> i32;
    }

    pub struct UnderscorePattern;
    pub struct DotDotPattern;

    #[async_trait]
    impl Issue234 for UnderscorePattern {
        #[traced(name = "issue234.underscore")]
        async fn f(Tuple(_, _int): Tuple<Droppable, i32>) -> i32 {
            yield_now().await;
            _int
        }
    }

    #[async_trait]
    impl Issue234 for DotDotPattern {
        #[traced(name = "issue234.dot_dot")]
        async fn f(Tuple { 1: _int, .. }: Tuple<Droppable, i32>) -> i32 {
            yield_now().await;
            _int
        }
    }

    #[test]
    fn issue234_ignored_parts_still_drop() {
        let t = telemetry();
        let drops = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let future = UnderscorePattern::f(Tuple(Droppable(drops.clone()), 4));
        assert_send(&future);
        assert_eq!(poll_to_end(&t, "issue234.underscore", future), 4);
        assert_eq!(poll_to_end(&t, "issue234.dot_dot", DotDotPattern::f(Tuple(Droppable(drops.clone()), 5))), 5);
        assert_eq!(drops.load(std::sync::atomic::Ordering::SeqCst), 2);
        t.span("issue234.underscore");
        t.span("issue234.dot_dot");
    }
}

// ---------------------------------------------------------------------------------------------------------------
// `self` inside macros, and the receivers `self`, `mut self`, `self: Arc<Self>`, `self: &Self`, `mut self: &Self`
// ---------------------------------------------------------------------------------------------------------------
mod receivers {
    use std::sync::Arc;

    use super::*;

    #[async_trait]
    trait SelfInMacro {
        async fn a(self) -> String;
        async fn b(&mut self) -> String;
        async fn c(&self) -> String;
    }

    #[async_trait]
    impl SelfInMacro for String {
        #[traced(name = "macro.a", fields(len = self.len()))]
        async fn a(self) -> String {
            format!("{}", self)
        }
        #[traced(name = "macro.b")]
        async fn b(&mut self) -> String {
            self.push('!');
            format!("{}", self)
        }
        #[traced(name = "macro.c")]
        async fn c(&self) -> String {
            format!("{}", self)
        }
    }

    #[test]
    fn self_in_macro() {
        let t = telemetry();
        let mut text = String::from("hi");
        assert_eq!(block_on(text.c()), "hi");
        assert_eq!(block_on(text.b()), "hi!");
        assert_eq!(poll_send(&t, "macro.a", text.a()), "hi!");
        assert_eq!(attribute(&t.span("macro.a"), "len"), Some(3_i64.into()));
        t.span("macro.b");
        t.span("macro.c");
    }

    #[async_trait]
    pub trait Issue11 {
        async fn example(self: Arc<Self>) -> usize;
    }

    pub struct Struct;

    #[async_trait]
    impl Issue11 for Struct {
        #[traced(name = "issue11.example", fields(count = Arc::strong_count(&self)))]
        async fn example(self: Arc<Self>) -> usize {
            yield_now().await;
            Arc::strong_count(&self)
        }
    }

    #[async_trait]
    pub trait Issue210 {
        #[traced(name = "issue210.f")]
        async fn f(self: Arc<Self>) {
            async_leaf().await;
        }
    }

    impl Issue210 for Struct {}

    #[test]
    fn arc_self() {
        let t = telemetry();
        let shared = Arc::new(Struct);
        let future = shared.clone().example();
        assert_send(&future);
        assert_eq!(poll_to_end(&t, "issue11.example", future), 2);
        assert_eq!(attribute(&t.span("issue11.example"), "count"), Some(2_i64.into()));
        block_on(shared.f());
        assert!(is_child_of(&t.span("peer.async_leaf"), &t.span("issue210.f")));
    }

    #[async_trait]
    pub trait Issue23 {
        async fn f(self) -> u32;

        #[traced(name = "issue23.g")]
        async fn g(mut self) -> u32
        where
            Self: Sized,
        {
            do_something(&mut self);
            5
        }
    }

    pub struct S;

    #[async_trait]
    impl Issue23 for S {
        #[traced(name = "issue23.f")]
        async fn f(mut self) -> u32 {
            do_something(&mut self);
            4
        }
    }

    fn do_something<T>(_: &mut T) {}

    #[async_trait]
    pub trait Issue83 {
        #[traced(name = "issue83.f")]
        async fn f(&self) {}
        #[traced(name = "issue83.g")]
        #[allow(clippy::needless_arbitrary_self_type)]
        async fn g(self: &Self) {}
    }

    impl Issue83 for S {}

    #[async_trait]
    pub trait Issue277 {
        async fn f(&self);
    }

    fn g(_: &mut &()) {}

    #[async_trait]
    impl Issue277 for () {
        #[traced(name = "issue277.f")]
        async fn f(mut self: &Self) {
            g(&mut self);
        }
    }

    #[async_trait]
    pub trait Issue300 {
        async fn f(&mut self) -> ();
    }

    pub struct Thing(u8);

    #[async_trait]
    impl Issue300 for Thing {
        #[traced(name = "issue300.f")]
        async fn f(&mut self) -> () {
            let _ = &mut self;
            self.0 += 1;
        }
    }

    #[test]
    fn mut_self_and_explicit_self_types() {
        let t = telemetry();
        assert_eq!(block_on(Issue23::f(S)), 4);
        assert_eq!(block_on(Issue23::g(S)), 5);
        block_on(Issue83::f(&S));
        block_on(Issue83::g(&S));
        block_on(Issue277::f(&()));
        let mut thing = Thing(0);
        poll_send(&t, "issue300.f", Issue300::f(&mut thing));
        assert_eq!(thing.0, 1);
        for name in ["issue23.f", "issue23.g", "issue83.f", "issue83.g", "issue277.f", "issue300.f"] {
            assert!(is_root(&t.span(name)), "{name}");
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Defaults with bodies: `test_inference`, `test_internal_items`, `test_unimplemented`, issue2, issue9, issue15,
// issue44, issue73, issue123, issue149, issue158, issue169, issue236
// ---------------------------------------------------------------------------------------------------------------
mod default_bodies {
    use std::future::{self as future, Ready};
    use std::marker::PhantomData;

    use super::*;

    #[async_trait]
    pub trait Inference {
        #[traced(name = "inference.f")]
        async fn f() -> Box<dyn Iterator<Item = ()>> {
            Box::new(std::iter::empty())
        }
    }

    impl Inference for () {}

    #[async_trait]
    #[allow(dead_code, clippy::items_after_statements)]
    pub trait InternalItems: Sized {
        #[traced(name = "internal_items.f")]
        async fn f(self) -> u8 {
            struct Struct;

            impl Struct {
                fn f(self) -> u8 {
                    let _ = self;
                    9
                }
            }
            Struct.f()
        }
    }

    impl InternalItems for u8 {}

    #[async_trait]
    pub trait Unimplemented {
        #[traced(name = "unimplemented.f")]
        async fn f() {
            unimplemented!()
        }
    }

    impl Unimplemented for () {}

    #[test]
    fn defaults_with_bodies() {
        let t = telemetry();
        assert_eq!(block_on(<() as Inference>::f()).count(), 0);
        assert_eq!(block_on(InternalItems::f(1_u8)), 9);
        let panicked = std::panic::catch_unwind(|| block_on(<() as Unimplemented>::f()));
        assert!(panicked.is_err());
        let span = t.span("unimplemented.f");
        assert!(is_error(&span));
        assert_eq!(status_description(&span), "not implemented");
        t.span("inference.f");
        t.span("internal_items.f");
    }

    #[async_trait]
    pub trait Issue2: Future {
        #[traced(name = "issue2.flatten")]
        async fn flatten(self) -> <Self::Output as Future>::Output
        where
            Self::Output: Future + Send,
            Self: Sized,
        {
            let nested_future = self.await;
            nested_future.await
        }
    }

    impl<T: Send> Issue2 for Ready<Ready<T>> {}

    #[async_trait]
    pub trait Issue9: Sized + Send {
        #[traced(name = "issue9.f")]
        async fn f(_x: Self) {}
    }

    impl Issue9 for u8 {}

    pub trait Marker {}

    #[async_trait]
    pub trait Issue15 {
        #[traced(name = "issue15.myfn")]
        async fn myfn(&self, _: PhantomData<dyn Marker + Send>) {}
    }

    impl Issue15 for () {}

    #[async_trait]
    pub trait Issue44
    where
        Box<Self>: Sized,
        Self: Sized + Send,
    {
        #[traced(name = "issue44.get_one")]
        async fn get_one() -> u8 {
            1
        }
    }

    impl Issue44 for () {}

    #[async_trait]
    pub trait Issue73 {
        const ASSOCIATED: &'static str;

        #[traced(name = "issue73.associated")]
        async fn associated(&self) -> String {
            format!("Associated:{}", Self::ASSOCIATED)
        }
    }

    impl Issue73 for () {
        const ASSOCIATED: &'static str = "x";
    }

    #[async_trait]
    pub trait Issue123<T = ()> {
        #[traced(name = "issue123.f")]
        async fn f(&self) -> &str
        where
            T: 'async_trait,
        {
            "default"
        }
    }

    impl<T> Issue123<T> for () {}

    pub struct Thing;
    pub trait Ret {
        fn id(&self) -> u8 {
            149
        }
    }
    impl Ret for Thing {}

    #[traced(name = "issue149.ok")]
    pub async fn ok() -> &'static dyn Ret {
        return &Thing;
    }

    #[async_trait]
    pub trait Issue149 {
        #[traced(name = "issue149.fail")]
        async fn fail() -> &'static dyn Ret {
            return &Thing;
        }
    }

    impl Issue149 for () {}

    fn f() -> u8 {
        158
    }

    #[async_trait]
    #[allow(unused_qualifications)]
    pub trait Issue158 {
        #[traced(name = "issue158.f")]
        async fn f(&self) -> u8 {
            self::f()
        }
    }

    impl Issue158 for () {}

    #[async_trait]
    #[allow(unused_qualifications)]
    pub trait Issue169: ::core::marker::Sync {
        #[traced(name = "issue169.f")]
        async fn f(&self) {}
    }

    impl Issue169 for () {}

    pub fn takes_dyn_169(_t: &dyn Issue169) {}

    #[deny(clippy::async_yields_async)]
    #[async_trait]
    pub trait Issue236 {
        #[traced(name = "issue236.f")]
        async fn f() -> Ready<()> {
            future::ready(())
        }
    }

    impl Issue236 for () {}

    #[test]
    fn defaults_with_where_clauses_and_associated_items() {
        let t = telemetry();
        let nested = future::ready(future::ready(5_u8));
        assert_eq!(poll_send(&t, "issue2.flatten", nested.flatten()), 5);
        block_on(Issue9::f(1_u8));
        block_on(().myfn(PhantomData));
        assert_eq!(block_on(<() as Issue44>::get_one()), 1);
        assert_eq!(block_on(().associated()), "Associated:x");
        assert_eq!(block_on(Issue123::<u8>::f(&())), "default");
        assert_eq!(block_on(ok()).id(), 149);
        assert_eq!(block_on(<() as Issue149>::fail()).id(), 149);
        assert_eq!(block_on(Issue158::f(&())), 158);
        takes_dyn_169(&());
        block_on(Issue169::f(&()));
        block_on(block_on(<() as Issue236>::f()));
        for name in [
            "issue2.flatten",
            "issue9.f",
            "issue15.myfn",
            "issue44.get_one",
            "issue73.associated",
            "issue123.f",
            "issue149.ok",
            "issue149.fail",
            "issue158.f",
            "issue169.f",
            "issue236.f",
        ] {
            let span = t.span(name);
            assert!(is_root(&span) && !is_error(&span), "{name}");
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Generic impls and lifetimes: issue1, issue28, issue31, issue42, issue57, issue106, issue110, issue134, issue238,
// issue283
// ---------------------------------------------------------------------------------------------------------------
mod generics_and_lifetimes {
    use super::*;

    #[async_trait]
    pub trait Issue1 {
        async fn f<U>(&self) -> usize;
    }

    #[async_trait]
    impl<T: Sync> Issue1 for Vec<T> {
        #[traced(name = "issue1.f", fields(len = self.len()))]
        async fn f<U>(&self) -> usize {
            yield_now().await;
            size_of::<U>()
        }
    }

    pub struct Str<'a>(pub &'a str);

    #[async_trait]
    pub trait Trait1<'a> {
        async fn f(x: Str<'a>) -> &'a str;
        #[traced(name = "issue28.g")]
        async fn g(x: Str<'a>) -> &'a str {
            x.0
        }
    }

    #[async_trait]
    impl<'a> Trait1<'a> for str {
        #[traced(name = "issue28.f", fields(x = x.0))]
        async fn f(x: Str<'a>) -> &'a str {
            x.0
        }
    }

    #[async_trait]
    pub trait Trait2 {
        async fn f();
    }

    #[async_trait]
    impl<'a> Trait2 for &'a () {
        #[traced(name = "issue28.trait2")]
        async fn f() {}
    }

    #[async_trait]
    pub trait Trait3<'a, 'b> {
        async fn f(_: &'a &'b ());
        async fn g(_: &'b ());
        async fn h();
    }

    #[async_trait]
    impl<'a, 'b> Trait3<'a, 'b> for () {
        #[traced(name = "issue28.trait3_f")]
        async fn f(_: &'a &'b ()) {}
        #[traced(name = "issue28.trait3_g")]
        async fn g(_: &'b ()) {}
        #[traced(name = "issue28.trait3_h")]
        async fn h() {}
    }

    #[test]
    fn issue1_and_issue28() {
        let t = telemetry();
        let values = vec![1_u8, 2];
        let future = values.f::<u64>();
        assert_send(&future);
        assert_eq!(poll_to_end(&t, "issue1.f", future), 8);
        assert_eq!(attribute(&t.span("issue1.f"), "len"), Some(2_i64.into()));
        let text = String::from("borrowed");
        assert_eq!(block_on(<str as Trait1>::f(Str(&text))), "borrowed");
        assert_eq!(block_on(<str as Trait1>::g(Str(&text))), "borrowed");
        assert_eq!(attribute(&t.span("issue28.f"), "x"), Some("borrowed".into()));
        block_on(<&() as Trait2>::f());
        block_on(<() as Trait3>::f(&&()));
        block_on(<() as Trait3>::g(&()));
        block_on(<() as Trait3>::h());
        for name in ["issue28.g", "issue28.trait2", "issue28.trait3_f", "issue28.trait3_g", "issue28.trait3_h"] {
            t.span(name);
        }
    }

    pub struct Named<'a> {
        pub name: &'a str,
    }

    #[async_trait]
    pub trait Issue31<'a> {
        async fn hello(thing: Named<'a>) -> String;
        #[traced(name = "issue31.hello_twice")]
        async fn hello_twice(one: Named<'a>, two: Named<'a>) -> String {
            let str1 = Self::hello(one).await;
            let str2 = Self::hello(two).await;
            str1 + &str2
        }
    }

    pub struct Greeter;

    #[async_trait]
    impl<'a> Issue31<'a> for Greeter {
        #[traced(name = "issue31.hello", fields(name = thing.name))]
        async fn hello(thing: Named<'a>) -> String {
            yield_now().await;
            format!("hello {};", thing.name)
        }
    }

    #[test]
    fn issue31_default_calls_self() {
        let t = telemetry();
        let future = Greeter::hello_twice(Named { name: "a" }, Named { name: "b" });
        assert_send(&future);
        assert_eq!(poll_to_end(&t, "issue31.hello_twice", future), "hello a;hello b;");
        let twice = t.span("issue31.hello_twice");
        let hellos: Vec<_> = t.spans().into_iter().filter(|span| span.name == "issue31.hello").collect();
        assert_eq!(hellos.len(), 2);
        assert!(hellos.iter().all(|span| is_child_of(span, &twice)));
        assert_eq!(attribute(&hellos[1], "name"), Some("b".into()));
    }

    #[async_trait]
    pub trait Issue42: Sized {
        async fn from_parts() -> Self;
    }

    #[derive(Debug, PartialEq)]
    pub struct TokenContext;

    #[async_trait]
    impl Issue42 for TokenContext {
        #[traced(name = "issue42.from_parts")]
        async fn from_parts() -> TokenContext {
            TokenContext
        }
    }

    #[async_trait]
    trait Issue57 {
        async fn const_generic<T: Send, const C: usize>(_: [T; C]) -> usize;
    }

    pub struct Struct;

    #[async_trait]
    impl Issue57 for Struct {
        #[traced(name = "issue57.const_generic", fields(c = C))]
        async fn const_generic<T: Send, const C: usize>(_: [T; C]) -> usize {
            C
        }
    }

    #[async_trait]
    pub trait Issue134 {
        #[traced(name = "issue134.default")]
        async fn run<const DUMMY: bool>(self) -> bool
        where
            Self: Sized,
        {
            DUMMY
        }
    }

    pub struct TestStruct;

    #[async_trait]
    impl Issue134 for TestStruct {
        #[traced(name = "issue134.run", fields(dummy = DUMMY))]
        async fn run<const DUMMY: bool>(self) -> bool
        where
            Self: Sized,
        {
            DUMMY
        }
    }

    impl Issue134 for () {}

    #[test]
    fn self_returning_and_const_generics() {
        let t = telemetry();
        assert_eq!(block_on(TokenContext::from_parts()), TokenContext);
        assert_eq!(block_on(Struct::const_generic([0; 10])), 10);
        assert_eq!(attribute(&t.span("issue57.const_generic"), "c"), Some(10_i64.into()));
        assert!(block_on(TestStruct.run::<true>()));
        assert!(!block_on(().run::<false>()));
        assert_eq!(attribute(&t.span("issue134.run"), "dummy"), Some(true.into()));
        t.span("issue42.from_parts");
        t.span("issue134.default");
    }

    #[async_trait]
    pub trait ProcessPool: Send + Sync {
        type ThreadPool;

        async fn spawn<F, Fut, T>(&self, work: F) -> T
        where
            F: FnOnce(&Self::ThreadPool) -> Fut + Send,
            Fut: Future<Output = T> + 'static;
    }

    #[async_trait]
    impl<P> ProcessPool for &P
    where
        P: ?Sized + ProcessPool,
    {
        type ThreadPool = P::ThreadPool;

        #[traced(name = "issue106.by_ref")]
        async fn spawn<F, Fut, T>(&self, work: F) -> T
        where
            F: FnOnce(&Self::ThreadPool) -> Fut + Send,
            Fut: Future<Output = T> + 'static,
        {
            (**self).spawn(work).await
        }
    }

    pub struct Pool(u32);

    #[async_trait]
    impl ProcessPool for Pool {
        type ThreadPool = u32;

        #[traced(name = "issue106.pool", fields(threads = self.0))]
        async fn spawn<F, Fut, T>(&self, work: F) -> T
        where
            F: FnOnce(&Self::ThreadPool) -> Fut + Send,
            Fut: Future<Output = T> + 'static,
        {
            // `Fut` is not `Send`: it is driven without holding it across an `.await` of this future.
            block_on(work(&self.0))
        }
    }

    #[test]
    fn issue106_generic_where_clauses_and_blanket_impl_for_refs() {
        let t = telemetry();
        let pool = Pool(4);
        let by_ref = &pool;
        let future = <&Pool as ProcessPool>::spawn(&by_ref, |threads: &u32| {
            let threads = *threads;
            async move { threads * 2 }
        });
        assert_send(&future);
        assert_eq!(poll_to_end(&t, "issue106.by_ref", future), 8);
        assert!(is_child_of(&t.span("issue106.pool"), &t.span("issue106.by_ref")));
        assert_eq!(attribute(&t.span("issue106.pool"), "threads"), Some(4_i64.into()));
    }

    #[async_trait]
    pub trait Loader {
        async fn load(&self, key: &str) -> usize;
    }

    pub struct AwsEc2MetadataLoader<'a> {
        marker: std::marker::PhantomData<&'a ()>,
    }

    #[async_trait]
    impl Loader for AwsEc2MetadataLoader<'_> {
        #[traced(name = "issue110.load", fields(key = _key))]
        async fn load(&self, _key: &str) -> usize {
            let _ = self.marker;
            _key.len()
        }
    }

    pub mod issue238 {
        #![deny(single_use_lifetimes)]

        use super::*;

        #[async_trait]
        pub trait Trait {
            async fn f();
        }

        pub struct Struct;

        #[async_trait]
        impl Trait for &Struct {
            #[traced(name = "issue238.f")]
            async fn f() {}
        }
    }

    #[async_trait]
    pub trait Issue283 {
        async fn a() -> u8;
    }

    pub trait Bound {
        fn b() -> u8;
    }

    impl Bound for u16 {
        fn b() -> u8 {
            16
        }
    }

    #[async_trait]
    impl<T: Bound> Issue283 for T {
        #[traced(name = "issue283.a")]
        async fn a() -> u8 {
            Self::b()
        }
    }

    #[test]
    fn lifetime_elided_impls_and_blanket_impls() {
        let t = telemetry();
        let loader = AwsEc2MetadataLoader { marker: std::marker::PhantomData };
        assert_eq!(block_on(loader.load("abc")), 3);
        assert_eq!(attribute(&t.span("issue110.load"), "key"), Some("abc".into()));
        block_on(<&issue238::Struct as issue238::Trait>::f());
        assert_eq!(block_on(<u16 as Issue283>::a()), 16);
        t.span("issue238.f");
        t.span("issue283.a");
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Tracing nested in async-trait methods (issue45): the future is made before anything is recorded, and the
// child method nests under the parent one
// ---------------------------------------------------------------------------------------------------------------
mod issue45 {
    use super::*;

    #[async_trait]
    pub trait Parent {
        async fn foo(&mut self, v: usize);
    }

    #[async_trait]
    pub trait Child {
        async fn bar(&self);
    }

    #[derive(Debug)]
    struct Impl(usize);

    #[async_trait]
    impl Parent for Impl {
        #[traced(fields(v, this = ?self))]
        async fn foo(&mut self, v: usize) {
            self.0 = v;
            self.bar().await;
        }
    }

    #[async_trait]
    impl Child for Impl {
        #[traced]
        async fn bar(&self) {
            traced::set_attribute(opentelemetry::KeyValue::new("val", self.0 as i64));
        }
    }

    #[test]
    fn tracing() {
        let t = telemetry();
        let mut struct_impl = Impl(0);
        let fut = struct_impl.foo(5);
        assert_send(&fut);
        assert!(t.spans().is_empty(), "nothing is recorded until the future is polled to its end");
        block_on(fut);
        assert_eq!(names(&t.spans()), ["issue45.bar", "issue45.foo"]);
        let (foo, bar) = (t.span("issue45.foo"), t.span("issue45.bar"));
        assert!(is_child_of(&bar, &foo));
        assert!(is_root(&foo));
        assert_eq!(attribute(&bar, "val"), Some(5_i64.into()));
        assert_eq!(attribute(&foo, "this"), Some("Impl(0)".into()));
        assert_eq!(traced::span_id(), None, "no span left current");
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Macros: generated traits and impls (issue46, issue104), `Self` and `self` inside `macro_rules!` (issue68,
// issue92, issue92_2)
// ---------------------------------------------------------------------------------------------------------------
mod macros {
    use super::*;

    macro_rules! implement_commands_workaround {
        ($tyargs:tt : $ty:tt) => {
            #[async_trait]
            pub trait AsyncCommands1: Sized {
                #[traced(name = "issue46.tt")]
                async fn f<$tyargs: $ty>(&mut self, x: $tyargs) -> $tyargs {
                    x
                }
            }
        };
    }

    implement_commands_workaround!(K: Send);

    macro_rules! implement_commands {
        ($tyargs:ident : $ty:ident) => {
            #[async_trait]
            pub trait AsyncCommands2: Sized {
                #[traced(name = "issue46.ident")]
                async fn g<$tyargs: $ty>(&mut self, x: $tyargs) -> $tyargs {
                    x
                }
            }
        };
    }

    implement_commands!(K: Send);

    impl AsyncCommands1 for () {}
    impl AsyncCommands2 for () {}

    #[async_trait]
    pub trait T1 {
        async fn id(&self) -> i32;
    }

    macro_rules! impl_t1 {
        ($ty:ty, $id:expr) => {
            #[async_trait]
            impl T1 for $ty {
                #[traced(name = "issue104.id")]
                async fn id(&self) -> i32 {
                    $id
                }
            }
        };
    }

    pub struct Foo;

    impl_t1!(Foo, 1);

    #[test]
    fn macro_generated_traits_and_impls() {
        let t = telemetry();
        assert_eq!(block_on(().f(3_u8)), 3);
        assert_eq!(block_on(().g("x")), "x");
        assert_eq!(block_on(Foo.id()), 1);
        t.span("issue46.tt");
        t.span("issue46.ident");
        t.span("issue104.id");
    }

    #[async_trait]
    pub trait Issue68 {
        #[traced(name = "issue68.method")]
        async fn method(&self) {
            macro_rules! t {
                () => {{
                    let _: &Self = self;
                }};
            }
            t!();
        }
    }

    impl Issue68 for () {}

    macro_rules! mac {
        ($($tt:tt)*) => {
            $($tt)*
        };
    }

    pub struct Struct<T> {
        _x: T,
    }

    impl<T> Struct<T> {
        const ASSOCIATED1: &'static str = "1";
        async fn associated1() {}
    }

    #[async_trait]
    pub trait Issue92
    where
        mac!(Self): Send,
    {
        const ASSOCIATED2: &'static str;
        type Associated2;

        #[allow(path_statements, clippy::let_underscore_future, clippy::no_effect)]
        #[traced(name = "issue92.default")]
        async fn associated2(&self) {
            mac!(let _: Self::Associated2;);
            mac!(let _: <Self>::Associated2;);
            mac!(let _: <Self as Issue92>::Associated2;);
            mac!(Self::ASSOCIATED2;);
            mac!(<Self>::ASSOCIATED2;);
            mac!(<Self as Issue92>::ASSOCIATED2;);
            mac!(let _ = Self::associated2(self););
            mac!(let _ = <Self>::associated2(self););
            mac!(let _ = <Self as Issue92>::associated2(self););
        }
    }

    #[async_trait]
    impl<T: Send + Sync> Issue92 for Struct<T>
    where
        mac!(Self): Send,
    {
        const ASSOCIATED2: &'static str = "2";
        type Associated2 = ();

        #[allow(path_statements, clippy::let_underscore_future, clippy::no_effect)]
        #[traced(name = "issue92.impl")]
        async fn associated2(&self) {
            mac!(Self::ASSOCIATED1;);
            mac!(<Self>::ASSOCIATED1;);
            mac!(let _ = Self::associated1(););
            mac!(let _ = <Self>::associated1(););

            mac!(let (): <Self as Issue92>::Associated2;);
            mac!(Self::ASSOCIATED2;);
            mac!(<Self>::ASSOCIATED2;);
            mac!(<Self as Issue92>::ASSOCIATED2;);
            mac!(let _ = Self::associated2(self););
            mac!(let _ = <Self>::associated2(self););
            mac!(let _ = <Self as Issue92>::associated2(self););
        }
    }

    pub struct Unit;

    #[async_trait]
    impl Issue92 for Unit {
        const ASSOCIATED2: &'static str = "2";
        type Associated2 = ();

        #[traced(name = "issue92.unit")]
        async fn associated2(&self) {
            mac!(let Self: Self = *self;);
        }
    }

    pub struct Defaulted;

    impl Issue92 for Defaulted {
        const ASSOCIATED2: &'static str = "d";
        type Associated2 = ();
    }

    pub trait Trait1 {
        fn func1();
    }

    #[async_trait]
    pub trait Trait2: Trait1 {
        #[traced(name = "issue92_2.func2")]
        async fn func2() {
            mac!(Self::func1());

            macro_rules! mac2 {
                ($($tt:tt)*) => {
                    Self::func1();
                };
            }
            mac2!();
        }
    }

    impl Trait1 for () {
        #[traced(name = "issue92_2.func1")]
        fn func1() {}
    }

    impl Trait2 for () {}

    #[test]
    fn self_inside_macros() {
        let t = telemetry();
        block_on(().method());
        block_on(Struct { _x: 1_u8 }.associated2());
        block_on(Unit.associated2());
        block_on(Defaulted.associated2());
        block_on(<() as Trait2>::func2());
        t.span("issue68.method");
        t.span("issue92.unit");
        // The bodies make three futures of themselves and drop them unpolled: three cancelled child spans.
        for name in ["issue92.impl", "issue92.default"] {
            let spans: Vec<_> = t.spans().into_iter().filter(|span| span.name == name).collect();
            assert_eq!(spans.len(), 4, "{name}");
            let (outer, cancelled) = spans.split_last().unwrap();
            assert!(outer.events.is_empty());
            for span in cancelled {
                assert_eq!(event_names(span), ["cancelled"]);
                assert!(is_child_of(span, outer));
            }
        }
        let func2 = t.span("issue92_2.func2");
        let func1: Vec<_> = t.spans().into_iter().filter(|span| span.name == "issue92_2.func1").collect();
        assert_eq!(func1.len(), 2);
        assert!(func1.iter().all(|span| is_child_of(span, &func2)));
    }
}

// ---------------------------------------------------------------------------------------------------------------
// `Self` constructors and patterns (issue53, issue81, issue87), `dyn` self types (issue89), lint-sensitive bodies
// (issue85, issue120, issue129, issue147, issue154, issue183)
// ---------------------------------------------------------------------------------------------------------------
mod self_types {
    use super::*;

    pub struct Unit;
    #[allow(dead_code)]
    pub struct Tuple(pub u8);
    #[allow(dead_code)]
    pub struct Struct {
        pub x: u8,
    }

    #[async_trait]
    pub trait Issue53 {
        async fn method() -> &'static str;
    }

    #[async_trait]
    impl Issue53 for Unit {
        #[traced(name = "issue53.unit")]
        async fn method() -> &'static str {
            let _ = Self;
            "unit"
        }
    }

    #[async_trait]
    impl Issue53 for Tuple {
        #[traced(name = "issue53.tuple")]
        async fn method() -> &'static str {
            let _ = Self(0);
            "tuple"
        }
    }

    #[async_trait]
    impl Issue53 for Struct {
        #[traced(name = "issue53.struct")]
        async fn method() -> &'static str {
            let _ = Self { x: 0 };
            "struct"
        }
    }

    #[async_trait]
    impl Issue53 for std::marker::PhantomData<Struct> {
        #[traced(name = "issue53.phantom")]
        async fn method() -> &'static str {
            let _ = Self;
            "phantom"
        }
    }

    #[async_trait]
    pub trait Handle {
        async fn handle(&self) -> u8;
    }

    pub enum Enum {
        Variant,
    }

    #[async_trait]
    impl Handle for Enum {
        #[traced(name = "issue81.handle")]
        async fn handle(&self) -> u8 {
            let Enum::Variant = self;
            let Self::Variant = self;
            81
        }
    }

    pub enum TupleEnum {
        V(),
    }

    pub enum StructEnum {
        V {},
    }

    #[async_trait]
    impl Handle for TupleEnum {
        #[traced(name = "issue87.tuple")]
        async fn handle(&self) -> u8 {
            let TupleEnum::V() = self;
            let Self::V() = self;
            let _ = Self::V;
            let _ = Self::V();
            87
        }
    }

    #[async_trait]
    impl Handle for StructEnum {
        #[traced(name = "issue87.struct")]
        async fn handle(&self) -> u8 {
            let StructEnum::V {} = self;
            let Self::V {} = self;
            let _ = Self::V {};
            88
        }
    }

    #[test]
    fn self_constructors_and_patterns() {
        let t = telemetry();
        assert_eq!(block_on(Unit::method()), "unit");
        assert_eq!(block_on(Tuple::method()), "tuple");
        assert_eq!(block_on(Struct::method()), "struct");
        assert_eq!(block_on(<std::marker::PhantomData<Struct> as Issue53>::method()), "phantom");
        assert_eq!(block_on(Enum::Variant.handle()), 81);
        assert_eq!(block_on(TupleEnum::V().handle()), 87);
        assert_eq!(block_on(StructEnum::V {}.handle()), 88);
        assert_eq!(
            names(&t.spans()),
            [
                "issue53.unit",
                "issue53.tuple",
                "issue53.struct",
                "issue53.phantom",
                "issue81.handle",
                "issue87.tuple",
                "issue87.struct"
            ]
        );
    }

    pub mod issue89 {
        #![allow(bare_trait_objects, unused_parens)]

        use super::*;

        #[async_trait]
        pub trait Trait {
            async fn f(&self) -> u8;
        }

        #[async_trait]
        impl Trait for dyn Send + Sync {
            #[traced(name = "issue89.send_sync")]
            async fn f(&self) -> u8 {
                1
            }
        }

        #[async_trait]
        impl Trait for dyn Fn(i8) + Send + Sync {
            #[traced(name = "issue89.fn_i8")]
            async fn f(&self) -> u8 {
                self(1);
                2
            }
        }

        #[async_trait]
        impl Trait for (dyn Fn(u8) + Send + Sync) {
            #[traced(name = "issue89.fn_u8")]
            async fn f(&self) -> u8 {
                self(1);
                3
            }
        }
    }

    #[test]
    fn issue89_dyn_self_types() {
        use issue89::Trait;
        let t = telemetry();
        let a: &(dyn Send + Sync) = &0_u8;
        let b: &(dyn Fn(i8) + Send + Sync) = &|_| {};
        let c: &(dyn Fn(u8) + Send + Sync) = &|_| {};
        assert_eq!(block_on(a.f()) + block_on(b.f()) + block_on(c.f()), 6);
        assert_eq!(names(&t.spans()), ["issue89.send_sync", "issue89.fn_i8", "issue89.fn_u8"]);
    }

    pub mod issue85 {
        #![deny(non_snake_case)]

        use super::*;

        #[async_trait]
        pub trait Trait {
            #[allow(non_snake_case)]
            async fn camelCase();
        }

        pub struct Struct;

        #[async_trait]
        impl Trait for Struct {
            #[traced]
            async fn camelCase() {}
        }
    }

    pub mod issue120 {
        #![deny(clippy::trivially_copy_pass_by_ref)]

        use super::*;

        #[async_trait]
        pub trait Trait {
            async fn f(&self);
        }

        #[async_trait]
        impl Trait for () {
            #[traced(name = "issue120.f")]
            async fn f(&self) {}
        }
    }

    #[async_trait]
    pub trait Issue129 {
        async fn a(_b: u8, c: u8) -> u8;
    }

    pub struct TestStruct;

    #[async_trait]
    impl Issue129 for TestStruct {
        #[traced(name = "issue129.a", fields(c))]
        async fn a(_b: u8, c: u8) -> u8 {
            c
        }
    }

    pub mod issue147 {
        #![deny(clippy::let_unit_value)]

        use super::*;

        pub struct MyType;

        #[async_trait]
        pub trait MyTrait {
            async fn x();
            async fn y() -> ();
            async fn z();
        }

        #[async_trait]
        impl MyTrait for MyType {
            #[traced(name = "issue147.x")]
            async fn x() {}
            #[traced(name = "issue147.y")]
            async fn y() -> () {}
            #[traced(name = "issue147.z")]
            async fn z() {
                unimplemented!()
            }
        }
    }

    pub mod issue154 {
        #![deny(clippy::items_after_statements)]

        use super::*;

        #[async_trait]
        pub trait MyTrait {
            async fn f(&self) -> String;
        }

        pub struct Struct;

        #[async_trait]
        impl MyTrait for Struct {
            #[traced(name = "issue154.f")]
            async fn f(&self) -> String {
                const MAX: u16 = 128;
                format!("{}", MAX)
            }
        }
    }

    pub mod issue183 {
        #![deny(clippy::shadow_same)]

        use super::*;

        #[async_trait]
        pub trait Foo {
            #[traced(name = "issue183.foo", fields(n = _n))]
            async fn foo(_n: i32) {}
        }

        impl Foo for () {}
    }

    #[test]
    fn lint_sensitive_shapes() {
        use issue147::MyTrait as _;
        let t = telemetry();
        block_on(<issue85::Struct as issue85::Trait>::camelCase());
        block_on(issue120::Trait::f(&()));
        assert_eq!(block_on(TestStruct::a(1, 2)), 2);
        block_on(issue147::MyType::x());
        block_on(issue147::MyType::y());
        assert!(std::panic::catch_unwind(|| block_on(issue147::MyType::z())).is_err());
        assert_eq!(block_on(issue154::MyTrait::f(&issue154::Struct)), "128");
        block_on(<() as issue183::Foo>::foo(3));
        assert_eq!(t.span("issue129.a").attributes, [kv("c", 2_i64)]);
        assert!(is_error(&t.span("issue147.z")));
        assert_eq!(attribute(&t.span("issue183.foo"), "n"), Some(3_i64.into()));
        for name in ["issue85.camel_case", "issue120.f", "issue147.x", "issue147.y", "issue154.f"] {
            t.span(name);
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Errors with associated types (issue145, issue281), `impl Trait` arguments (issue177, issue204), `select!` on
// `self: Arc<Self>` (issue161), `cfg` on parameters and generics (issue226, issue288)
// ---------------------------------------------------------------------------------------------------------------
mod misc {
    use std::sync::Arc;

    use super::*;

    #[async_trait]
    pub trait ManageConnection: Sized + Send + Sync + 'static {
        type Connection: Send + 'static;
        type Error: Send + 'static;

        async fn connect(&self) -> Result<Self::Connection, Self::Error>;
    }

    pub struct Manager {
        up: bool,
    }

    #[async_trait]
    impl ManageConnection for Manager {
        type Connection = u32;
        type Error = std::io::Error;

        #[traced(name = "issue145.connect", fields(up = self.up))]
        async fn connect(&self) -> Result<Self::Connection, Self::Error> {
            async_leaf().await;
            if self.up {
                Ok(1)
            } else {
                Err(std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused"))
            }
        }
    }

    #[test]
    fn issue145_err_of_an_associated_type_is_recorded() {
        let t = telemetry();
        let down = Manager { up: false };
        assert!(poll_send(&t, "issue145.connect", down.connect()).is_err());
        let span = t.span("issue145.connect");
        assert!(is_error(&span));
        assert_eq!(status_description(&span), "refused");
        assert_eq!(event_names(&span), ["exception"]);
        assert!(is_child_of(&t.span("peer.async_leaf"), &span));
        t.exporter.reset();
        assert_eq!(block_on(Manager { up: true }.connect()).unwrap(), 1);
        assert!(!is_error(&t.span("issue145.connect")));
    }

    #[async_trait]
    pub trait Issue281 {
        type Error;
        async fn method(&self, fail: bool) -> Result<impl AsRef<str> + Send + Sync, Self::Error>;
    }

    pub struct T;

    #[async_trait]
    impl Issue281 for T {
        type Error = String;

        #[traced(name = "issue281.method")]
        async fn method(&self, fail: bool) -> Result<impl AsRef<str> + Send + Sync, Self::Error> {
            yield_now().await;
            if fail {
                return Err("failed".to_owned());
            }
            Ok("Hello World")
        }
    }

    #[test]
    fn issue281_impl_trait_in_result_with_associated_error() {
        let t = telemetry();
        let future = T.method(false);
        assert_send(&future);
        assert_eq!(poll_to_end(&t, "issue281.method", future).unwrap().as_ref(), "Hello World");
        assert!(!is_error(&t.span("issue281.method")));
        t.exporter.reset();
        assert!(block_on(T.method(true)).is_err());
        assert_eq!(status_description(&t.span("issue281.method")), "failed");
    }

    #[async_trait]
    pub trait Issue177 {
        async fn foo(&self, _callback: impl FnMut(&str) + Send) {}
    }

    pub struct Struct;

    #[async_trait]
    impl Issue177 for Struct {
        #[traced(name = "issue177.foo")]
        async fn foo(&self, mut _callback: impl FnMut(&str) + Send) {
            yield_now().await;
            _callback("called");
        }
    }

    pub trait Marker {}
    impl Marker for u8 {}

    #[async_trait(?Send)]
    pub trait Issue204 {
        async fn f(arg: &impl Marker) -> bool;
        async fn g(arg: *const impl Marker) -> bool;
    }

    #[async_trait(?Send)]
    impl Issue204 for () {
        #[traced(name = "issue204.f")]
        async fn f(_arg: &impl Marker) -> bool {
            true
        }
        #[traced(name = "issue204.g")]
        async fn g(arg: *const impl Marker) -> bool {
            !arg.is_null()
        }
    }

    #[test]
    fn impl_trait_arguments() {
        let t = telemetry();
        let mut seen = Vec::new();
        let future = Struct.foo(|text: &str| seen.push(text.to_owned()));
        assert_send(&future);
        poll_to_end(&t, "issue177.foo", future);
        assert_eq!(seen, ["called"]);
        assert!(block_on(<() as Issue204>::f(&1_u8)));
        assert!(block_on(<() as Issue204>::g(&1_u8 as *const u8)));
        t.span("issue204.f");
        t.span("issue204.g");
    }

    #[async_trait]
    pub trait Issue161 {
        async fn f(self: Arc<Self>) -> bool;
    }

    pub struct MyStruct(bool);

    #[async_trait]
    impl Issue161 for MyStruct {
        #[traced(name = "issue161.f")]
        #[allow(clippy::mut_mut)]
        async fn f(self: Arc<Self>) -> bool {
            use futures::future::FutureExt;
            futures::select! {
                value = async {
                    async_leaf().await;
                    self.0
                }.fuse() => value
            }
        }
    }

    #[test]
    fn issue161_select_on_arc_self() {
        let t = telemetry();
        let future = Arc::new(MyStruct(true)).f();
        assert_send(&future);
        assert!(poll_to_end(&t, "issue161.f", future));
        assert!(is_child_of(&t.span("peer.async_leaf"), &t.span("issue161.f")));
    }

    #[async_trait]
    pub trait Issue226 {
        async fn cfg_param(&self, param: u8) -> u8;
        async fn cfg_param_wildcard(&self, _: u8) -> u8;
        async fn cfg_param_tuple(&self, (left, right): (u8, u8)) -> u8;
    }

    pub struct Cfg;

    #[async_trait]
    impl Issue226 for Cfg {
        #[traced(name = "issue226.param")]
        async fn cfg_param(&self, #[cfg(any())] param: u8, #[cfg(all())] _unused: u8) -> u8 {
            _unused
        }

        #[traced(name = "issue226.wildcard")]
        async fn cfg_param_wildcard(&self, #[cfg(any())] _: u8, #[cfg(all())] _: u8) -> u8 {
            0
        }

        #[traced(name = "issue226.tuple")]
        async fn cfg_param_tuple(
            &self,
            #[cfg(any())] (left, right): (u8, u8),
            #[cfg(all())] (_left, _right): (u8, u8),
        ) -> u8 {
            _left + _right
        }
    }

    #[async_trait]
    pub trait Issue288 {
        async fn f<#[cfg(any())] T: Send>(#[cfg(any())] t: T);
        async fn g<#[cfg(all())] T: Send>(#[cfg(all())] t: T) -> T;
    }

    #[async_trait]
    impl Issue288 for Cfg {
        #[traced(name = "issue288.f")]
        async fn f<#[cfg(any())] T: Send>(#[cfg(any())] t: T) {}
        #[traced(name = "issue288.g")]
        async fn g<#[cfg(all())] T: Send>(#[cfg(all())] t: T) -> T {
            t
        }
    }

    #[test]
    fn cfg_on_parameters_and_generics() {
        let t = telemetry();
        assert_eq!(block_on(Cfg.cfg_param(4)), 4);
        assert_eq!(block_on(Cfg.cfg_param_wildcard(4)), 0);
        assert_eq!(block_on(Cfg.cfg_param_tuple((1, 2))), 3);
        block_on(Cfg::f());
        assert_eq!(block_on(Cfg::g(5)), 5);
        for name in ["issue226.param", "issue226.wildcard", "issue226.tuple", "issue288.f", "issue288.g"] {
            t.span(name);
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Drop order (async-trait#125) and arguments of a future dropped unpolled (issue199)
// ---------------------------------------------------------------------------------------------------------------
mod drop_order {
    use std::cell::Cell;
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;

    struct Flagger<'a>(&'a AtomicBool);

    impl Drop for Flagger<'_> {
        fn drop(&mut self) {
            self.0.fetch_xor(true, Ordering::AcqRel);
        }
    }

    #[async_trait]
    trait Trait {
        async fn async_trait(_: Flagger<'_>, flag: &AtomicBool);
    }

    struct Struct;

    #[async_trait]
    impl Trait for Struct {
        #[traced(name = "drop_order.trait")]
        async fn async_trait(_: Flagger<'_>, flag: &AtomicBool) {
            flag.fetch_or(true, Ordering::AcqRel);
        }
    }

    #[traced(name = "drop_order.standalone")]
    async fn standalone(_: Flagger<'_>, flag: &AtomicBool) {
        flag.fetch_or(true, Ordering::AcqRel);
    }

    #[async_trait]
    trait SelfTrait {
        async fn async_trait(self, flag: &AtomicBool);
    }

    #[async_trait]
    impl SelfTrait for Flagger<'_> {
        #[traced(name = "drop_order.self")]
        async fn async_trait(self, flag: &AtomicBool) {
            flag.fetch_or(true, Ordering::AcqRel);
        }
    }

    #[test]
    fn test_drop_order() {
        // The flag ends `false` when the body runs before the argument drops (0 | 1 = 1, then 1 ^ 1 = 0).
        let t = telemetry();
        let flag = AtomicBool::new(false);
        block_on(standalone(Flagger(&flag), &flag));
        assert!(!flag.load(Ordering::Acquire));

        block_on(Struct::async_trait(Flagger(&flag), &flag));
        assert!(!flag.load(Ordering::Acquire));

        block_on(Flagger(&flag).async_trait(&flag));
        assert!(!flag.load(Ordering::Acquire));
        assert_eq!(names(&t.spans()), ["drop_order.standalone", "drop_order.trait", "drop_order.self"]);
    }

    struct IncrementOnDrop<'a>(&'a Cell<usize>);

    impl Drop for IncrementOnDrop<'_> {
        fn drop(&mut self) {
            self.0.set(self.0.get() + 1);
        }
    }

    #[async_trait(?Send)]
    trait Issue199 {
        async fn f(counter: &Cell<usize>, arg: IncrementOnDrop<'_>);
    }

    #[async_trait(?Send)]
    impl Issue199 for Struct {
        #[traced(name = "issue199.f")]
        async fn f(counter: &Cell<usize>, _: IncrementOnDrop<'_>) {
            assert_eq!(counter.get(), 0); // second arg not dropped yet
        }
    }

    #[test]
    fn issue199_unpolled_future_drops_its_arguments_once() {
        let t = telemetry();
        let counter = Cell::new(0);
        let future = Struct::f(&counter, IncrementOnDrop(&counter));
        assert_eq!(counter.get(), 0);
        drop(future);
        assert_eq!(counter.get(), 1);
        assert_eq!(event_names(&t.span("issue199.f")), ["cancelled"]);
        t.exporter.reset();
        let counter = Cell::new(0);
        block_on(Struct::f(&counter, IncrementOnDrop(&counter)));
        assert_eq!(counter.get(), 1);
        assert!(t.span("issue199.f").events.is_empty());
    }
}

// ---------------------------------------------------------------------------------------------------------------
// ui/must-use.rs: a traced method's future is still `#[must_use]` (checked at compile time by `#[expect]`)
// ---------------------------------------------------------------------------------------------------------------
mod must_use {
    use super::*;

    #[async_trait]
    trait Interface {
        async fn f(&self);
    }

    struct Thing;

    #[async_trait]
    impl Interface for Thing {
        #[traced(name = "must_use.f")]
        async fn f(&self) {}
    }

    #[test]
    #[deny(unfulfilled_lint_expectations)]
    fn an_unused_future_is_still_must_use() {
        let t = telemetry();
        #[expect(unused_must_use)]
        Thing.f();
        #[expect(unused_must_use)]
        async_leaf();
        assert_eq!(event_names(&t.span("must_use.f")), ["cancelled"]);
        assert!(t.spans().iter().all(|span| span.name != "peer.async_leaf"), "an async fn starts at its first poll");
    }
}
