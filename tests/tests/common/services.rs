//! Real servers on 127.0.0.1 for the layer tests, each stopped by the test that started it, and the propagators
//! that set-up installs.

use std::net::SocketAddr;
use std::sync::Once;

use opentelemetry::global;
use opentelemetry::propagation::TextMapCompositePropagator;
use opentelemetry_sdk::propagation::BaggagePropagator;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Installs (once) the W3C trace-context and baggage propagators, as `traced::init()` does.
pub fn propagators() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        global::set_text_map_propagator(TextMapCompositePropagator::new(vec![
            Box::new(traced::propagation::TraceContext::new()),
            Box::new(BaggagePropagator::new()),
        ]));
    });
}

/// A runtime for one test: its servers and clients run on it, and stop with it.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("tokio runtime")
}

/// A server on 127.0.0.1, stopped by [`Server::stop`], or aborted when dropped by a failing test.
pub struct Server {
    pub addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds 127.0.0.1 on a free port and runs `serve` there until `stop`.
    pub async fn start<F, Fut>(serve: F) -> Server
    where
        F: FnOnce(TcpListener, oneshot::Receiver<()>) -> Fut,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let (shutdown, stopped) = oneshot::channel();
        let task = tokio::spawn(serve(listener, stopped));
        Server { addr, shutdown: Some(shutdown), task: Some(task) }
    }

    /// An axum app.
    pub async fn http(app: axum::Router) -> Server {
        Server::start(|listener, stopped| async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await
                .expect("axum server");
        })
        .await
    }

    /// tonic routes behind `traced::http::TraceLayer::grpc_server()`.
    pub async fn grpc(routes: tonic::service::Routes) -> Server {
        Server::grpc_with(traced::http::TraceLayer::grpc_server(), routes).await
    }

    /// tonic routes behind `layer`.
    pub async fn grpc_with(layer: traced::http::TraceLayer, routes: tonic::service::Routes) -> Server {
        Server::start(|listener, stopped| async move {
            tonic::transport::Server::builder()
                .layer(layer)
                .add_routes(routes)
                .serve_with_incoming_shutdown(tonic::transport::server::TcpIncoming::from(listener), async move {
                    let _ = stopped.await;
                })
                .await
                .expect("tonic server");
        })
        .await
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Shuts the server down and waits for it.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.expect("server task");
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// The chunks sent on `receiver`, as a body stream that ends when every sender is gone: a response streamed for
/// as long as the test likes.
pub fn chunks(
    receiver: tokio::sync::mpsc::Receiver<bytes::Bytes>,
) -> impl futures::Stream<Item = Result<bytes::Bytes, std::convert::Infallible>> {
    futures::stream::unfold(
        receiver,
        |mut receiver| async move { receiver.recv().await.map(|chunk| (Ok(chunk), receiver)) },
    )
}
