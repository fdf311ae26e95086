//! Control at run time: a span filter an operator changes while the service runs (here from an admin endpoint),
//! and a sampler that drops most traces while keep-errors and keep-slow still export the ones that matter.
//!
//! Run it with `cargo run --example run_time_control`: it serves on 127.0.0.1, calls itself, changes the filter
//! twice (once with a mistake), and prints each exported trace as a tree.

use std::time::Duration;

use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::Router;
use traced::sampling::{Conditional, ProbabilitySampler};
use traced::traced;

#[traced(name = "shop.list_orders")]
async fn list_orders() -> String {
    let orders = query_orders().await;
    format!("{orders} orders\n")
}

#[traced(name = "db.query.orders")]
async fn query_orders() -> u32 {
    tokio::time::sleep(Duration::from_millis(2)).await;
    3
}

#[traced(name = "shop.render_report")]
async fn render_report() -> &'static str {
    tokio::time::sleep(Duration::from_millis(300)).await;
    "report\n"
}

/// `PUT /admin/spans` with a filter as its body: the operator's switch. Put it behind your own authentication: it
/// changes what the whole process traces.
async fn set_spans(filter: String) -> (StatusCode, String) {
    match traced::set_filter(&filter) {
        Ok(()) => (StatusCode::OK, format!("span filter is now {filter:?}\n")),
        Err(error) => (StatusCode::BAD_REQUEST, format!("{error}\n")),
    }
}

fn app() -> Router {
    Router::new()
        .route("/orders", get(list_orders))
        .route("/report", get(render_report))
        .route("/admin/spans", put(set_spans))
        .layer(traced::http::TraceLayer::http_server())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Orders are always traced, everything else dropped; but a dropped request that fails, or lasts 200 ms or
    // more, is exported all the same. The database's spans are off until someone needs them, and the admin
    // endpoint's too.
    let guard = traced::builder()
        .with_service_name("run-time-control")
        .with_sampler(Conditional::new(ProbabilitySampler::new(0.0)?).always_if_name("GET /orders"))
        .with_keep_errors(true)
        .with_keep_slow(Duration::from_millis(200))
        .with_filter("db=off,PUT /admin=off")
        .install()?;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app())
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await
    });

    let client = reqwest::Client::new();
    let say = |text: &str| println!("\n# {text}");
    let admin = |filter: &'static str| client.put(format!("{base}/admin/spans")).body(filter).send();

    say("GET /orders under `db=off`: no database span");
    client.get(format!("{base}/orders")).send().await?;
    say("GET /report: dropped by the sampler, exported because it was slow");
    client.get(format!("{base}/report")).send().await?;

    // A new filter replaces the whole filter: the admin endpoint's rule is given again.
    say(admin("db=on,PUT /admin=off").await?.text().await?.trim());
    client.get(format!("{base}/orders")).send().await?;

    let refused = admin("db*=off").await?;
    say(&format!("{}: {}", refused.status(), refused.text().await?.trim()));
    client.get(format!("{base}/orders")).send().await?;

    let _ = stop.send(());
    server.await??;
    guard.shutdown()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use tower::ServiceExt;

    use super::*;

    /// The handler's own spans, caught by `traced::testing` apart from any test running beside this one.
    #[tokio::test]
    async fn orders_are_listed_under_a_span_of_their_own() {
        let capture = traced::testing::capture();
        let request = axum::http::Request::get("/orders").body(axum::body::Body::empty()).unwrap();
        let response = capture.run_async(app().oneshot(request)).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        drop(response);

        let spans = capture.spans();
        let served = spans.named("GET /orders").assert_top_level().assert_attribute("http.route", "/orders");
        let listed = spans.named("shop.list_orders").assert_child_of(served);
        spans.named("db.query.orders").assert_child_of(listed).assert_not_error();
    }
}
