//! The response body of a traced exchange.

use std::pin::Pin;
use std::task::{ready, Context, Poll};

use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;

use super::exchange::{Ending, Exchange};

pin_project! {
    /// The response body of a [`TraceService`](super::TraceService): every frame, size hint and end of stream
    /// passes through untouched, and the request's span ends when the body ends (or is dropped), so a response
    /// streamed for minutes keeps its span open that long.
    ///
    /// ```
    /// use std::convert::Infallible;
    /// use std::pin::Pin;
    /// use std::task::{Context, Poll};
    ///
    /// use futures::executor::block_on;
    /// use futures::task::noop_waker_ref;
    /// use http_body::Body;
    /// use tower::{service_fn, Layer, ServiceExt};
    ///
    /// # let exporter = opentelemetry_sdk::trace::InMemorySpanExporter::default();
    /// # traced::set_tracer_provider(opentelemetry_sdk::trace::SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build());
    /// let service = traced::http::TraceLayer::http_server().layer(service_fn(|_: http::Request<()>| async {
    ///     Ok::<_, Infallible>(http::Response::new("ada".to_owned()))
    /// }));
    /// let response = block_on(service.oneshot(http::Request::get("/users/7").body(())?))?;
    /// assert!(exporter.get_finished_spans().unwrap().is_empty(), "the body is still to come: the span is open");
    ///
    /// let mut body: traced::http::ResponseBody<String> = response.into_body();
    /// let Poll::Ready(Some(frame)) = Pin::new(&mut body).poll_frame(&mut Context::from_waker(noop_waker_ref())) else {
    ///     unreachable!("a `String` body is ready at once")
    /// };
    /// assert_eq!(frame?.into_data().unwrap(), "ada");
    /// assert_eq!(exporter.get_finished_spans().unwrap().len(), 1, "its last frame ended the span");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct ResponseBody<B> {
        #[pin]
        inner: B,
        exchange: Option<Exchange>,
    }

    impl<B> PinnedDrop for ResponseBody<B> {
        fn drop(this: Pin<&mut Self>) {
            if let Some(exchange) = this.project().exchange.take() {
                exchange.finish(Ending::Dropped);
            }
        }
    }
}

impl<B: std::fmt::Debug> std::fmt::Debug for ResponseBody<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseBody").field("inner", &self.inner).finish_non_exhaustive()
    }
}

impl<B> ResponseBody<B> {
    pub(crate) fn new(inner: B, exchange: Option<Exchange>) -> Self {
        ResponseBody { inner, exchange }
    }
}

impl<B> Body for ResponseBody<B>
where
    B: Body,
    B::Error: std::fmt::Display,
{
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let mut this = self.project();
        // Current while the body makes its frames: a streamed response may call `#[traced]` functions.
        let frame = {
            let _current = this.exchange.as_ref().map(|exchange| exchange.context().clone().attach());
            ready!(this.inner.as_mut().poll_frame(cx))
        };
        if let Some(exchange) = this.exchange.as_mut() {
            match &frame {
                Some(Ok(frame)) => {
                    if let Some(data) = frame.data_ref() {
                        exchange.data(data);
                    } else if let Some(trailers) = frame.trailers_ref() {
                        exchange.trailers(trailers);
                    }
                }
                Some(Err(error)) => exchange.failed(error),
                None => {}
            }
            // A body that reports its end after its last frame may never be polled again.
            let ended = !matches!(frame, Some(Ok(_))) || this.inner.is_end_stream();
            if ended {
                if let Some(exchange) = this.exchange.take() {
                    exchange.finish(Ending::Complete);
                }
            }
        }
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
