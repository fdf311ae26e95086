//! The service every layer wraps its inner service in.

use std::fmt::{self, Display};
use std::task::{Context, Poll};

use http::{Request, Response};
use tower_service::Service;

use super::body::ResponseBody;
use super::exchange::Exchange;
use super::future::ResponseFuture;

/// Which span a [`Traced`] service starts for a request: one per layer.
pub trait Starts {
    #[doc(hidden)]
    fn start<B>(&self, request: &mut Request<B>) -> Exchange;
}

/// A service wrapped by one of traced's layers: `K` is the layer, with its settings.
pub struct Traced<S, K> {
    inner: S,
    layer: K,
}

impl<S, K> Traced<S, K> {
    pub(crate) fn new(inner: S, layer: K) -> Self {
        Traced { inner, layer }
    }
}

impl<S: Clone, K: Clone> Clone for Traced<S, K> {
    fn clone(&self) -> Self {
        Traced::new(self.inner.clone(), self.layer.clone())
    }
}

impl<S: fmt::Debug, K> fmt::Debug for Traced<S, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Traced").field("inner", &self.inner).finish()
    }
}

impl<S, K, ReqBody, ResBody> Service<Request<ReqBody>> for Traced<S, K>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    S::Error: Display,
    K: Starts,
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
            let _current = exchange.context().clone().attach();
            self.inner.call(request)
        };
        ResponseFuture::new(future, exchange)
    }
}
