//! The response future of a traced service.

use std::fmt::Display;
use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use http::Response;
use pin_project_lite::pin_project;

use super::body::ResponseBody;
use super::exchange::{Ending, Exchange};

pin_project! {
    /// The response future of a [`TraceService`](super::TraceService): it polls the service's future with the
    /// request's span current, then hands the span on to the response body, which ends it.
    ///
    /// ```
    /// use std::convert::Infallible;
    ///
    /// use futures::executor::block_on;
    /// use tower::{service_fn, Layer, Service, ServiceExt};
    ///
    /// # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().build());
    /// let mut service = traced::http::TraceLayer::http_server().layer(service_fn(|_: http::Request<()>| async {
    ///     // The request's span is current while the service's future runs.
    ///     let status = if traced::trace_id().is_some() { 200 } else { 500 };
    ///     Ok::<_, Infallible>(http::Response::builder().status(status).body(()).unwrap())
    /// }));
    /// block_on(service.ready())?;
    /// let future: traced::http::ResponseFuture<_> = service.call(http::Request::get("/users/7").body(())?);
    /// assert_eq!(block_on(future)?.status(), 200);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct ResponseFuture<F> {
        #[pin]
        inner: F,
        exchange: Option<Exchange>,
    }

    impl<F> PinnedDrop for ResponseFuture<F> {
        fn drop(this: Pin<&mut Self>) {
            if let Some(exchange) = this.project().exchange.take() {
                exchange.finish(Ending::Dropped);
            }
        }
    }
}

impl<F> std::fmt::Debug for ResponseFuture<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

impl<F> ResponseFuture<F> {
    /// `exchange` is `None` for a request left without a span.
    pub(crate) fn new(inner: F, exchange: Option<Exchange>) -> Self {
        ResponseFuture { inner, exchange }
    }
}

impl<F, B, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
    E: Display,
{
    type Output = Result<Response<ResponseBody<B>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let result = {
            let _current = this.exchange.as_ref().map(|exchange| exchange.context().clone().attach());
            ready!(this.inner.poll(cx))
        };
        let exchange = this.exchange.take();
        Poll::Ready(match result {
            Ok(response) => {
                let exchange = exchange.map(|mut exchange| {
                    exchange.response(response.status(), response.version(), response.headers());
                    exchange
                });
                Ok(response.map(|body| ResponseBody::new(body, exchange)))
            }
            Err(error) => {
                if let Some(mut exchange) = exchange {
                    exchange.failed(&error);
                    exchange.finish(Ending::Complete);
                }
                Err(error)
            }
        })
    }
}
