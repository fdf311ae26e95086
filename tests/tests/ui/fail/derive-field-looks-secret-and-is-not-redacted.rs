use traced::SpanAttributes;

#[derive(SpanAttributes)]
struct Login {
    user: String,
    password: String,
}

fn main() {}
