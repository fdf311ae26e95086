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
                    if let Some(trailers) = frame.trailers_ref() {
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
