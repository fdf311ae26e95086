use traced::SpanAttributes;

#[derive(SpanAttributes)]
#[span(skip)]
struct Order {
    id: String,
}

fn main() {}
