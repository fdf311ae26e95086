#![deny(unused_qualifications, unused, warnings)]
#![deny(rust_2018_idioms, unreachable_pub, missing_debug_implementations)]

use traced::{traced, SpanAttributes};

// A struct with a `#[redact]` field gets its `Debug` from the derive: `missing_debug_implementations` holds.
#[derive(SpanAttributes)]
struct Order {
    id: u64,
    #[redact]
    card_number: String,
    #[span(skip)]
    notes: Vec<String>,
}

#[derive(Debug)]
struct Failure;

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("failure")
    }
}

impl std::error::Error for Failure {}

#[traced(name = "orders.create", kind = server, fields(order, ?id, total = %id), redact(card_number))]
fn create(order: &Order, id: u64, card_number: &str) -> Result<u64, Failure> {
    if id == 0 || card_number.is_empty() || order.card_number.is_empty() || !order.notes.is_empty() {
        return Err(Failure);
    }
    Ok(order.id)
}

#[traced]
fn nothing() {}

#[traced(fields(id))]
async fn fetch(id: u64) -> Result<u64, Box<dyn std::error::Error + Send + Sync>> {
    Ok(id)
}

struct Repo {
    rows: Vec<u64>,
}

impl Repo {
    #[traced(fields(index))]
    fn row(&self, index: usize) -> Option<&u64> {
        self.rows.get(index)
    }
}

fn main() {
    let order = Order { id: 1, card_number: "4111".into(), notes: Vec::new() };
    let _ = create(&order, 1, "4111");
    nothing();
    drop(fetch(1));
    let repo = Repo { rows: vec![1] };
    let _ = repo.row(0);
}
