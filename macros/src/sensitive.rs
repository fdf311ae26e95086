//! Attribute keys that look like secrets must be redacted, or declared not sensitive.
//!
//! A key is split into `.` segments and each segment into lowercase words (`accessToken`, `access_token` and
//! `access-token` are all `access token`). A segment is secret when its words contain a secret phrase, unless
//! another of its words says the value is only about the secret: a count, a size, a kind, a time, a place
//! (`token_count`, `max_tokens`, `password_policy`, `pwd_dir`).

use crate::words;

/// Phrases that mark a segment as secret, as whole words. A word matches its plural too (`tokens`).
const SECRET_PHRASES: &[&[&str]] = &[
    &["password"],
    &["passwd"],
    &["pwd"],
    &["pass"],
    &["passphrase"],
    &["passcode"],
    &["secret"],
    &["token"],
    &["bearer"],
    &["jwt"],
    &["otp"],
    &["totp"],
    &["mfa", "code"],
    &["pin"],
    &["pan"],
    &["cvv"],
    &["cvv2"],
    &["cvc"],
    &["ssn"],
    &["iban"],
    &["auth"],
    &["authorization"],
    &["cookie"],
    &["credential"],
    &["signature"],
    &["sig"],
    &["apikey"],
    &["api", "key"],
    &["private", "key"],
    &["privatekey"],
    &["secret", "key"],
    &["access", "key"],
    &["signing", "key"],
    &["encryption", "key"],
    &["master", "key"],
    &["ssh", "key"],
    &["session", "id"],
    &["session", "key"],
    &["sessionid"],
    &["card", "number"],
    &["card", "num"],
    &["credit", "card"],
    &["account", "number"],
    &["routing", "number"],
    &["security", "answer"],
    &["security", "code"],
    &["social", "security"],
];

/// Words that make a segment metadata about a secret rather than the secret itself.
const ABOUT_WORDS: &[&str] = &[
    "count",
    "size",
    "len",
    "length",
    "max",
    "min",
    "num",
    "total",
    "limit",
    "rate",
    "ttl",
    "expiry",
    "expires",
    "expiration",
    "expired",
    "age",
    "type",
    "kind",
    "format",
    "scheme",
    "method",
    "algorithm",
    "alg",
    "policy",
    "strength",
    "rotation",
    "rotated",
    "changed",
    "updated",
    "created",
    "at",
    "required",
    "enabled",
    "valid",
    "dir",
    "directory",
    "path",
    "file",
    "url",
    "uri",
    "endpoint",
    "name",
    "version",
    "issuer",
    "audience",
    "provider",
    "store",
    "jar",
    "manager",
    "present",
    "missing",
];

/// The secret-looking words found in `key`, e.g. `"card_number"` for `payment.card_number`.
pub(crate) fn secret_part(key: &str) -> Option<String> {
    let segments: Vec<Vec<String>> = key.split('.').map(|segment| words::split(segment).collect()).collect();
    segments.iter().enumerate().find_map(|(index, words)| {
        let (at, phrase) = SECRET_PHRASES.iter().find_map(|phrase| {
            let at = words.windows(phrase.len()).position(|window| {
                window.iter().zip(phrase.iter()).all(|(word, secret)| word == secret || singular(word) == Some(secret))
            })?;
            Some((at, phrase))
        })?;
        // What qualifies it: the segment's other words, and the segments after it (`token.ttl`), not the
        // namespaces before it.
        let mut qualifiers =
            words[..at].iter().chain(&words[at + phrase.len()..]).chain(segments[index + 1..].iter().flatten());
        let about = qualifiers.any(|word| {
            ABOUT_WORDS.contains(&word.as_str()) || singular(word).is_some_and(|word| ABOUT_WORDS.contains(&word))
        });
        (!about).then(|| phrase.join("_"))
    })
}

/// `tokens` -> `token`: one trailing `s` off, never more (`address` stays `address`).
fn singular(word: &str) -> Option<&str> {
    word.strip_suffix('s').filter(|stem| !stem.is_empty())
}

#[cfg(test)]
mod tests {
    use super::secret_part;

