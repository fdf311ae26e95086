// The macro must reach the runtime through the path given with `crate = ...`.
mod reexport {
    pub use ::traced as t;
}

use reexport::t::{traced, SpanAttributes};

#[derive(SpanAttributes)]
#[span(crate = reexport::t)]
struct Order {
    id: u64,
    #[redact]
    card_number: String,
}

#[traced(crate = reexport::t, name = "orders.create", fields(order, id), redact(card_number))]
fn create(order: &Order, id: u64, card_number: &str) -> Result<(), String> {
    if card_number.is_empty() { Err(format!("order {} has no card", order.id)) } else { Ok(()) }
}

#[traced(crate = reexport::t)]
async fn create_async(order: &Order) -> u64 {
    order.id
}

mod nested {
    use crate::reexport::t::{traced, SpanAttributes};

    #[derive(SpanAttributes)]
    #[span(crate = crate::reexport::t)]
    pub struct Item {
        pub sku: String,
    }

    #[traced(crate = super::reexport::t, fields(item))]
    pub fn add(item: &Item) {}
}

fn main() {
    let order = Order { id: 1, card_number: "4111".into() };
    create(&order, 1, "4111").unwrap();
    let _ = create_async(&order);
    nested::add(&nested::Item { sku: "s".into() });
}
