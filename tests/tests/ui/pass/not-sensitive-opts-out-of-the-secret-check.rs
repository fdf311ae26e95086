use traced::{traced, SpanAttributes};

// `lexer_token` (a position in the input) and `llm.stop_token` contain `token` but are not secrets.
#[traced(fields(prompt, lexer_token), not_sensitive(lexer_token))]
fn complete(prompt: &str, lexer_token: u32) {}

#[traced(fields(llm.stop_token = stop_token), not_sensitive(llm.stop_token))]
fn limit(stop_token: u32) {}

struct Lexer {
    token: u32,
}

// The key is innocent, but the value it reads looks secret: `not_sensitive` of the key accepts it.
#[traced(fields(position = lexer.token), not_sensitive(position))]
fn advance(lexer: &Lexer) {}

#[derive(SpanAttributes)]
struct Usage {
    #[span(not_sensitive)]
    lexer_token: u32,
    #[span(skip)]
    api_key: String,
    #[redact]
    password: String,
}

fn main() {
    complete("hi", 3);
    limit(10);
    advance(&Lexer { token: 1 });
    let _ = Usage { lexer_token: 1, api_key: String::new(), password: String::new() };
}
