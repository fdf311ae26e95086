use traced::SpanAttributes;

#[derive(SpanAttributes)]
enum Status {
    Open,
    Closed,
}

fn main() {}
