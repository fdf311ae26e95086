//! `#[traced]` on methods that `#[async_trait]` has turned into functions returning `Pin<Box<dyn Future>>`: each
//! is traced like an `async fn`, over the whole future (spans inside nest under it, an `Err` or a panic is
//! recorded, a dropped future is cancelled with its captures dropped inside the span), and stays `Send`.

mod common;

use std::fmt::Display;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Context, Waker};

use async_trait::async_trait;
use common::*;
use traced::traced;

#[traced(name = "repo.query")]
async fn query(id: u64) -> Result<u64, String> {
    yield_now().await;
    if id == 0 {
        Err("no such row".to_owned())
    } else {
        Ok(id * 10)
    }
}

#[async_trait]
trait Repo {
    async fn get(&self, id: u64) -> Result<u64, String>;
    async fn put(&mut self, value: u64);
    async fn describe<T: Display + Send>(&self, thing: T) -> String;
    async fn first<'a>(&self, words: &'a [&'a str]) -> Option<&'a str>;
    async fn widen(&self, value: impl Into<u64> + Send) -> u64;
    async fn wait(&self, guard: DropProbe);

    #[traced(name = "repo.ping")]
    async fn ping(&self) -> u32 {
        query(7).await.map_or(0, |rows| rows as u32 / 10)
    }
}

struct Pg {
    values: Vec<u64>,
    table: &'static str,
}

#[async_trait]
impl Repo for Pg {
    #[traced(name = "repo.get", fields(id, table = self.table, engine = Self::ENGINE))]
    async fn get(&self, id: u64) -> Result<u64, String> {
        query(id).await
    }

    #[traced(name = "repo.put", fields(value))]
    async fn put(&mut self, value: u64) {
        yield_now().await;
        self.values.push(value);
    }

    #[traced(name = "repo.describe", fields(thing = %thing))]
    async fn describe<T: Display + Send>(&self, thing: T) -> String {
        yield_now().await;
        format!("<{thing}>")
    }

