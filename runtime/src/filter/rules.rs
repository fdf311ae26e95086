//! The rules of a span filter: parsed from `pattern=on|off,...`, and which of them decides a span name.

use super::error::{FilterError, Problem};

/// A parsed filter: the default, and the rules that override it for the names they match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rules {
    /// What a name no rule matches gets, when a bare `on` or `off` says (else `on`).
    default: Option<bool>,
    rules: Vec<Rule>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Rule {
    /// The name, or the prefix, without a trailing `.*`.
    pattern: Box<str>,
    /// Written `pattern.*`: matches the names under the prefix, not the prefix itself.
    under_only: bool,
    on: bool,
}

/// Ends a prefix of a name: the dots of `#[traced]` names, the slash of gRPC's `package.Service/Method`, the space
/// of HTTP's `GET /users/{id}`.
fn is_boundary(byte: u8) -> bool {
    matches!(byte, b'.' | b'/' | b' ')
}

impl Rules {
    /// Parses `text`: comma-separated rules `pattern=on` / `pattern=off`, and a bare `on` or `off` for the
    /// default. Blank rules (`a=on,,b=off`, a trailing comma) are skipped; an empty text lets every span through.
    pub(crate) fn parse(text: &str) -> Result<Rules, FilterError> {
        let mut rules = Rules { default: None, rules: Vec::new() };
        for (index, written) in text.split(',').enumerate() {
            let rule = written.trim();
            if rule.is_empty() {
                continue;
            }
            let failed = |problem| FilterError::new(index + 1, rule, problem);
            let Some((pattern, written_switch)) = rule.split_once('=') else {
                rules.default = Some(switch(rule).ok_or_else(|| failed(Problem::NoSwitch))?);
                continue;
            };
            let on = switch(written_switch.trim()).ok_or_else(|| failed(Problem::BadSwitch))?;
            let pattern = pattern.trim();
            let (pattern, under_only) = match pattern.strip_suffix(".*") {
                Some(prefix) => (prefix, true),
                None => (pattern, false),
            };
            if let Some(problem) = problem_of(pattern) {
                return Err(failed(problem));
            }
            rules.rules.push(Rule { pattern: pattern.into(), under_only, on });
        }
        Ok(rules)
    }

    /// These rules, then `later`'s: at equal specificity `later` wins, and its default if it gives one.
    #[cfg(feature = "setup")]
    pub(crate) fn followed_by(mut self, later: Rules) -> Rules {
        self.default = later.default.or(self.default);
        self.rules.extend(later.rules);
        self
    }

    /// Whether every name passes: a filter that needs no checking.
    pub(crate) fn lets_all_through(&self) -> bool {
        self.default != Some(false) && self.rules.iter().all(|rule| rule.on)
    }

    /// Whether spans named `name` are made: the most specific matching rule decides (the longest pattern; at equal
    /// length, the one written last), else the default.
    pub(crate) fn allows(&self, name: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for rule in &self.rules {
            if rule.matches(name) && best.is_none_or(|(length, _)| rule.pattern.len() >= length) {
                best = Some((rule.pattern.len(), rule.on));
            }
        }
        best.map_or(self.default != Some(false), |(_, on)| on)
    }
}

impl Rule {
    fn matches(&self, name: &str) -> bool {
        let Some(rest) = name.strip_prefix(&*self.pattern) else { return false };
        match rest.as_bytes().first() {
            None => !self.under_only,
            Some(&byte) => is_boundary(byte),
        }
    }
}

fn switch(text: &str) -> Option<bool> {
    match text {
        "on" => Some(true),
        "off" => Some(false),
        _ => None,
    }
}

