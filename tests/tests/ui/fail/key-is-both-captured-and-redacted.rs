use traced::traced;

#[traced(fields(card), redact(card))]
fn charge(card: &str) -> usize {
    card.len()
}

fn main() {
    charge("4111");
}
