//! What the layers read off requests and responses for the OpenTelemetry semantic conventions (HTTP and RPC
//! spans). The attribute names are `opentelemetry-semantic-conventions`' own, so the spans follow the version of
//! the conventions that crate defines: 1.42
//! ([`SCHEMA_URL`](opentelemetry_semantic_conventions::SCHEMA_URL)).

use std::borrow::Cow;

use http::uri::Scheme;
use http::{HeaderMap, Method, StatusCode, Uri, Version};
use opentelemetry::KeyValue;
use opentelemetry_semantic_conventions::trace::{
    HTTP_REQUEST_METHOD, HTTP_REQUEST_METHOD_ORIGINAL, RPC_METHOD, RPC_METHOD_ORIGINAL, SERVER_ADDRESS, SERVER_PORT,
};

use crate::sanitize::QueryKeys;

/// `rpc.system.name` of a gRPC span, and the name of one whose method is `_OTHER`.
pub(crate) const GRPC: &str = "grpc";

pub(crate) const GRPC_OK: i32 = 0;
pub(crate) const GRPC_CANCELLED: i32 = 1;
pub(crate) const GRPC_UNKNOWN: i32 = 2;
pub(crate) const GRPC_UNIMPLEMENTED: i32 = 12;
/// The codes that make a server span an error: the server's fault, not the caller's.
pub(crate) const GRPC_SERVER_ERRORS: [i32; 6] = [2, 4, 12, 13, 14, 15];

/// `http.request.method`, with the original when the method is not one the conventions know: the span name uses
/// the first, which stays low-cardinality.
pub(crate) fn method(method: &Method, attributes: &mut Vec<KeyValue>) -> &'static str {
    let known = match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::PATCH => "PATCH",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => "_OTHER",
    };
    attributes.push(KeyValue::new(HTTP_REQUEST_METHOD, known));
    if known == "_OTHER" {
        attributes.push(KeyValue::new(HTTP_REQUEST_METHOD_ORIGINAL, method.as_str().to_owned()));
    }
    known
}

/// `network.protocol.version` as the conventions spell it.
pub(crate) fn protocol_version(version: Version) -> Option<&'static str> {
    Some(match version {
        Version::HTTP_09 => "0.9",
        Version::HTTP_10 => "1.0",
        Version::HTTP_11 => "1.1",
        Version::HTTP_2 => "2",
        Version::HTTP_3 => "3",
        _ => return None,
    })
}

/// `server.address` and `server.port` from an authority (`host[:port]`), the port defaulted from the scheme.
pub(crate) fn server(authority: &str, scheme: &str, attributes: &mut Vec<KeyValue>) {
    let (host, port) = split_authority(authority);
    if host.is_empty() {
        return;
    }
    attributes.push(KeyValue::new(SERVER_ADDRESS, host.to_owned()));
    let port = port.or(match scheme {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    });
    if let Some(port) = port {
        attributes.push(KeyValue::new(SERVER_PORT, i64::from(port)));
    }
}

/// The host and port of an authority, read in place: an IPv6 literal loses its brackets, user info is skipped.
fn split_authority(authority: &str) -> (&str, Option<u16>) {
    // Searched as bytes, each an ASCII delimiter (so every cut is at a character boundary): on a request's
    // short authority, `str`'s pattern searchers cost more than the whole scan.
    let bytes = authority.as_bytes();
    let authority = match bytes.iter().rposition(|&byte| byte == b'@') {
        Some(at) => &authority[at + 1..],
        None => authority,
    };
    let (host, port) = match authority.strip_prefix('[') {
        Some(literal) => match literal.bytes().position(|byte| byte == b']') {
            Some(end) => (&literal[..end], literal[end + 1..].strip_prefix(':')),
            None => (authority, None),
        },
        None => match authority.bytes().rposition(|byte| byte == b':') {
            Some(colon) => (&authority[..colon], Some(&authority[colon + 1..])),
            None => (authority, None),
        },
    };
    (host, port.and_then(|port| port.parse().ok()))
}

