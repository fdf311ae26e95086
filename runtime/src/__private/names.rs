//! Default span names, `<module>.<function>`, made at compile time: the macro knows the function, only
//! `module_path!()` knows the module, and the two meet in a constant.
//!
//! The expansion reads:
//!
//! ```text
//! const LEN: usize = default_len(module_path!(), "apply");
//! const NAME: [u8; LEN] = default_name::<LEN>(module_path!(), "apply");
//! const __TRACED_NAME: &str = checked(&NAME);
//! ```

/// Where the last segment of a module path starts: after its last `::` (at 0 for a crate root), after the `r#`
/// of a raw identifier (`mod r#type`) and after the underscores that lead it (`mod _private`).
const fn last_segment_start(module: &[u8]) -> usize {
    let mut at = module.len();
    while at >= 2 && !(module[at - 1] == b':' && module[at - 2] == b':') {
        at -= 1;
    }
    if at < 2 {
        at = 0;
    }
    if at + 2 <= module.len() && module[at] == b'r' && module[at + 1] == b'#' {
        at += 2;
    }
    while at < module.len() && module[at] == b'_' {
        at += 1;
    }
    at
}

/// The length of the default name of `function` in `module`.
pub const fn default_len(module: &str, function: &str) -> usize {
    let module = module.as_bytes();
    module.len() - last_segment_start(module) + 1 + function.len()
}

/// The bytes of the default name of `function` in `module`: the module path's last segment in lowercase
/// (`mod V2` makes `v2`), `.`, `function`. `N` is [`default_len`] of the same two.
pub const fn default_name<const N: usize>(module: &str, function: &str) -> [u8; N] {
    let (module, function) = (module.as_bytes(), function.as_bytes());
    let mut name = [b'.'; N];
    let mut from = last_segment_start(module);
    let mut to = 0;
    while from < module.len() && to < N {
        name[to] = module[from].to_ascii_lowercase();
        from += 1;
        to += 1;
    }
    // The `.` is already there.
    to += 1;
    let mut from = 0;
    while from < function.len() && to < N {
        name[to] = function[from];
        from += 1;
        to += 1;
    }
    name
}

/// The default name as text, or a compile error (a panic in constant evaluation) when it breaks the name rule:
/// a module name that is not ASCII, or a name past 128 bytes.
pub const fn checked(name: &'static [u8]) -> &'static str {
    let valid = is_valid(name);
    match core::str::from_utf8(name) {
        Ok(name) if valid => name,
        _ => panic!(
            "the default span name `<module>.<function>` of this `#[traced]` function breaks the span-name rule \
             (lowercase segments `[a-z][a-z0-9_]*` joined by `.`, at most 128 characters): its module's name is \
             not ASCII, or the two are too long; give the span a name with \
             `#[traced(name = \"component.operation\")]`"
        ),
    }
}

/// The span-name rule the macro checks explicit names against: two segments or more, each starting with a
/// lowercase ASCII letter and holding only those, digits and `_`; at most 128 bytes in all.
const fn is_valid(name: &[u8]) -> bool {
    if name.len() > 128 {
        return false;
    }
    let mut at = 0;
    let mut segments = 1;
    let mut segment_start = true;
    while at < name.len() {
        let byte = name[at];
        if segment_start {
            if !byte.is_ascii_lowercase() {
                return false;
            }
            segment_start = false;
        } else if byte == b'.' {
            segment_start = true;
            segments += 1;
        } else if !(byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_') {
            return false;
        }
        at += 1;
    }
    !segment_start && segments >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default name, when it is valid; built with room to spare, then cut to the length `default_len` counts.
    fn name(module: &str, function: &str) -> Option<String> {
        let bytes = default_name::<64>(module, function);
        let name = &bytes[..default_len(module, function)];
        is_valid(name).then(|| String::from_utf8_lossy(name).into_owned())
    }

    #[test]
    fn names_are_the_last_module_segment_and_the_function() {
        assert_eq!(name("shop::orders::db", "apply").as_deref(), Some("db.apply"));
        assert_eq!(name("shop", "apply").as_deref(), Some("shop.apply"));
        assert_eq!(name("shop::V2", "apply").as_deref(), Some("v2.apply"));
        assert_eq!(name("shop::_inner", "apply").as_deref(), Some("inner.apply"));
        assert_eq!(name("__root", "apply").as_deref(), Some("root.apply"));
        assert_eq!(name("shop::r#type", "apply").as_deref(), Some("type.apply"));
        assert_eq!(name("shop::модуль", "apply"), None);
    }

    #[test]
    fn the_const_builder_writes_what_the_length_counts() {
        const LEN: usize = default_len("a::bc::de", "run_it");
        const NAME: [u8; LEN] = default_name::<LEN>("a::bc::de", "run_it");
        assert_eq!(checked(&NAME), "de.run_it");
        const ROOT: [u8; default_len("krate", "f")] = default_name::<{ default_len("krate", "f") }>("krate", "f");
        assert_eq!(&ROOT, b"krate.f");
    }

    #[test]
    fn the_rule_is_the_macros() {
        for valid in ["a.b", "db.query_1", "x1.y_"] {
            assert!(is_valid(valid.as_bytes()), "{valid}");
        }
        for invalid in ["a", "a.", ".a", "a..b", "A.b", "a.B", "a.1", "a.b-c", "_a.b"] {
            assert!(!is_valid(invalid.as_bytes()), "{invalid}");
        }
        assert!(!is_valid(format!("a.{}", "b".repeat(127)).as_bytes()));
    }
}