/// What is wrong with a pattern (its `.*` already taken off), if anything.
fn problem_of(pattern: &str) -> Option<Problem> {
    if pattern.is_empty() {
        return Some(Problem::EmptyPattern);
    }
    if pattern == "*" {
        return Some(Problem::Everything);
    }
    if pattern.contains('*') {
        return Some(Problem::Star);
    }
    if pattern.starts_with('.') || pattern.ends_with('.') {
        return Some(Problem::Dot);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allows(filter: &str, name: &str) -> bool {
        Rules::parse(filter).unwrap_or_else(|error| panic!("{filter:?}: {error}")).allows(name)
    }

    #[test]
    fn the_most_specific_rule_decides() {
        let table = [
            ("", "db.query", true),
            ("off", "db.query", false),
            ("on", "db.query", true),
            ("db=off", "db.query.get_user", false),
            ("db=off", "db", false),
            ("db=off", "dbx.query", true),
            ("db.*=off", "db", true),
            ("db.*=off", "db.query", false),
            ("db.query=off", "db.query_plan", true),
            ("off,orders=on", "orders.place", true),
            ("off,orders=on", "payment.charge", false),
            ("orders=on,db.*=off,payment.charge=on", "db.query", false),
            ("orders=on,db.*=off,payment.charge=on", "payment.charge", true),
            ("orders=on,db.*=off,payment.charge=on", "payment.refund", true),
            ("db=off,db.query=on", "db.query.get_user", true),
            ("db=off,db.query=on", "db.pool.get", false),
            ("db.query=on,db=off", "db.query.get_user", true),
            // At equal specificity the later rule wins.
            ("db=off,db.*=on", "db.query", true),
            ("db.*=on,db=off", "db.query", false),
            ("db=on,db=off", "db", false),
            // Layer spans: gRPC's `package.Service/Method`, HTTP's `METHOD route`.
            ("helloworld.Greeter=off", "helloworld.Greeter/SayHello", false),
            ("helloworld=off", "helloworld.Greeter/SayHello", false),
            ("GET=off", "GET /users/{id}", false),
            ("GET=off", "GET", false),
            ("GET /health=off", "GET /health", false),
            ("GET /health=off", "GET /healthz", true),
            ("GET /users=off", "GET /users/{id}", false),
            ("off,GET=on", "POST /orders", false),
            // Spaces around rules and switches, blank rules.
            (" db = off , orders=on ,", "db.query", false),
            (",,", "db.query", true),
        ];
        for (filter, name, expected) in table {
            assert_eq!(allows(filter, name), expected, "{filter:?} on {name:?}");
        }
    }

    #[test]
    fn bad_rules_are_named_with_what_is_wrong() {
        let table = [
            ("db", 1, "db"),
            ("orders=on,db*=off", 2, "db*=off"),
            ("db=of", 1, "db=of"),
            ("db=ON", 1, "db=ON"),
            ("=off", 1, "=off"),
            (".*=off", 1, ".*=off"),
            ("*=off", 1, "*=off"),
            ("*.db=off", 1, "*.db=off"),
            ("db.=off", 1, "db.=off"),
            (".db=off", 1, ".db=off"),
            ("db=on=off", 1, "db=on=off"),
            ("a=on,,  b  ", 3, "b"),
            ("é=on,ü", 2, "ü"),
        ];
        for (filter, position, rule) in table {
            let error = Rules::parse(filter).expect_err(filter);
            assert_eq!((error.position(), error.rule()), (position, rule), "{filter:?}: {error}");
        }
    }

    #[cfg(feature = "setup")]
    #[test]
    fn later_rules_win_at_equal_specificity() {
        let code = Rules::parse("off,orders=on,db=off").unwrap();
        let operator = Rules::parse("db=on,payment=on").unwrap();
        let both = code.clone().followed_by(operator);
        let table = [("db.query", true), ("orders.place", true), ("payment.charge", true), ("jobs.run", false)];
        for (name, expected) in table {
            assert_eq!(both.allows(name), expected, "{name}");
        }
        assert!(code.clone().followed_by(Rules::parse("on").unwrap()).allows("jobs.run"));
        assert!(!code.followed_by(Rules::parse("").unwrap()).allows("jobs.run"), "no default given: the first stays");
    }

    /// Random filters from the characters the parser splits on, multi-byte ones among them: parsing and matching
    /// never panic, an error's rule is a trimmed piece of the text, and a parsed filter decides every name.
    #[test]
    fn never_panics_on_any_text() {
        const PIECES: [&str; 16] =
            ["=", ",", ".", ".*", "*", " ", "on", "off", "db", "db.query", "é", "😀", "\u{0}", "/", "GET /", "a"];
        let mut random = crate::random_text::RandomText::new(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let filter = random.text(&PIECES, 12, |_| true);
            match Rules::parse(&filter) {
                Ok(rules) => {
                    for name in ["db", "db.query", "db.query.get", "é.😀", "GET /", ""] {
                        rules.allows(name);
                    }
                }
                Err(error) => {
                    assert!(filter.split(',').any(|rule| rule.trim() == error.rule()), "{filter:?}: {error}");
                    assert!(!error.to_string().is_empty());
                }
            }
        }
        let long = format!("{}=maybe", "é".repeat(500));
        let error = Rules::parse(&long).unwrap_err();
        assert_eq!(error.rule().chars().count(), 81, "cut after 80 characters, and marked");
    }

    #[test]
    fn a_filter_of_only_on_rules_needs_no_checking() {
        assert!(Rules::parse("").unwrap().lets_all_through());
        assert!(Rules::parse("db=on,on").unwrap().lets_all_through());
        assert!(!Rules::parse("db=off").unwrap().lets_all_through());
        assert!(!Rules::parse("off,db=on").unwrap().lets_all_through());
    }
}
