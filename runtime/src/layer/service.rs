//! The service a [`TraceLayer`] wraps its inner service in.

use std::fmt::{self, Display};
use std::task::{Context, Poll};

use http::{Request, Response};
use tower_service::Service;

use super::body::ResponseBody;
use super::future::ResponseFuture;
use super::trace_layer::TraceLayer;

/// A service traced by a [`TraceLayer`]: its responses' bodies are [`ResponseBody`]s, which end the span.
///
/// ```
/// use std::convert::Infallible;
///
/// use opentelemetry::trace::SpanKind;
/// use tower::{service_fn, Layer, ServiceExt};
///
/// # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
/// # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
/// let service: traced::http::TraceService<_> = traced::http::TraceLayer::http_server()
///     .layer(service_fn(|_: http::Request<()>| async { Ok::<_, Infallible>(http::Response::new(())) }));
/// let response = futures::executor::block_on(service.oneshot(http::Request::get("/health").body(())?))?;
/// drop(response); // with its body: the span ends
///
/// let span = &exporter.get_finished_spans().unwrap()[0];
/// assert_eq!((span.name.as_ref(), &span.span_kind), ("GET", &SpanKind::Server));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct TraceService<S> {
    inner: S,
    layer: TraceLayer,
}

impl<S> TraceService<S> {
    pub(crate) fn new(inner: S, layer: TraceLayer) -> Self {
        TraceService { inner, layer }
    }
}

impl<S: Clone> Clone for TraceService<S> {
    fn clone(&self) -> Self {
        TraceService::new(self.inner.clone(), self.layer.clone())
    }
}

impl<S: fmt::Debug> fmt::Debug for TraceService<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TraceService").field("inner", &self.inner).field("layer", &self.layer).finish()
    }
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for TraceService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    S::Error: Display,
    // A gRPC layer recognises tonic's request body by its type, to count its messages.
    ReqBody: 'static,
{
    type Response = Response<ResponseBody<ResBody>>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        let exchange = self.layer.start(&mut request);
        // Current while the inner service starts, too: a service may do its work in `call`.
        let future = {
            let _current = exchange.as_ref().map(|exchange| exchange.context().clone().attach());
            self.inner.call(request)
        };
        ResponseFuture::new(future, exchange)
    }
}
