use traced::traced;

#[traced(fields(token_count), not_sensitive(token_count, token_count))]
fn complete(token_count: u32) -> u32 {
    token_count
}

fn main() {
    complete(3);
}
