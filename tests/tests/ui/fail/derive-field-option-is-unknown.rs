use traced::SpanAttributes;

#[derive(SpanAttributes)]
struct Order {
    #[span(hidden)]
    id: String,
}

fn main() {}
