//! Generates the gRPC service of the `two_services` example from a description in Rust: no `.proto` file, so no
//! protoc on the machine.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let reserve = tonic_build::manual::Method::builder()
        .name("reserve")
        .route_name("Reserve")
        .input_type("crate::inventory::ReserveRequest")
        .output_type("crate::inventory::ReserveReply")
        .codec_path("tonic_prost::ProstCodec")
        .build();
    let inventory = tonic_build::manual::Service::builder().name("Inventory").package("shop").method(reserve).build();
    tonic_build::manual::Builder::new().build_transport(false).compile(&[inventory]);
}
