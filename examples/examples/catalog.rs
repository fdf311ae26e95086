//! Prints the span catalog of this program as JSON: every `#[traced]` function and `SpanAttributes` type, the keys
//! each records and which are redacted. Diff it in CI (`cargo run --example catalog > catalog.json`) and a new
//! unredacted key shows up in review.

use traced::{traced, SpanAttributes};

#[derive(SpanAttributes)]
struct Order {
    id: String,
    amount: f64,
    #[redact]
    card_number: String,
}

#[traced(name = "orders.create", kind = server, fields(order, user_id))]
fn create(order: &Order, user_id: u64) -> Result<(), String> {
    charge(order.amount, &order.card_number)
}

#[traced(name = "payment.charge", kind = client, fields(amount), redact(card_number))]
fn charge(amount: f64, card_number: &str) -> Result<(), String> {
    if card_number.is_empty() {
        Err("no card".into())
    } else {
        Ok(())
    }
}

fn main() {
    // The catalog lists every site linked in, called or not; these two are here to be listed.
    let _ = create;
    println!("{}", traced::catalog().to_json());
}
