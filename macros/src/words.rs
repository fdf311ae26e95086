//! Splitting names into lowercase words, for span-name suggestions and secret detection.

/// The lowercase ASCII words of `snake_case`, `camelCase`, `kebab-case`, `Spaced Text` or `HTTPServer` (an
/// acronym ends where a capitalised word starts: `http`, `server`).
pub(crate) fn split(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut words = vec![String::new()];
    let chars: Vec<char> = text.chars().collect();
    let mut previous_lower = false;
    let mut previous_upper = false;
    for (at, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            words.push(String::new());
            previous_lower = false;
            previous_upper = false;
            continue;
        }
        let next_lower = chars.get(at + 1).is_some_and(char::is_ascii_lowercase);
        if c.is_ascii_uppercase() && (previous_lower || (previous_upper && next_lower)) {
            words.push(String::new());
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        previous_upper = c.is_ascii_uppercase();
        if let Some(word) = words.last_mut() {
            word.push(c.to_ascii_lowercase());
        }
    }
    words.into_iter().filter(|word| !word.is_empty())
}

/// `"ProcessOrder"` -> `"process_order"`, `"Do stuff"` -> `"do_stuff"`.
pub(crate) fn snake_case(text: &str) -> String {
    split(text).collect::<Vec<_>>().join("_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_end_where_a_capitalised_word_starts() {
        assert_eq!(snake_case("HTTPServer"), "http_server");
        assert_eq!(snake_case("IOError"), "io_error");
        assert_eq!(snake_case("OrderService"), "order_service");
        assert_eq!(snake_case("APIKey"), "api_key");
        assert_eq!(snake_case("parseHTTP"), "parse_http");
        assert_eq!(snake_case("V2Api"), "v2_api");
        assert_eq!(snake_case("already_snake"), "already_snake");
    }
}
