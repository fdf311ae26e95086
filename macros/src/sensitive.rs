//! Attribute keys that look like secrets must be redacted, or declared not sensitive.

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
        let words: Vec<String> = segment
            .split('_')
            .map(|word| word.to_ascii_lowercase().trim_end_matches('s').to_owned())
            .collect();
        SECRET_WORDS.iter().find_map(|secret| {
            let secret: Vec<&str> = secret.iter().map(|word| word.trim_end_matches('s')).collect();
            words
                .windows(secret.len())
                .any(|window| window.iter().map(String::as_str).eq(secret.iter().copied()))
                .then(|| secret.join("_"))
        })
    })
}
