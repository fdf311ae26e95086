//! Attribute keys that look like secrets must be redacted, or declared not sensitive.

use crate::words;

/// Word sequences that mark a key as secret, matched against the `_`-separated words of each `.` segment.
const SECRET_WORDS: &[&[&str]] = &[
    &["password"],
    &["passwd"],
    &["pwd"],
    &["passphrase"],
    &["secret"],
    &["token"],
    &["api", "key"],
    &["apikey"],
    &["private", "key"],
    &["secret", "key"],
    &["cvv"],
    &["cvc"],
    &["ssn"],
    &["card", "number"],
    &["credit", "card"],
    &["authorization"],
    &["cookie"],
    &["credentials"],
    &["credential"],
];

/// The secret-looking words found in `key`, e.g. `"card_number"` for `payment.card_number`.
pub(crate) fn secret_part(key: &str) -> Option<String> {
    key.split('.').find_map(|segment| {
        let words: Vec<String> = words::split(segment).map(|word| word.trim_end_matches('s').to_owned()).collect();
        SECRET_WORDS.iter().find_map(|secret| {
            let secret: Vec<&str> = secret.iter().map(|word| word.trim_end_matches('s')).collect();
            words
                .windows(secret.len())
                .any(|window| window.iter().map(String::as_str).eq(secret.iter().copied()))
                .then(|| secret.join("_"))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::secret_part;

    #[test]
    fn finds_secret_words_in_any_segment() {
        assert_eq!(secret_part("password").as_deref(), Some("password"));
        assert_eq!(secret_part("user.password_hash").as_deref(), Some("password"));
        assert_eq!(secret_part("stripe.api_key").as_deref(), Some("api_key"));
        assert_eq!(secret_part("card_number").as_deref(), Some("card_number"));
        assert_eq!(secret_part("http.request.header.authorization").as_deref(), Some("authorization"));
        assert_eq!(secret_part("session_cookies").as_deref(), Some("cookie"));
        assert_eq!(secret_part("access_token").as_deref(), Some("token"));
        assert_eq!(secret_part("accessToken").as_deref(), Some("token"));
        assert_eq!(secret_part("x-api-key").as_deref(), Some("api_key"));
    }

    #[test]
    fn ignores_words_that_only_contain_a_secret() {
        for key in ["tokenizer", "keyboard", "card", "number", "order.id", "passage", "secretary_name"] {
            assert_eq!(secret_part(key), None, "{key}");
        }
    }
}
