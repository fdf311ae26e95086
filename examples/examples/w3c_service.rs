//! The service that the W3C Trace Context conformance harness (w3c/trace-context, `test/`) drives, written the
//! README's way: axum behind `traced::http::TraceLayer::http_server()`, reqwest with `traced::reqwest::TracingMiddleware`, set up
//! by `traced::init()`.
//!
//! `POST /test` takes a JSON array of `{"url": ..., "arguments": [...]}` and posts each `arguments` to its `url`,
//! in order: the harness reads the trace context those calls carry. With the harness checked out:
//!
//! ```text
//! OTEL_TRACES_EXPORTER=none cargo run --example w3c_service   # listens on 127.0.0.1:5000
//! cd trace-context/test && STRICT_LEVEL=2 SPEC_LEVEL=2 python3 test.py http://127.0.0.1:5000/test
//! ```
//!
//! `W3C_SERVICE_ADDR` sets another address.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use reqwest_middleware::{ClientBuilder, ClientWithMiddleware};
use serde_json::Value;
use tokio::net::TcpListener;

/// Posts each instruction's `arguments` to its `url`.
async fn test(State(client): State<ClientWithMiddleware>, body: String) -> StatusCode {
    let Ok(Value::Array(instructions)) = serde_json::from_str::<Value>(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    for instruction in instructions {
        let (Some(url), Some(arguments)) = (instruction["url"].as_str(), instruction.get("arguments")) else {
            return StatusCode::BAD_REQUEST;
        };
        let sent = client.post(url).header("content-type", "application/json").body(arguments.to_string()).send().await;
        if sent.is_err() {
            return StatusCode::BAD_GATEWAY;
        }
    }
    StatusCode::OK
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let _guard = traced::init()?;
    let client = ClientBuilder::new(reqwest::Client::new()).with(traced::reqwest::TracingMiddleware::new()).build();
    let app =
        Router::new().route("/test", post(test)).with_state(client).layer(traced::http::TraceLayer::http_server());
    let addr = std::env::var("W3C_SERVICE_ADDR").unwrap_or_else(|_| "127.0.0.1:5000".to_owned());
    let listener = TcpListener::bind(&addr).await?;
    println!("listening on http://{addr}/test");
    axum::serve(listener, app).await?;
    Ok(())
}
