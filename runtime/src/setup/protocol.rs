//! The OTLP transports, named by `Otlp::grpc` / `Otlp::http` and by `OTEL_EXPORTER_OTLP_PROTOCOL`.

/// The OTLP transport.
///
/// `OTEL_EXPORTER_OTLP_PROTOCOL` names it (`grpc`, `http/protobuf`); in code, [`Otlp::grpc`](super::Otlp::grpc),
/// [`Otlp::http`](super::Otlp::http) or [`Otlp::new`](super::Otlp::new) pick it.
///
/// ```
/// # #[cfg(any(feature = "otlp-grpc", feature = "otlp-http"))] {
/// use traced::setup::OtlpProtocol;
///
/// fn default_port(protocol: OtlpProtocol) -> u16 {
///     match protocol {
///         OtlpProtocol::Grpc => 4317,
///         OtlpProtocol::HttpProtobuf => 4318,
///         _ => 4318, // a transport added later
///     }
/// }
/// assert_eq!(default_port(OtlpProtocol::Grpc), 4317);
/// # }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
// Read from `OTEL_EXPORTER_OTLP_PROTOCOL` even without the `otlp` feature, which alone exports.
#[cfg_attr(not(any(feature = "otlp-grpc", feature = "otlp-http")), allow(dead_code, unreachable_pub))]
pub enum OtlpProtocol {
    /// gRPC, by default to `http://localhost:4317`.
    Grpc,
    /// HTTP with protobuf bodies, by default to `http://localhost:4318/v1/traces`.
    HttpProtobuf,
}
