use traced::traced;

struct Card {
    card_number: String,
}

struct Session {
    token: String,
}

impl Session {
    fn bearer(&self) -> &str {
        &self.token
    }
}

// An innocent key does not make a secret-looking value safe: what the expression reads last is checked too.
#[traced(name = "payments.charge", fields(last = card.card_number, value = session.token.as_str(), who = session.bearer()))]
fn charge(card: &Card, session: &Session) -> usize {
    card.card_number.len() + session.bearer().len()
}

fn main() {
    charge(&Card { card_number: "4111".into() }, &Session { token: "t".into() });
}
