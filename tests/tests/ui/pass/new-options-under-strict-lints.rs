#![deny(unused_qualifications, unused, warnings, clippy::all, clippy::pedantic)]
#![deny(rust_2018_idioms, unreachable_pub, missing_debug_implementations)]

//! `ret`, `expected`, `parent`, `links` and an instrumented impl block, under strict lints, with generics.

use opentelemetry::trace::SpanContext;
use opentelemetry::Context;
use traced::traced;

fn is_missing(error: &std::io::Error) -> bool {
    error.kind() == std::io::ErrorKind::NotFound
}

#[derive(Debug)]
struct Store<T> {
    items: Vec<T>,
}

#[traced(prefix = "store")]
impl<T: std::fmt::Debug + Send + Sync> Store<T> {
    #[traced(ret(Debug), expected = is_missing)]
    fn first(&self) -> std::io::Result<&T> {
        self.items.first().ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "empty"))
    }

    #[traced(ret, parent = cx, links(batch))]
    async fn count(&self, cx: &Context, batch: &[SpanContext]) -> usize {
        self.items.len() + batch.len()
    }

    #[traced(parent = None, ret)]
    fn detached(&self) -> bool {
        self.items.is_empty()
    }

    // One expression on one line: no `unused_braces`.
    async fn one_line(&self) -> Result<usize, String> { Ok(self.items.len()) }
}

fn main() {
    let store = Store { items: vec![1_u8] };
    let _ = store.first();
    let _ = store.count(&Context::new(), &[]);
    let _ = store.detached();
    let _ = store.one_line();
}