/// The authority a server was addressed by: the request target's, else the `Host` header's.
pub(crate) fn requested_authority<'a>(uri: &'a Uri, headers: &'a HeaderMap) -> Option<&'a str> {
    match uri.authority() {
        Some(authority) => Some(authority.as_str()),
        None => headers.get(http::header::HOST)?.to_str().ok(),
    }
}

/// The scheme of a request: the target's when it names one, else `http` (the server cannot see TLS ended
/// before it).
pub(crate) fn scheme(uri: &Uri) -> &str {
    uri.scheme().map(Scheme::as_str).unwrap_or("http")
}

/// `url.full` for a client request, with what the conventions say never to record redacted: the user and
/// password, and the values of query parameters that are signatures, keys or tokens (case-insensitive).
pub(crate) fn full_url(uri: &Uri, keys: &QueryKeys) -> String {
    let url = uri.to_string();
    match keys.url(&url) {
        Cow::Owned(clean) => clean,
        Cow::Borrowed(_) => url,
    }
}

/// The `grpc-status` (and `grpc-message`) a header map carries.
pub(crate) fn grpc_status(headers: &HeaderMap) -> Option<(i32, Option<String>)> {
    let code = headers.get("grpc-status")?.to_str().ok()?.trim().parse().ok()?;
    // A code gRPC does not define is UNKNOWN, as tonic reports it to the caller.
    let code = if (GRPC_OK..=16).contains(&code) { code } else { GRPC_UNKNOWN };
    let message = headers.get("grpc-message").and_then(|message| message.to_str().ok()).map(percent_decode);
    Some((code, message))
}

/// The gRPC status a client reports for a response that is not HTTP 200, from gRPC's HTTP-to-gRPC mapping.
pub(crate) fn grpc_status_of_http(status: StatusCode) -> (i32, Option<String>) {
    let code = match status.as_u16() {
        400 => 13,
        401 => 16,
        403 => 7,
        404 => 12,
        429 | 502 | 503 | 504 => 14,
        _ => GRPC_UNKNOWN,
    };
    (code, Some(format!("HTTP status {status}")))
}

/// The name gRPC gives a status code: `rpc.response.status_code`, and `error.type` when it is an error.
pub(crate) fn grpc_code_name(code: i32) -> &'static str {
    match code {
        0 => "OK",
        1 => "CANCELLED",
        3 => "INVALID_ARGUMENT",
        4 => "DEADLINE_EXCEEDED",
        5 => "NOT_FOUND",
        6 => "ALREADY_EXISTS",
        7 => "PERMISSION_DENIED",
        8 => "RESOURCE_EXHAUSTED",
        9 => "FAILED_PRECONDITION",
        10 => "ABORTED",
        11 => "OUT_OF_RANGE",
        12 => "UNIMPLEMENTED",
        13 => "INTERNAL",
        14 => "UNAVAILABLE",
        15 => "DATA_LOSS",
        16 => "UNAUTHENTICATED",
        // 2, and what `grpc_status` read as 2.
        _ => "UNKNOWN",
    }
}

/// `rpc.method` of a call to `path`, and the span name the conventions give the call (RPC spans, "Name").
///
/// The method is fully qualified, `package.Service/Method`, when the path has that shape and `known` says the
/// framework recognises the method; else it is `_OTHER`, with the path in `rpc.method_original`, and the span is
/// named `grpc`: paths a peer makes up must not make names and values without bound.
pub(crate) fn rpc_method<'a>(path: &'a str, known: bool, attributes: &mut Vec<KeyValue>) -> &'a str {
    match grpc_method(path).filter(|_| known) {
        Some(method) => {
            attributes.push(KeyValue::new(RPC_METHOD, method.to_owned()));
            method
        }
        None => {
            attributes.push(KeyValue::new(RPC_METHOD, "_OTHER"));
            let original = path.strip_prefix('/').unwrap_or(path);
            attributes.push(KeyValue::new(RPC_METHOD_ORIGINAL, original.to_owned()));
            GRPC
        }
    }
}

