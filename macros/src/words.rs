//! Splitting names into lowercase words, for span-name suggestions and secret detection.

/// The lowercase ASCII words of `snake_case`, `camelCase`, `kebab-case` or `Spaced Text`.
pub(crate) fn split(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut words = vec![String::new()];
    let mut previous_lower = false;
    for c in text.chars() {
        if !c.is_ascii_alphanumeric() {
            words.push(String::new());
            previous_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && previous_lower {
            words.push(String::new());
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
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