    /// Keys a user would capture by mistake, each with the phrase the error names.
    const SECRET: &[(&str, &str)] = &[
        ("password", "password"),
        ("user.password_hash", "password"),
        ("new_password", "password"),
        ("passwd", "passwd"),
        ("pwd", "pwd"),
        ("db_pwd", "pwd"),
        ("pass", "pass"),
        ("passphrase", "passphrase"),
        ("passcode", "passcode"),
        ("secret", "secret"),
        ("client_secret", "secret"),
        ("clientSecret", "secret"),
        ("webhook.secret", "secret"),
        ("secrets", "secret"),
        ("token", "token"),
        ("access_token", "token"),
        ("accessToken", "token"),
        ("refresh-token", "token"),
        ("id_token", "token"),
        ("tokens", "token"),
        ("csrf_token", "token"),
        ("bearer", "bearer"),
        ("bearer_value", "bearer"),
        ("jwt", "jwt"),
        ("user.jwt", "jwt"),
        ("otp", "otp"),
        ("totp", "totp"),
        ("mfa_code", "mfa_code"),
        ("pin", "pin"),
        ("card.pin", "pin"),
        ("pan", "pan"),
        ("cvv", "cvv"),
        ("cvv2", "cvv2"),
        ("cvc", "cvc"),
        ("ssn", "ssn"),
        ("iban", "iban"),
        ("auth", "auth"),
        ("auth_header", "auth"),
        ("authorization", "authorization"),
        ("http.request.header.authorization", "authorization"),
        ("cookie", "cookie"),
        ("session_cookies", "cookie"),
        ("set_cookie", "cookie"),
        ("credentials", "credential"),
        ("aws.credential", "credential"),
        ("signature", "signature"),
        ("request_signature", "signature"),
        ("sig", "sig"),
        ("apikey", "apikey"),
        ("api_key", "api_key"),
        ("x-api-key", "api_key"),
        ("stripe.api_key", "api_key"),
        ("apiKeys", "api_key"),
        ("private_key", "private_key"),
        ("tls.private_key_pem", "private_key"),
        ("secret_key", "secret"),
        ("aws_access_key", "access_key"),
        ("signing_key", "signing_key"),
        ("encryption_key", "encryption_key"),
        ("master_key", "master_key"),
        ("ssh_key", "ssh_key"),
        ("session_id", "session_id"),
        ("sessionId", "session_id"),
        ("session_key", "session_key"),
        ("card_number", "card_number"),
        ("card_num", "card_num"),
        ("credit_card", "credit_card"),
        ("account_number", "account_number"),
        ("routing_number", "routing_number"),
        ("security_answer", "security_answer"),
        ("security_code", "security_code"),
        ("social_security_number", "social_security"),
    ];

    /// Keys that only look like secrets, or are about one: a count, a size, a kind, a place.
    const NOT_SECRET: &[&str] = &[
        "token_count",
        "max_tokens",
        "total_tokens",
        "num_tokens",
        "tokens_per_second_limit",
        "token_type",
        "token_expiry",
        "token.ttl",
        "token_url",
        "tokenizer",
        "cookie_jar_size",
        "cookie_name",
        "cookie_count",
        "pwd_dir",
        "pwd_path",
        "password_policy",
        "password_length",
        "password_changed_at",
        "password_required",
        "password_strength",
        "password_file",
        "secret_name",
        "secret_version",
        "secret_manager",
        "secrets_count",
        "secretary_name",
        "auth_method",
        "auth_type",
        "auth_provider",
        "auth_scheme",
        "authorization_endpoint",
        "api_key_name",
        "api_key_present",
        "signature_algorithm",
        "jwt_issuer",
        "jwt_audience",
        "pin_count",
        "session_ttl",
        "credential_provider",
        "keyboard",
        "key",
        "cache_key",
        "card",
        "card_brand",
        "number",
        "order.id",
        "passage",
        "passes",
        "passenger",
        "bypass",
        "compass",
        "address",
        "addresses",
        "ip_address",
        "status",
        "spinner",
        "pinned",
        "panel",
        "japan",
        "expand",
        "span_id",
        "trace_id",
        "signal",
        "design",
        "user.id",
        "account_id",
        "session_count",
    ];

    #[test]
    fn secret_names_are_caught() {
        assert!(SECRET.len() >= 60);
        for (key, phrase) in SECRET {
            assert_eq!(secret_part(key).as_deref(), Some(*phrase), "{key}");
        }
    }

    #[test]
    fn names_that_are_not_secrets_pass() {
        assert!(NOT_SECRET.len() >= 60);
        for key in NOT_SECRET {
            assert_eq!(secret_part(key), None, "{key}");
        }
    }
}
