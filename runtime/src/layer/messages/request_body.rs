//! The request body of a gRPC call whose messages are counted.

use std::pin::Pin;
use std::task::{ready, Context, Poll};

use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;

use super::Counter;

pin_project! {
    /// A request body that counts the gRPC messages passing through it, and changes nothing: every frame, error,
    /// size hint and end of stream is the inner body's.
    pub(crate) struct MessageBody<B> {
        #[pin]
        inner: B,
        counter: Counter,
    }
}

impl<B> MessageBody<B> {
    pub(crate) fn new(inner: B, counter: Counter) -> Self {
        MessageBody { inner, counter }
    }
}

impl<B: Body> Body for MessageBody<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let this = self.project();
        let frame = ready!(this.inner.poll_frame(cx));
        if let Some(data) = frame.as_ref().and_then(|frame| frame.as_ref().ok()).and_then(Frame::data_ref) {
            this.counter.data(data);
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
