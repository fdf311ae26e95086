// Every name the expansion uses must be absolute, so these user items cannot capture it.
#![allow(dead_code, non_camel_case_types)]

mod core {}
mod std {}
struct Option;
struct Result;
struct Ok;
struct Err;
struct Some;
struct None;
struct Vec;
struct String;
struct Box;
struct Site;
struct SpanGuard;
struct KeyValue;
struct Key;
struct Probe;
struct str;
struct usize;
struct bool;

use traced::{traced, SpanAttributes};

#[derive(SpanAttributes)]
struct Order {
    id: u64,
    label: &'static ::core::primitive::str,
    #[redact]
    card_number: u64,
}

#[derive(SpanAttributes)]
struct Wrapper<T> {
    inner: T,
}

#[traced(name = "orders.create", fields(id, order, wrapper, id_debug = ?id, label = %id), redact(card))]
fn create(
    id: u64,
    order: &Order,
    wrapper: &Wrapper<u8>,
    card: u64,
) -> ::core::result::Result<u64, &'static ::core::primitive::str> {
    ::core::result::Result::Ok(id + card + order.card_number)
}

#[traced(fields(id))]
async fn create_async(id: u64) -> ::core::option::Option<u64> {
    ::core::option::Option::Some(id)
}

// Generated locals use mixed-site hygiene: arguments with the same names are still the user's.
#[traced(fields(__traced_span, __traced_attributes, __traced_return))]
fn shadow(__traced_span: u8, __traced_attributes: u8, __traced_return: u8) -> u8 {
    __traced_span + __traced_attributes + __traced_return
}

fn main() {
    let order = Order { id: 1, label: "x", card_number: 4111 };
    let _ = create(1, &order, &Wrapper { inner: 1 }, 4111);
    let _ = create_async(1);
    let _ = shadow(1, 2, 3);
}
