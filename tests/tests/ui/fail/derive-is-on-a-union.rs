use traced::SpanAttributes;

#[derive(SpanAttributes)]
union Bits {
    int: u32,
    float: f32,
}

fn main() {}
