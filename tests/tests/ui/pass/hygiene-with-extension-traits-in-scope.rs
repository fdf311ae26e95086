// The traits that code moving from `tracing` has in scope, and a blanket trait whose methods share the names
// the runtime uses, next to `#[traced]` functions of every shape: the expansion calls everything by path, so
// none of them can capture a call (tokio-rs/tracing's `Instrument` once broke every `async fn`).
#![deny(warnings)]
#![allow(dead_code)]

use std::future::Future;
use std::pin::Pin;

#[allow(unused_imports)]
use anyhow::Context as _;
#[allow(unused_imports)]
use futures::FutureExt as _;
#[allow(unused_imports)]
use opentelemetry::context::FutureExt as _;
#[allow(unused_imports)]
use opentelemetry::trace::FutureExt as _;
#[allow(unused_imports)]
use tower::ServiceExt as _;
#[allow(unused_imports)]
use tracing::Instrument as _;
#[allow(unused_imports)]
use tracing::instrument::WithSubscriber as _;

use traced::traced;

/// Every method name the runtime's expansion target has, on every type.
#[allow(clippy::wrong_self_convention)]
trait Everything: Sized {
    fn start(self) {}
    fn in_scope(self) {}
    fn instrument(self) {}
    fn enter(self) {}
    fn make(self) {}
    fn new(self) {}
    fn value(self) {}
    fn text(self) {}
    fn redacted(self) {}
    fn static_str(self) {}
    fn debug(self) {}
    fn display(self) {}
    fn record(self) {}
    fn with_output(self) {}
    fn pin(self) {}
    fn start_linked(self) {}
    fn expected(self) {}
    fn mark_expected(self) {}
    fn record_return(self) {}
    fn returned(self) {}
    fn attach(self) {}
    fn root(self) {}
    fn to_parent(self) {}
    fn error(self) {}
}
impl<T> Everything for T {}

#[traced(name = "shapes.sync", fields(id, label = ?id, shown = %id))]
fn sync(id: u64) -> Result<u64, String> {
    Ok(id)
}

#[traced(name = "shapes.unit")]
fn unit() {}

#[traced(name = "shapes.async", fields(id))]
async fn asynchronous(id: u64) -> Result<u64, std::io::Error> {
    Ok(id)
}

#[traced(name = "shapes.async_unit")]
async fn async_unit() {}

#[traced(name = "shapes.impl_future", fields(id))]
fn impl_future(id: u64) -> impl Future<Output = Result<u64, String>> {
    async move { Ok(id) }
}

#[traced(name = "shapes.boxed", fields(id))]
fn boxed(id: u64) -> Pin<Box<dyn Future<Output = Result<u64, String>> + Send>> {
    Box::pin(async move { Ok(id) })
}

#[async_trait::async_trait]
trait Repo {
    async fn get(&self, id: u64) -> Result<u64, String>;
}

struct Pg;

#[async_trait::async_trait]
impl Repo for Pg {
    #[traced(name = "shapes.async_trait", fields(id))]
    async fn get(&self, id: u64) -> Result<u64, String> {
        Ok(id)
    }
}

#[traced(name = "shapes.track_caller")]
#[track_caller]
fn located() -> u32 {
    std::panic::Location::caller().line()
}

fn is_missing(error: &std::io::Error) -> bool {
    error.kind() == std::io::ErrorKind::NotFound
}

#[traced(name = "shapes.options", ret, expected = is_missing, parent = None, links(links))]
fn options(links: &[opentelemetry::trace::SpanContext]) -> Result<usize, std::io::Error> {
    Ok(links.len())
}

#[traced(name = "shapes.options_async", ret(Debug), parent = cx)]
async fn options_async(cx: &opentelemetry::Context) -> Option<u8> {
    Some(1)
}

struct Block;

#[traced]
impl Block {
    fn method(&self) -> u8 {
        1
    }

    async fn one_line(&self) -> Result<u8, String> { Ok(1) }
}

// `tracing::Instrument` and opentelemetry's `FutureExt` are in scope: `.in_current_trace()` is named apart from
// their `.in_current_span()` and `.with_current_context()`.
async fn carried() -> u64 {
    use traced::InCurrentTrace;
    let task = async { 1 }.in_current_trace();
    let thread = std::thread::spawn(traced::in_current_trace(|| 2));
    task.await + thread.join().unwrap_or(0)
}

fn main() {
    let _ = sync(1);
    unit();
    drop(asynchronous(1));
    drop(async_unit());
    drop(impl_future(1));
    drop(boxed(1));
    drop(Pg.get(1));
    let _ = located();
    let _ = options(&[]);
    drop(options_async(&opentelemetry::Context::new()));
    let _ = Block.method();
    drop(Block.one_line());
    drop(carried());
}
