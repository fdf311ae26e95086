//! Hex digits and percent-escapes, as the formats traced reads spell them.

/// The number that 1 to 32 lower-case hex digits spell; `None` for any other byte (upper case included, which
/// W3C Trace Context and the `ot` tracestate entry forbid).
pub(crate) fn lower_hex(digits: &[u8]) -> Option<u128> {
    if digits.is_empty() || digits.len() > 32 {
        return None;
    }
    digits.iter().try_fold(0_u128, |number, &digit| {
        let value = match digit {
            b'0'..=b'9' => digit - b'0',
            b'a'..=b'f' => digit - b'a' + 10,
            _ => return None,
        };
        Some((number << 4) | u128::from(value))
    })
}

/// The bytes `text` percent-decodes to, and whether every `%` in it began an escape (`%` and two hex digits, in
/// either case). A malformed escape stays as written.
#[cfg(any(feature = "setup", feature = "http"))]
pub(crate) fn percent_decode(text: &str) -> (Vec<u8>, bool) {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut clean = true;
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%').then(|| bytes.get(index + 1..index + 3)).flatten().and_then(|hex| {
            // Digits only: `from_str_radix` alone would take `%+f` for `%0f`.
            let [high, low] = [hex[0], hex[1]].map(|digit| char::from(digit).to_digit(16));
            Some(high? * 16 + low?)
        });
        match escaped {
            Some(byte) => {
                decoded.push(byte as u8);
                index += 3;
            }
            None => {
                clean &= bytes[index] != b'%';
                decoded.push(bytes[index]);
                index += 1;
            }
        }
    }
    (decoded, clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_digits_are_lower_case_only() {
        assert_eq!(lower_hex(b"ff"), Some(255));
        assert_eq!(lower_hex(b"FF"), None);
        assert_eq!(lower_hex(b""), None);
        assert_eq!(lower_hex(&[b'f'; 33]), None);
        assert_eq!(lower_hex(&[b'f'; 32]), Some(u128::MAX));
    }

    #[cfg(any(feature = "setup", feature = "http"))]
    #[test]
    fn escapes_take_two_hex_digits_and_malformed_ones_stay() {
        assert_eq!(percent_decode("pay%20ments%c3%A9"), ("pay mentsé".as_bytes().to_vec(), true));
        for malformed in ["%+f", "%-1", "%", "%4", "a%", "%é", "%zz"] {
            let (decoded, clean) = percent_decode(malformed);
            assert_eq!((decoded.as_slice(), clean), (malformed.as_bytes(), false), "{malformed:?}");
        }
        assert_eq!(percent_decode("100%25"), (b"100%".to_vec(), true));
    }
}
