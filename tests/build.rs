//! Generates the test gRPC service `traced.test.Stock` from a Rust description (tonic-build's `manual` module):
//! no `.proto` file, no protoc. The messages are hand-written in `src/lib.rs`, which includes the output.

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
    // Writes `$OUT_DIR/traced.test.Stock.rs`.
    Builder::new().compile(&[stock]);
}
