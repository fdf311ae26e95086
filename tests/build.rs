//! Generates the test gRPC services `traced.test.Stock` and `traced.test.Streams` from Rust descriptions
//! (tonic-build's `manual` module): no `.proto` file, no protoc. The messages are hand-written in `src/lib.rs`,
//! which includes the output.

use tonic_build::manual::{Builder, Method, Service};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let method = |name: &str, route_name: &str, comment: &str| {
        Method::builder()
            .name(name)
            .route_name(route_name)
            .comment(comment)
            .input_type("crate::CheckRequest")
            .output_type("crate::CheckReply")
            .codec_path("tonic_prost::ProstCodec")
    };
    let stock = Service::builder()
        .name("Stock")
        .package("traced.test")
        .comment("A stock service for the gRPC layer tests.")
        .method(method("check", "Check", "One reply, or the status the request asks for.").build())
        .method(
            method("watch", "Watch", "A stream of replies, ended by the status the request asks for.")
                .server_streaming()
                .build(),
        )
        .build();
    // One method of each kind, for the message events of the gRPC layers.
    let streams = Service::builder()
        .name("Streams")
        .package("traced.test")
        .comment("One method of each streaming kind, for the message events of the gRPC layer tests.")
        .method(method("once", "Once", "Unary: one reply, the request's sku.").build())
        .method(
            method("fan", "Fan", "Server streaming: `replies` replies, counting from 0.").server_streaming().build(),
        )
        .method(
            method("tally", "Tally", "Client streaming: one reply, counting the requests.").client_streaming().build(),
        )
        .method(
            method("echo", "Echo", "Bidirectional: a reply for each request, as it comes.")
                .client_streaming()
                .server_streaming()
                .build(),
        )
        .build();
    // Writes `$OUT_DIR/traced.test.Stock.rs` and `$OUT_DIR/traced.test.Streams.rs`.
    Builder::new().compile(&[stock, streams]);
}
