//! [`TracedResolver`]: the name resolution of a new connection, on the span of the request it is made for.

use std::fmt::Display;
use std::net::SocketAddr;
use std::task::{Context, Poll};

use hyper_util::client::legacy::connect::dns::Name;
use opentelemetry::{Array, KeyValue, StringValue, Value};
use opentelemetry_semantic_conventions::attribute::{DNS_ANSWERS, DNS_QUESTION_NAME};
use tower_service::Service;

use super::connector::Connecting;
use super::watch::{self, Watch};

/// A resolver (hyper-util's `GaiResolver`, or any `tower::Service` of hyper-util's `Name`s) whose resolutions are
/// events on the span of the request they are made for, when that request's client layer has
/// [connection events](crate::http::TraceLayer::with_connection_events):
///
/// - `http.dns.start` with `dns.question.name`, the host,
/// - `http.dns.done` with `dns.question.name` and `dns.answers`, the addresses it resolved to, in order,
/// - `http.dns.error` with `dns.question.name`, `error.type` and `exception.message` when it fails.
///
/// Give it to hyper-util's `HttpConnector::new_with_resolver`, or to reqwest's `ClientBuilder::dns_resolver`
/// (feature `reqwest`). The addresses are passed on in the resolver's order, its errors untouched. A host that
/// is an IP address is not resolved: `HttpConnector` connects to it straight away.
///
/// ```
/// use hyper_util::client::legacy::connect::dns::GaiResolver;
/// use hyper_util::client::legacy::connect::HttpConnector;
/// use traced::http::{TracedConnector, TracedResolver};
///
/// let connector = TracedConnector::new(HttpConnector::new_with_resolver(TracedResolver::new(GaiResolver::new())));
/// # let _ = connector;
/// ```
#[derive(Clone, Debug)]
pub struct TracedResolver<R> {
    inner: R,
}

impl<R> TracedResolver<R> {
    /// Traces the resolutions of `inner`.
    ///
    /// ```
    /// let resolver = traced::http::TracedResolver::new(hyper_util::client::legacy::connect::dns::GaiResolver::new());
    /// # let _ = resolver;
    /// ```
    pub fn new(inner: R) -> Self {
        TracedResolver { inner }
    }
}

impl<R> Service<Name> for TracedResolver<R>
where
    R: Service<Name>,
    R::Response: Iterator<Item = SocketAddr>,
    R::Error: Display + Send + 'static,
    R::Future: Send + 'static,
{
    /// The addresses, collected to be recorded.
    type Response = std::vec::IntoIter<SocketAddr>;
    type Error = R::Error;
    type Future = Connecting<Self::Response, R::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), R::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, name: Name) -> Self::Future {
        let mut watch = Watch::current();
        let host = watch.with(|_, span| {
            let host = name.as_str().to_owned();
            span.add_event(watch::DNS_START, vec![KeyValue::new(DNS_QUESTION_NAME, host.clone())]);
            host
        });
        let resolving = self.inner.call(name);
        Box::pin(async move {
            let resolved = resolving.await.map(|addresses| addresses.collect::<Vec<_>>());
            if let Some(host) = host {
                watch.with(|state, span| {
                    let question = KeyValue::new(DNS_QUESTION_NAME, host);
                    match &resolved {
                        Ok(addresses) => {
                            span.add_event(watch::DNS_DONE, vec![question, answers(addresses)]);
                            // The traced connector above now starts connecting.
                            if state.connect_called.take().is_some() {
                                span.add_event(watch::CONNECT_START, Vec::new());
                            }
                        }
                        Err(error) => {
                            state.dns_failed = true;
                            let mut attributes = watch::failure(error);
                            attributes.insert(0, question);
                            span.add_event(watch::DNS_ERROR, attributes);
                        }
                    }
                });
            }
            resolved.map(Vec::into_iter)
        })
    }
}

/// `dns.answers`: the IP addresses, without the port (which the connector sets).
fn answers(addresses: &[SocketAddr]) -> KeyValue {
    let ips = addresses.iter().map(|address| StringValue::from(address.ip().to_string())).collect();
    KeyValue::new(DNS_ANSWERS, Value::Array(Array::String(ips)))
}

#[cfg(feature = "reqwest")]
impl<R> reqwest::dns::Resolve for TracedResolver<R>
where
    R: Service<Name> + Clone + Send + Sync + 'static,
    R::Response: Iterator<Item = SocketAddr>,
    R::Error: Display + Into<Box<dyn std::error::Error + Send + Sync>> + Send + 'static,
    R::Future: Send + 'static,
{
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let mut resolver = self.clone();
        // reqwest's name is hyper-util's, behind a type of its own.
        let name = name.as_str().parse::<Name>();
        Box::pin(async move {
            let name = name?;
            std::future::poll_fn(|cx| resolver.poll_ready(cx)).await.map_err(Into::into)?;
            let addresses = resolver.call(name).await.map_err(Into::into)?;
            Ok(Box::new(addresses) as reqwest::dns::Addrs)
        })
    }
}
