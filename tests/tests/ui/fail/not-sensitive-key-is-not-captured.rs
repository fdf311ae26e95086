use traced::traced;

#[traced(fields(prompt), not_sensitive(token_count))]
fn complete(prompt: &str, token_count: u32) -> usize {
    prompt.len() + token_count as usize
}

fn main() {
    complete("hi", 3);
}
