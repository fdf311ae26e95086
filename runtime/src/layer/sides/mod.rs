//! What each side's span is made of when a request starts: its parent, name and start attributes, after the
//! OpenTelemetry HTTP and RPC conventions.

#[cfg(feature = "grpc")]
pub(crate) mod grpc;
pub(crate) mod http_client;
pub(crate) mod http_server;

use std::borrow::Cow;

use opentelemetry::KeyValue;

use super::hooks::{guarded, Hooks, RequestHead};

/// The span's name and attributes after the user's hooks: their name instead of the conventions', their
/// attributes after the conventions'.
#[inline]
fn customised(
    name: Cow<'static, str>,
    mut attributes: Vec<KeyValue>,
    head: &RequestHead<'_>,
    hooks: &Hooks,
) -> (Cow<'static, str>, Vec<KeyValue>) {
    if let Some(on_request) = &hooks.on_request {
        guarded(|| on_request(head, &mut attributes));
    }
    let name = match hooks.name.as_ref().and_then(|name| guarded(|| name(head))) {
        Some(name) => Cow::Owned(name),
        None => name,
    };
    (name, attributes)
}
