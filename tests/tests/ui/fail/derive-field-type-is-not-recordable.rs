use traced::SpanAttributes;

struct Money {
    cents: u64,
}

#[derive(SpanAttributes)]
struct Order {
    id: String,
    total: Money,
}

fn main() {}