/// The method a gRPC path `/package.Service/Method` names, `package.Service/Method`; `None` for another shape.
pub(crate) fn grpc_method(path: &str) -> Option<&str> {
    let method = path.strip_prefix('/')?;
    let (service, name) = method.split_once('/')?;
    (!service.is_empty() && !name.is_empty() && !name.contains('/')).then_some(method)
}

/// `grpc-message` is percent-encoded (gRPC over HTTP/2, "Responses"); a malformed escape stays as it is.
fn percent_decode(message: &str) -> String {
    String::from_utf8_lossy(&crate::encoding::percent_decode(message).0).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_url_redacts_credentials_and_signatures() {
        let uri: Uri = "https://user:pw@example.com:8443/a/b?sig=abc&page=2&X-Goog-Signature=zz".parse().unwrap();
        assert_eq!(
            full_url(&uri, &QueryKeys::default()),
            "https://REDACTED:REDACTED@example.com:8443/a/b?sig=REDACTED&page=2&X-Goog-Signature=REDACTED"
        );
    }

    #[test]
    fn authorities_split_into_host_and_port() {
        assert_eq!(split_authority("example.com:8443"), ("example.com", Some(8443)));
        assert_eq!(split_authority("example.com"), ("example.com", None));
        assert_eq!(split_authority("[::1]:3000"), ("::1", Some(3000)));
        assert_eq!(split_authority("[::1]"), ("::1", None));
        assert_eq!(split_authority("user:pw@host:1"), ("host", Some(1)));
        assert_eq!(split_authority("host:nope"), ("host", None));
        assert_eq!(split_authority("[::1"), ("[::1", None));
        assert_eq!(split_authority("é@[é]:é"), ("é", None));
    }

    #[test]
    fn any_authority_splits_without_panicking() {
        let mut random = crate::random_text::RandomText::new(0x51_7cc1_b727_220a);
        for _ in 0..20_000 {
            let authority = random.text(&["@", "[", "]", ":", "é", "日本", "🦀", "1", "h", ""], 12, |_| true);
            let (host, _) = split_authority(&authority);
            assert!(authority.contains(host), "{authority:?} gave {host:?}");
        }
    }

    #[test]
    fn the_layer_docs_name_the_conventions_version() {
        // The docs of `traced::http` and `traced::grpc` say 1.42: a new version of the crate must update them.
        assert_eq!(opentelemetry_semantic_conventions::SCHEMA_URL, "https://opentelemetry.io/schemas/1.42.0");
    }

    #[test]
    fn codes_grpc_does_not_define_are_unknown() {
        let status = |code: &str| {
            let mut headers = HeaderMap::new();
            headers.insert("grpc-status", code.parse().unwrap());
            grpc_status(&headers).map(|(code, _)| grpc_code_name(code))
        };
        assert_eq!(status("0"), Some("OK"));
        assert_eq!(status("16"), Some("UNAUTHENTICATED"));
        assert_eq!(status("17"), Some("UNKNOWN"));
        assert_eq!(status("-1"), Some("UNKNOWN"));
        assert_eq!(status("x"), None);
    }

    #[test]
    fn only_service_slash_method_paths_name_a_method() {
        assert_eq!(grpc_method("/pkg.Service/Method"), Some("pkg.Service/Method"));
        for path in ["/", "/pkg.Service", "/pkg.Service/", "//Method", "/a/b/c", "pkg.Service/Method"] {
            assert_eq!(grpc_method(path), None, "{path}");
        }
    }

    #[test]
    fn grpc_message_is_percent_decoded() {
        assert_eq!(percent_decode("caf%C3%A9 %zz %+1 100%"), "café %zz %+1 100%");
    }
}
