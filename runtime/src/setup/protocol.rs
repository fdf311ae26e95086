//! The OTLP transports, named by `Otlp::grpc` / `Otlp::http` and by `OTEL_EXPORTER_OTLP_PROTOCOL`.

/// The OTLP transport.
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
