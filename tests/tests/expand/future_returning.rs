use std::future::Future;
use std::pin::Pin;

use traced::traced;

#[traced(name = "jobs.block", fields(id))]
fn block(id: u64) -> impl Future<Output = Result<u64, String>> {
    async move { Ok(id) }
}

#[traced(name = "jobs.boxed", fields(id))]
fn boxed(id: u64) -> Pin<Box<dyn Future<Output = Result<u64, String>> + Send>> {
    let doubled = id * 2;
    Box::pin(async move { Ok(doubled) })
}

fn main() {}
