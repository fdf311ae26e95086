use traced::traced;

#[traced(fields(lexer_token), not_sensitive(lexer_token, lexer_token))]
fn complete(lexer_token: u32) -> u32 {
    lexer_token
}

fn main() {
    complete(3);
}
