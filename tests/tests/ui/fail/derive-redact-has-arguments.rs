use traced::SpanAttributes;

#[derive(SpanAttributes)]
struct Payment {
    #[redact(partial)]
    card_number: String,
}

fn main() {}