    #[traced(name = "repo.first")]
    async fn first<'a>(&self, words: &'a [&'a str]) -> Option<&'a str> {
        yield_now().await;
        words.first().copied()
    }

    #[traced(name = "repo.widen")]
    async fn widen(&self, value: impl Into<u64> + Send) -> u64 {
        value.into()
    }

    #[traced(name = "repo.wait")]
    async fn wait(&self, guard: DropProbe) {
        let _held = &guard;
        std::future::pending::<()>().await;
    }
}

impl Pg {
    const ENGINE: &'static str = "postgres";
}

fn pg() -> Pg {
    Pg { values: Vec::new(), table: "users" }
}

#[test]
fn the_span_covers_the_whole_future_and_children_nest_under_it() {
    let t = telemetry();
    assert_eq!(block_on(pg().get(4)), Ok(40));
    let get = t.span("repo.get");
    let inner = t.span("repo.query");
    assert!(is_child_of(&inner, &get), "the span is current while the future runs");
    assert!(get.end_time >= inner.end_time, "the span ends after the work, not when the call returns");
    assert_eq!(attribute(&get, "id"), Some(4_i64.into()));
    assert_eq!(attribute(&get, "table"), Some("users".into()), "`self` in `fields` is the method's receiver");
    assert_eq!(attribute(&get, "engine"), Some("postgres".into()), "`Self` too");
    assert!(!is_error(&get));
}

#[test]
fn an_err_from_the_future_sets_the_status() {
    let t = telemetry();
    assert_eq!(block_on(pg().get(0)), Err("no such row".to_owned()));
    let get = t.span("repo.get");
    assert!(is_error(&get));
    assert_eq!(status_description(&get), "no such row");
    assert_eq!(event_names(&get), ["exception"]);
}

#[test]
fn the_span_does_not_start_before_the_call_and_ends_only_when_polled_to_the_end() {
    let t = telemetry();
    let repo = pg();
    let future = repo.get(3);
    assert!(t.spans().is_empty(), "nothing ends while the future waits to be polled");
    assert_eq!(block_on(future), Ok(30));
    assert_eq!(names(&t.spans()), ["repo.query", "repo.get"]);
}

#[test]
fn mut_self_generics_lifetimes_and_impl_trait_arguments() {
    let t = telemetry();
    let mut repo = pg();
    block_on(repo.put(5));
    assert_eq!(repo.values, [5]);
    assert_eq!(block_on(repo.describe(3.5)), "<3.5>");
    let words = ["a", "b"];
    assert_eq!(block_on(repo.first(&words)), Some("a"));
    assert_eq!(block_on(repo.widen(9_u8)), 9);
    assert_eq!(attribute(&t.span("repo.put"), "value"), Some(5_i64.into()));
    assert_eq!(attribute(&t.span("repo.describe"), "thing"), Some("3.5".into()));
    for name in ["repo.first", "repo.widen"] {
        assert!(is_root(&t.span(name)));
    }
}

#[test]
fn a_default_method_is_traced() {
    let t = telemetry();
    assert_eq!(block_on(pg().ping()), 7);
    assert!(is_child_of(&t.span("repo.query"), &t.span("repo.ping")));
}

#[test]
fn a_cancelled_call_drops_its_arguments_inside_its_span_then_ends_it() {
    let t = telemetry();
    let dropped_in = DroppedIn::default();
    let repo = pg();
    {
        let mut future = pin!(repo.wait(dropped_in.probe()));
        assert!(future.as_mut().poll(&mut Context::from_waker(Waker::noop())).is_pending());
    }
    let wait = t.span("repo.wait");
    assert_eq!(event_names(&wait), ["cancelled"]);
    assert_eq!(dropped_in.span(), Some(Some(wait.span_context.span_id())));
}

#[test]
fn the_futures_stay_send() {
    fn send<T: Send>(value: T) -> T {
        value
    }
    // The spans these futures start end here: they must not reach another test's exporter.
    let _t = telemetry();
    let mut repo = pg();
    drop(send(repo.get(1)));
    drop(send(repo.put(1)));
    drop(send(repo.describe(1)));
    drop(send(repo.ping()));
}

#[async_trait(?Send)]
trait Local {
    async fn count(&self) -> Result<usize, String>;
}

struct Counter(Rc<Vec<u8>>);

#[async_trait(?Send)]
impl Local for Counter {
    #[traced(name = "local.count")]
    async fn count(&self) -> Result<usize, String> {
        let shared = self.0.clone();
        yield_now().await;
        query(shared.len() as u64).await?;
        Ok(shared.len())
    }
}

#[test]
fn not_send_methods_are_traced_the_same_way() {
    let t = telemetry();
    assert_eq!(block_on(Counter(Rc::new(vec![1, 2])).count()), Ok(2));
    assert!(is_child_of(&t.span("repo.query"), &t.span("local.count")));
    assert_eq!(block_on(Counter(Rc::new(Vec::new())).count()), Err("no such row".to_owned()));
    let spans = t.spans();
    assert!(spans.iter().filter(|span| span.name == "local.count").any(is_error));
}

#[async_trait]
trait Panicky {
    async fn explode(&self) -> u8;
}

#[async_trait]
impl Panicky for Pg {
    #[traced(name = "repo.explode")]
    async fn explode(&self) -> u8 {
        yield_now().await;
        panic!("boom")
    }
}

#[test]
fn a_panic_in_the_future_is_recorded_and_continues() {
    let t = telemetry();
    let repo = pg();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| block_on(repo.explode())));
    assert!(result.is_err());
    let span = t.span("repo.explode");
    assert!(is_error(&span));
    assert_eq!(status_description(&span), "boom");
    assert!(!event_names(&span).contains(&"cancelled".to_owned()));
}
