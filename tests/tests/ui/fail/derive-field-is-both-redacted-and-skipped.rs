use traced::SpanAttributes;

#[derive(SpanAttributes)]
struct Payment {
    #[redact]
    #[span(skip)]
    card_number: String,
}

fn main() {}
