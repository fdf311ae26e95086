use traced::SpanAttributes;

#[derive(SpanAttributes)]
struct Order {
    id: String,
    amount: f64,
    #[redact]
    card_number: String,
    #[span(skip)]
    items: Vec<String>,
}

fn main() {}
