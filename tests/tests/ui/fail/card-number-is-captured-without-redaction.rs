use traced::traced;

#[traced(fields(card_number))]
fn charge(card_number: &str) -> usize {
    card_number.len()
}

fn main() {
    charge("4111 1111 1111 1111");
}
