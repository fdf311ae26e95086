use traced::traced;

#[traced(fields(prompt), not_sensitive(lexer_token))]
fn complete(prompt: &str, lexer_token: u32) -> usize {
    prompt.len() + lexer_token as usize
}

fn main() {
    complete("hi", 3);
}
