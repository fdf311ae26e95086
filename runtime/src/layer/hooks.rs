//! What a user can change in a [`TraceLayer`](super::TraceLayer)'s spans: which requests get none, their names,
//! extra attributes from the request and the response, and which outcomes are failures.

use std::fmt;
use std::sync::Arc;

use http::{Extensions, HeaderMap, Method, StatusCode, Uri, Version};
use opentelemetry::KeyValue;

use crate::sanitize::QueryKeys;

/// The head of a request, as the layer's hooks see it: everything but the body.
///
/// ```
/// use traced::http::RequestHead;
///
/// /// A server's skip hook: no spans for health checks.
/// fn is_health_check(request: &RequestHead<'_>) -> bool {
///     request.method == http::Method::GET && request.uri.path() == "/health"
/// }
/// let layer = traced::http::TraceLayer::http_server().with_skip(is_health_check);
///
/// // A hook is a function of the head alone, so a test can call it.
/// let (parts, ()) = http::Request::get("/health").body(())?.into_parts();
/// let head = RequestHead {
///     method: &parts.method,
///     uri: &parts.uri,
///     version: parts.version,
///     headers: &parts.headers,
///     extensions: &parts.extensions,
/// };
/// assert!(is_health_check(&head));
/// # let _ = layer;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct RequestHead<'a> {
    /// The method.
    pub method: &'a Method,
    /// The request target.
    pub uri: &'a Uri,
    /// The HTTP version.
    pub version: Version,
    /// The headers.
    pub headers: &'a HeaderMap,
    /// The extensions (axum's `MatchedPath` among them, on a server behind a router).
    pub extensions: &'a Extensions,
}

impl<'a> RequestHead<'a> {
    pub(crate) fn of<B>(request: &'a http::Request<B>) -> Self {
        RequestHead {
            method: request.method(),
            uri: request.uri(),
            version: request.version(),
            headers: request.headers(),
            extensions: request.extensions(),
        }
    }
}

/// The head of a response, as the layer's hooks see it.
///
/// ```
/// use traced::http::ResponseHead;
/// use traced::KeyValue;
///
/// /// A client's response hook: whether a cache answered.
/// fn cache_status(response: &ResponseHead<'_>, attributes: &mut Vec<KeyValue>) {
///     if let Some(cache) = response.headers.get("x-cache").and_then(|value| value.to_str().ok()) {
///         attributes.push(KeyValue::new("cache", cache.to_owned()));
///     }
/// }
/// let layer = traced::http::TraceLayer::http_client().with_response_attributes(cache_status);
///
/// let mut headers = http::HeaderMap::new();
/// headers.insert("x-cache", "HIT".parse()?);
/// let head = ResponseHead { status: http::StatusCode::OK, version: http::Version::HTTP_11, headers: &headers };
/// let mut attributes = Vec::new();
/// cache_status(&head, &mut attributes);
/// assert_eq!(attributes, [KeyValue::new("cache", "HIT")]);
/// # let _ = layer;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct ResponseHead<'a> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The HTTP version.
    pub version: Version,
    /// The headers (for gRPC, the status is usually in the trailers: see [`Outcome::Grpc`]).
    pub headers: &'a HeaderMap,
}

/// How an exchange ended, for the failure classifier of
/// [`TraceLayer::with_failure`](super::TraceLayer::with_failure).
///
/// ```
/// use http::StatusCode;
/// use traced::http::Outcome;
///
/// /// A lookup client's classifier: not finding something is an answer, not a failure.
/// fn is_failure(outcome: Outcome) -> bool {
///     match outcome {
///         Outcome::Http(status) => {
///             status.is_server_error() || (status.is_client_error() && status != StatusCode::NOT_FOUND)
///         }
///         Outcome::Grpc(code) => code != 0 && code != 5, // OK, NOT_FOUND
///         _ => true,
///     }
/// }
/// let layer = traced::http::TraceLayer::http_client().with_failure(is_failure);
/// assert!(!is_failure(Outcome::Http(StatusCode::NOT_FOUND)));
/// assert!(is_failure(Outcome::Grpc(14)), "UNAVAILABLE");
/// # let _ = layer;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// An HTTP response with this status.
    Http(StatusCode),
    /// A gRPC call that ended with this status code (`0` is OK, `5` NOT_FOUND, ...).
    Grpc(i32),
}

type Skip = dyn Fn(&RequestHead<'_>) -> bool + Send + Sync;
type Name = dyn Fn(&RequestHead<'_>) -> String + Send + Sync;
type OnRequest = dyn Fn(&RequestHead<'_>, &mut Vec<KeyValue>) + Send + Sync;
type OnResponse = dyn Fn(&ResponseHead<'_>, &mut Vec<KeyValue>) + Send + Sync;
type IsFailure = dyn Fn(Outcome) -> bool + Send + Sync;

/// The hooks a layer was given, and the query keys it redacts beyond the default list; each `None` keeps
/// traced's own behaviour.
#[derive(Clone, Default)]
pub(crate) struct Hooks {
    pub(crate) skip: Option<Arc<Skip>>,
    pub(crate) name: Option<Arc<Name>>,
    pub(crate) on_request: Option<Arc<OnRequest>>,
    pub(crate) on_response: Option<Arc<OnResponse>>,
    pub(crate) is_failure: Option<Arc<IsFailure>>,
    pub(crate) query_keys: QueryKeys,
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hooks")
            .field("skip", &self.skip.is_some())
            .field("name", &self.name.is_some())
            .field("on_request", &self.on_request.is_some())
            .field("on_response", &self.on_response.is_some())
            .field("is_failure", &self.is_failure.is_some())
            .field("query_keys", &self.query_keys)
            .finish()
    }
}

/// What `hook` returns, or `None` when it panics: a user's hook must not take the exchange down with it (nor
/// abort the process, run from a response body dropped while unwinding). The panic hook still reports it.
pub(crate) fn guarded<R>(hook: impl FnOnce() -> R) -> Option<R> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(hook)).ok()
}

impl Hooks {
    pub(crate) const NONE: Hooks = Hooks {
        skip: None,
        name: None,
        on_request: None,
        on_response: None,
        is_failure: None,
        query_keys: QueryKeys::DEFAULT,
    };

    /// Whether any hook looks at the response: the exchange then carries the hooks to its end.
    pub(crate) fn see_responses(&self) -> bool {
        self.on_response.is_some() || self.is_failure.is_some()
    }
}
