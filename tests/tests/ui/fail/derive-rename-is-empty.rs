use traced::SpanAttributes;

#[derive(SpanAttributes)]
struct Order {
    #[span(rename = "")]
    id: String,
}

fn main() {}
