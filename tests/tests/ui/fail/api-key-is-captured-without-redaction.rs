use traced::traced;

#[traced(fields(api_key))]
fn connect(api_key: &str) -> usize {
    api_key.len()
}

fn main() {
    connect("sk-123");
}
