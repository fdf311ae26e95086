//! A redacted value never reaches an exporter, in any form: every exported byte is scanned for the secrets.

mod common;

use common::*;
use traced::{traced, SpanAttributes};

// Secrets are strings that no timestamp or hex id can contain by chance.
const CARD: &str = "4111-1111-1111-1111";
const CVV: &str = "cvv-737";
const PASSWORD: &str = "hunter2-correct-horse";
const TOKEN: &str = "tok_live_9f8e7d6c";

/// Its `Debug` comes from the derive and redacts; its `Display` is the user's own and prints the number, so `%`
/// must not use it.
#[derive(SpanAttributes)]
struct Card {
    holder: String,
    #[redact]
    number: String,
    #[redact]
    cvv: String,
}

impl std::fmt::Display for Card {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.holder, self.number, self.cvv)
    }
}

#[derive(SpanAttributes)]
#[allow(dead_code)] // `api_token` is only ever redacted, never read
struct Payment {
    id: u64,
    card: Card,
    #[redact]
    api_token: String,
}

#[traced(name = "payment.charge", fields(payment, summary = ?payment, text = %payment.card, card = ?payment.card), redact(password))]
fn charge(payment: &Payment, password: &str) -> Result<(), String> {
    if password.is_empty() {
        return Err("missing password".into());
    }
    Ok(())
}

#[traced(name = "auth.login", fields(user), redact(password, token))]
async fn login(user: &str, password: String, token: &str) -> usize {
    password.len() + token.len()
}

fn payment() -> Payment {
    Payment {
        id: 42,
        card: Card { holder: "Ada".into(), number: CARD.into(), cvv: CVV.into() },
        api_token: TOKEN.into(),
    }
}

#[test]
fn no_secret_reaches_the_exporter() {
    let t = caught();
    charge(&payment(), PASSWORD).unwrap();
    assert_eq!(block_on(login("ada", PASSWORD.to_owned(), TOKEN)), PASSWORD.len() + TOKEN.len());

    let spans = t.spans();
    assert_eq!(spans.len(), 2);
    let exported = format!("{spans:?}");
    for secret in [CARD, CVV, PASSWORD, TOKEN] {
        assert!(!exported.contains(secret), "secret {secret:?} was exported: {exported}");
    }
    // ...while the redacted keys are there, marked.
    let charge = t.span("payment.charge");
    for key in ["payment.card.number", "payment.card.cvv", "payment.api_token", "password"] {
        assert_eq!(attribute(&charge, key).unwrap().as_str(), "[REDACTED]", "{key}");
    }
    assert_eq!(attribute(&charge, "payment.card.holder").unwrap().as_str(), "Ada");
    assert_eq!(attribute(&charge, "payment.id"), Some(42_i64.into()));
    assert_eq!(
        attribute(&charge, "card").unwrap().as_str(),
        r#"Card { holder: "Ada", number: "[REDACTED]", cvv: "[REDACTED]" }"#
    );
    assert!(attribute(&charge, "summary").unwrap().as_str().contains(r#"card.number: "[REDACTED]""#));
    assert!(attribute(&charge, "text").unwrap().as_str().contains("[REDACTED]"));
    let login = t.span("auth.login");
    assert_eq!(attribute(&login, "password").unwrap().as_str(), "[REDACTED]");
    assert_eq!(attribute(&login, "token").unwrap().as_str(), "[REDACTED]");
}

#[test]
fn the_body_still_sees_the_real_values() {
    let _t = caught();
    assert_eq!(charge(&payment(), ""), Err("missing password".to_owned()));
    assert_eq!(block_on(login("ada", "pw".to_owned(), "t")), 3);
}

#[traced(name = "wallet.list", fields(?maybe, ?cards, ?slice, ?by_ref, %shown))]
fn list(maybe: Option<Card>, cards: Vec<Card>, slice: &[Card], by_ref: &Option<Card>, shown: Option<&Card>) -> usize {
    usize::from(maybe.is_some()) + cards.len() + slice.len() + usize::from(by_ref.is_some() && shown.is_some())
}

fn card() -> Card {
    Card { holder: "Ada".into(), number: CARD.into(), cvv: CVV.into() }
}

#[test]
fn options_and_sequences_of_redacted_structs_stay_redacted() {
    let t = caught();
    let one = [card()];
    assert_eq!(list(Some(card()), vec![card(), card()], &one, &Some(card()), one.first()), 5);
    let span = t.span("wallet.list");
    let exported = format!("{span:?}");
    assert!(!exported.contains(CARD) && !exported.contains(CVV), "{exported}");
    let rendered = r#"Card { holder: "Ada", number: "[REDACTED]", cvv: "[REDACTED]" }"#;
    assert_eq!(attribute(&span, "maybe").unwrap().as_str(), format!("Some({rendered})"));
    assert_eq!(attribute(&span, "cards").unwrap().as_str(), format!("[{rendered}, {rendered}]"));
    assert_eq!(attribute(&span, "slice").unwrap().as_str(), format!("[{rendered}]"));
    assert_eq!(attribute(&span, "by_ref").unwrap().as_str(), format!("Some({rendered})"));
    assert_eq!(attribute(&span, "shown").unwrap().as_str(), format!("Some({rendered})"));
}

mod issue_12 {
    use super::*;

    /// A user's type with a derived `Debug`, holding a redacted struct.
    #[derive(Debug)]
    #[allow(dead_code)] // read by `Debug` only
    struct Envelope {
        trace: u32,
        card: Card,
    }

    #[traced(name = "mail.send", fields(?envelope, ?pair, ?nested))]
    fn send(envelope: &Envelope, pair: &(u32, Card), nested: &[Option<Envelope>]) {}

    /// The redactions follow the type: an outer type's derived `Debug`, a tuple's, a slice of options' all print
    /// the card through its own `Debug`, which redacts.
    #[test]
    fn a_secret_stays_redacted_inside_any_type_that_formats_it() {
        let t = caught();
        let envelope = Envelope { trace: 1, card: card() };
        send(&envelope, &(7, card()), &[Some(Envelope { trace: 2, card: card() }), None]);
        let span = t.span("mail.send");
        let exported = format!("{span:?}");
        assert!(!exported.contains(CARD) && !exported.contains(CVV), "{exported}");
        let rendered = r#"Card { holder: "Ada", number: "[REDACTED]", cvv: "[REDACTED]" }"#;
        assert_eq!(
            attribute(&span, "envelope").unwrap().as_str(),
            format!("Envelope {{ trace: 1, card: {rendered} }}")
        );
        assert_eq!(attribute(&span, "pair").unwrap().as_str(), format!("(7, {rendered})"));
        assert!(!format!("{envelope:?} {:#?}", payment()).contains(CARD), "whoever formats it");
    }
}
