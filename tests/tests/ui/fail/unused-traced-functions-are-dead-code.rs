// `#[traced]` keeps `dead_code` working, as tracing-attributes' `unused_instrumented_fn` test checks: every
// unused function below is reported, whatever its shape.
#![deny(dead_code)]

use std::future::Future;
use std::pin::Pin;

use traced::traced;

#[traced(name = "dead.sync")]
fn sync() -> u32 {
    1
}

#[traced(name = "dead.unit")]
fn unit() {}

#[traced(name = "dead.asynchronous")]
async fn asynchronous() -> Result<(), String> {
    Ok(())
}

#[traced(name = "dead.impl_future")]
fn impl_future() -> impl Future<Output = u8> {
    async { 1 }
}

#[traced(name = "dead.boxed")]
fn boxed() -> Pin<Box<dyn Future<Output = u8> + Send>> {
    Box::pin(async { 1 })
}

struct Repo;

impl Repo {
    #[traced(name = "dead.method")]
    fn method(&self) {}
}

fn main() {
    let _ = Repo;
}
