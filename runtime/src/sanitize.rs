//! Credentials out of text that leaves the process: a URL's user and password, and the values of query
//! parameters that carry keys, tokens or signatures, wherever the URL appears (`url.full`, an error message that
//! quotes the URL it failed on, a configuration error).

use std::borrow::Cow;
use std::sync::Arc;

/// Query parameters whose values are credentials, compared without regard to case: the four the OpenTelemetry
/// HTTP conventions name, and the keys, tokens and signatures of common APIs (AWS SigV4, Google, OAuth).
const SENSITIVE_QUERY_KEYS: &[&str] = &[
    "awsaccesskeyid",
    "signature",
    "sig",
    "x-goog-signature",
    "x-goog-credential",
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
    "token",
    "access_token",
    "refresh_token",
    "id_token",
    "auth",
    "authorization",
    "api_key",
    "api-key",
    "apikey",
    "key",
    "client_secret",
    "secret",
    "password",
    "passwd",
    "pwd",
    "code",
    "session",
    "sessionid",
    "session_id",
    "jwt",
    "credential",
    "credentials",
];

/// What a redacted user, password or query value becomes, as the conventions spell it.
pub(crate) const REDACTED: &str = "REDACTED";

/// The query parameters whose values are redacted: the default list, and the keys a layer adds to it.
#[derive(Clone, Debug, Default)]
pub(crate) struct QueryKeys(Option<Arc<[String]>>);

impl QueryKeys {
    /// The default list alone.
    #[cfg(feature = "http")]
    pub(crate) const DEFAULT: QueryKeys = QueryKeys(None);

    /// The default list and `keys`, compared without regard to case too.
    #[cfg(feature = "http")]
    pub(crate) fn with(&self, keys: impl IntoIterator<Item = impl Into<String>>) -> QueryKeys {
        let mut all: Vec<String> = self.0.iter().flat_map(|keys| keys.iter().cloned()).collect();
        all.extend(keys.into_iter().map(Into::into));
        QueryKeys(Some(all.into()))
    }

    /// Whether these are the default list alone.
    #[cfg(feature = "http")]
    pub(crate) fn is_default(&self) -> bool {
        self.0.is_none()
    }

    /// Whether a query parameter named `key` carries a credential.
    fn contains(&self, key: &str) -> bool {
        SENSITIVE_QUERY_KEYS.iter().any(|sensitive| sensitive.eq_ignore_ascii_case(key))
            || self.0.iter().flat_map(|keys| keys.iter()).any(|added| added.eq_ignore_ascii_case(key))
    }

    /// `url` with its user and password replaced by `REDACTED:REDACTED` and the values of these query
    /// parameters by `REDACTED`; unchanged (borrowed) when it carries neither.
    pub(crate) fn url<'a>(&self, url: &'a str) -> Cow<'a, str> {
        redact_url(url, self)
    }

    /// `text` with every URL in it (`scheme://` up to a space, a quote or a closing bracket) passed through
    /// [`url`](Self::url).
    pub(crate) fn urls_in<'a>(&self, text: &'a str) -> Cow<'a, str> {
        redact_urls_in(text, self)
    }
}

fn redact_url<'a>(url: &'a str, keys: &QueryKeys) -> Cow<'a, str> {
    let (before_query, query) = match url.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (url, None),
    };
    let (scheme, rest) = match before_query.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None => (None, before_query),
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let userinfo = rest[..authority_end].rfind('@');
    let sensitive_query = query.is_some_and(|query| {
        query.split('&').any(|pair| pair.split_once('=').is_some_and(|(key, _)| keys.contains(key)))
    });
    if userinfo.is_none() && !sensitive_query {
        return Cow::Borrowed(url);
    }
    let mut out = String::with_capacity(url.len());
    if let Some(scheme) = scheme {
        out.push_str(scheme);
        out.push_str("://");
    }
    match userinfo {
        Some(at) => {
            out.push_str("REDACTED:REDACTED@");
            out.push_str(&rest[at + 1..]);
        }
        None => out.push_str(rest),
    }
    if let Some(query) = query {
        out.push('?');
        for (index, pair) in query.split('&').enumerate() {
            if index > 0 {
                out.push('&');
            }
            match pair.split_once('=') {
                Some((key, _)) if keys.contains(key) => {
                    out.push_str(key);
                    out.push('=');
                    out.push_str(REDACTED);
                }
                _ => out.push_str(pair),
            }
        }
    }
    Cow::Owned(out)
}

