use traced::{traced, SpanAttributes};

// `token_count` contains `token` but is not a secret.
#[traced(fields(prompt, token_count), not_sensitive(token_count))]
fn complete(prompt: &str, token_count: u32) {}

#[traced(fields(llm.max_tokens = max_tokens), not_sensitive(llm.max_tokens))]
fn limit(max_tokens: u32) {}

#[derive(SpanAttributes)]
struct Usage {
    #[span(not_sensitive)]
    token_count: u32,
    #[span(skip)]
    api_key: String,
    #[redact]
    password: String,
}

fn main() {
    complete("hi", 3);
    limit(10);
    let _ = Usage { token_count: 1, api_key: String::new(), password: String::new() };
}
