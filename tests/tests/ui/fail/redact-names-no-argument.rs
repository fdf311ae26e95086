use traced::traced;

#[traced(redact(card))]
fn charge(card_number: &str) -> usize {
    card_number.len()
}

fn main() {
    charge("4111");
}