fn redact_urls_in<'a>(text: &'a str, keys: &QueryKeys) -> Cow<'a, str> {
    let mut out = String::new();
    let mut copied = 0;
    let mut search = 0;
    while let Some(found) = text[search..].find("://") {
        let marker = search + found;
        let start = text[..marker]
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .map_or(0, |(at, c)| at + c.len_utf8());
        let end = text[marker..]
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ')' | ']' | '>' | '<' | '`'))
            .map_or(text.len(), |at| marker + at);
        if let Cow::Owned(clean) = keys.url(&text[start..end]) {
            out.push_str(&text[copied..start]);
            out.push_str(&clean);
            copied = end;
        }
        search = end.max(marker + 3);
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Cow<'_, str> {
        QueryKeys::default().url(text)
    }

    fn urls_in(text: &str) -> Cow<'_, str> {
        QueryKeys::default().urls_in(text)
    }

    #[test]
    fn user_password_and_credential_query_values_are_redacted() {
        assert_eq!(
            url("https://user:pw@example.com:8443/a/b?sig=abc&page=2&X-Goog-Signature=zz"),
            "https://REDACTED:REDACTED@example.com:8443/a/b?sig=REDACTED&page=2&X-Goog-Signature=REDACTED"
        );
        assert_eq!(url("http://h/p?SIG=1&Token=2&access_token=3&api_key=4&X-Amz-Signature=5&q=x"), {
            "http://h/p?SIG=REDACTED&Token=REDACTED&access_token=REDACTED&api_key=REDACTED&X-Amz-Signature=REDACTED&q=x"
        });
        assert_eq!(url("http://user@h/"), "http://REDACTED:REDACTED@h/");
    }

    #[cfg(feature = "http")]
    #[test]
    fn a_layer_can_add_keys() {
        let keys = QueryKeys::default().with(["X-Internal-Ticket"]);
        assert_eq!(
            keys.url("http://h/?x-internal-ticket=1&sig=2&q=3"),
            "http://h/?x-internal-ticket=REDACTED&sig=REDACTED&q=3"
        );
        assert_eq!(
            keys.urls_in("failed: (http://h/?X-INTERNAL-TICKET=1)"),
            "failed: (http://h/?X-INTERNAL-TICKET=REDACTED)"
        );
        assert_eq!(url("http://h/?x-internal-ticket=1"), "http://h/?x-internal-ticket=1", "the defaults alone");
    }

    #[test]
    fn a_url_without_credentials_is_borrowed() {
        for clean in ["http://h/p?page=2", "http://h", "/relative?x=1", "", "http://h/@mention"] {
            assert!(matches!(url(clean), Cow::Borrowed(_)), "{clean}");
        }
    }

    #[test]
    fn urls_inside_text_are_redacted() {
        let text = "error sending request for url (http://127.0.0.1:1/items/7?sig=s3cr3t&token=t0k3n)";
        assert_eq!(
            urls_in(text),
            "error sending request for url (http://127.0.0.1:1/items/7?sig=REDACTED&token=REDACTED)"
        );
        let two = "from https://a:b@x/ to 'http://y/?key=k' done";
        assert_eq!(urls_in(two), "from https://REDACTED:REDACTED@x/ to 'http://y/?key=REDACTED' done");
        assert!(matches!(urls_in("no url here: a://"), Cow::Borrowed(_)));
    }

    /// Random text from the characters that matter to the parser, multi-byte ones among them.
    #[test]
    fn never_panics_on_random_text() {
        const PIECES: [&str; 16] =
            ["://", "@", "?", "&", "=", "/", ":", "é", "ü", "😀", "a", "sig", "token", " ", ")", "\""];
        let mut random = crate::random_text::RandomText::new(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let text = random.text(&PIECES, 24, |_| true);
            let cleaned = urls_in(&text);
            assert!(cleaned.len() + 64 >= text.len() / 2, "{text:?} -> {cleaned:?}");
            let _ = url(&text);
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in ["://", "a://@", "é://ü?x=1&=&&", "(é://x?token=1)", "http://[::1]:80/?token", "x://y?token=é&sig"]
        {
            let _ = urls_in(text);
            let _ = url(text);
        }
    }
}
