//! `#[traced]` on an impl block: every method with a body gets a span named `<prefix>.<method>`, the prefix being
//! the self type's name in snake_case or `prefix = ..`; a method's own `#[traced(...)]` overrides the block's
//! options, `#[traced(skip)]` leaves it alone, and associated items that are not methods are untouched.

mod common;

use std::fmt::Debug;

use async_trait::async_trait;
use common::*;
use opentelemetry::trace::SpanKind;
use traced::traced;

struct OrderService {
    orders: Vec<u64>,
}

#[traced]
impl OrderService {
    const LIMIT: usize = 10;

    fn create(&mut self, id: u64) -> Result<u64, String> {
        if self.orders.len() >= Self::LIMIT {
            return Err("too many orders".to_owned());
        }
        self.orders.push(id);
        Ok(id)
    }

    #[traced(fields(id))]
    fn find(&self, id: u64) -> Option<u64> {
        self.orders.iter().copied().find(|order| *order == id)
    }

    #[traced(name = "orders.count_all")]
    fn count(&self) -> usize {
        self.orders.len()
    }

    #[traced(skip)]
    fn untraced(&self) -> usize {
        self.count()
    }

    async fn settle(&self, id: u64) -> u64 {
        yield_now().await;
        id * 2
    }

    const fn capacity() -> usize {
        Self::LIMIT
    }
}

#[test]
fn methods_are_named_after_the_type_and_keep_their_own_options() {
    let t = caught();
    let mut service = OrderService { orders: Vec::new() };
    assert_eq!(service.create(7), Ok(7));
    assert_eq!(service.find(7), Some(7));
    assert_eq!(service.count(), 1);
    assert_eq!(service.untraced(), 1);
    assert_eq!(block_on(service.settle(3)), 6);
    assert_eq!(OrderService::capacity(), 10);

    let spans = t.spans();
    let mut got = names(&spans);
    got.sort();
    // `untraced` ran `count` once more: two `orders.count_all`, no span of its own.
    assert_eq!(
        got,
        ["order_service.create", "order_service.find", "order_service.settle", "orders.count_all", "orders.count_all"]
    );
    assert_eq!(attribute(&t.span("order_service.find"), "id"), Some(7_i64.into()));
    assert!(keys(&t.span("order_service.create")).iter().all(|key| key != "id"), "nothing captured unasked");
}

#[test]
fn an_err_of_a_method_is_recorded() {
    let t = caught();
    let mut service = OrderService { orders: (0..10).collect() };
    assert!(service.create(11).is_err());
    let span = t.span("order_service.create");
    assert!(is_error(&span));
    assert_eq!(status_description(&span), "too many orders");
}

struct Queue<T> {
    items: Vec<T>,
}

#[traced(prefix = "jobs.queue", kind = producer)]
impl<T: Debug> Queue<T>
where
    T: Clone,
{
    fn push(&mut self, item: T) -> usize {
        self.items.push(item);
        self.items.len()
    }

    #[traced(kind = consumer, fields(first = ?self.items.first()))]
    fn pop(&mut self) -> Option<T> {
        self.items.pop()
    }
}

#[test]
fn a_generic_block_takes_its_prefix_and_kind_and_a_method_overrides_the_kind() {
    let t = caught();
    let mut queue = Queue { items: vec!["a"] };
    assert_eq!(queue.push("b"), 2);
    assert_eq!(queue.pop(), Some("b"));
    assert_eq!(t.span("jobs.queue.push").span_kind, SpanKind::Producer);
    let pop = t.span("jobs.queue.pop");
    assert_eq!(pop.span_kind, SpanKind::Consumer);
    assert_eq!(attribute(&pop, "first"), Some("Some(\"a\")".into()));
}

trait Greeter {
    type Greeting;
    fn greet(&self, who: &str) -> Self::Greeting;
    fn wave(&self) -> u8 {
        1
    }
}

struct English;

#[traced]
impl Greeter for English {
    type Greeting = String;

    fn greet(&self, who: &str) -> String {
        self.wave();
        format!("hello {who}")
    }
}

#[traced(prefix = "greeter")]
impl Greeter for &'static str {
    type Greeting = usize;

    fn greet(&self, who: &str) -> usize {
        self.len() + who.len()
    }
}

#[test]
fn trait_impls_are_named_after_their_self_type() {
    let t = caught();
    assert_eq!(English.greet("you"), "hello you");
    assert_eq!("ab".greet("c"), 3);
    let mut got = names(&t.spans());
    got.sort();
    // `wave` has no body in the impl: the trait's default is not instrumented.
    assert_eq!(got, ["english.greet", "greeter.greet"]);
}

#[async_trait]
trait Store {
    async fn load(&self, key: u64) -> Result<u64, String>;
}

struct Redis;
struct Memory;

#[traced]
#[async_trait]
impl Store for Redis {
    async fn load(&self, key: u64) -> Result<u64, String> {
        inner_work().await;
        if key == 0 {
            Err("no key".to_owned())
        } else {
            Ok(key)
        }
    }
}

#[async_trait]
#[traced(kind = client)]
impl Store for Memory {
    #[traced(fields(key))]
    async fn load(&self, key: u64) -> Result<u64, String> {
        inner_work().await;
        Ok(key + 1)
    }
}

#[traced(name = "store.inner_work")]
async fn inner_work() {
    yield_now().await;
}

#[test]
fn under_async_trait_in_either_order_the_span_covers_the_whole_future() {
    let t = caught();
    assert_eq!(block_on(Redis.load(0)), Err("no key".to_owned()));
    assert_eq!(block_on(Memory.load(1)), Ok(2));
    let spans = t.spans();
    let redis = t.span("redis.load");
    let memory = t.span("memory.load");
    assert!(is_error(&redis));
    assert_eq!(memory.span_kind, SpanKind::Client);
    assert_eq!(attribute(&memory, "key"), Some(1_i64.into()));
    let inner: Vec<_> = spans.iter().filter(|span| span.name == "store.inner_work").collect();
    assert_eq!(inner.len(), 2);
    assert!(inner.iter().any(|span| is_child_of(span, &redis)));
    assert!(inner.iter().any(|span| is_child_of(span, &memory)));
}

fn is_send<T: Send>(_: &T) {}

#[test]
fn futures_of_instrumented_methods_stay_send() {
    // Under `#[async_trait]`, the span starts at the call: its spans must not reach another test's.
    let _t = caught();
    let service = OrderService { orders: Vec::new() };
    is_send(&service.settle(1));
    is_send(&Redis.load(1));
}

mod renamed {
    use super::*;
    use traced as telemetry;

    pub struct Ledger;

    #[telemetry::traced(crate = telemetry, kind = server)]
    impl Ledger {
        pub fn post(&self) -> u8 {
            1
        }

        #[telemetry::traced(name = "ledger.balance_of")]
        pub fn balance(&self) -> u8 {
            2
        }
    }

    #[test]
    fn crate_on_the_block_applies_to_every_method() {
        let t = caught();
        assert_eq!(Ledger.post() + Ledger.balance(), 3);
        assert_eq!(t.span("ledger.post").span_kind, SpanKind::Server);
        assert_eq!(t.span("ledger.balance_of").span_kind, SpanKind::Server);
    }
}
