use traced::SpanAttributes;

// A struct with `#[redact]` fields gets a `Debug` that redacts them from the derive: a derived `Debug` would print
// the secret, so the two conflict instead of leaking silently.
#[derive(Debug, SpanAttributes)]
struct Card {
    brand: String,
    #[redact]
    card_number: String,
}

fn main() {
    let _ = Card { brand: "visa".into(), card_number: "4111".into() };
}
