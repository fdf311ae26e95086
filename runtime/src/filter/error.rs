//! [`FilterError`]: a filter that cannot be read, with the rule at fault.

use std::fmt;

/// The longest part of a rule an error quotes, in characters: a filter read from a variable can be any length.
const QUOTED: usize = 80;

/// A span filter that cannot be read: which rule, and what is wrong with it. The filter in place stays.
///
/// ```
/// let error = traced::set_filter("orders=on,db*=off").unwrap_err();
/// assert_eq!(error.position(), 2);
/// assert_eq!(error.rule(), "db*=off");
/// assert_eq!(
///     error.to_string(),
///     r#"span filter rule 2 ("db*=off") is invalid: a `*` may only end a pattern, after a dot (`db.*`)"#
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterError {
    position: usize,
    rule: String,
    problem: Problem,
}

/// What is wrong with a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    /// A rule that is neither `pattern=on|off` nor a bare `on`/`off`.
    NoSwitch,
    /// `pattern=` followed by something other than `on` or `off`.
    BadSwitch,
    EmptyPattern,
    /// `*=off`: the default is written bare.
    Everything,
    /// A `*` anywhere but in a trailing `.*`.
    Star,
    /// A pattern that starts or ends with a dot.
    Dot,
}

impl FilterError {
    pub(crate) fn new(position: usize, rule: &str, problem: Problem) -> Self {
        let rule = match rule.char_indices().nth(QUOTED) {
            Some((end, _)) => format!("{}…", &rule[..end]),
            None => rule.to_owned(),
        };
        FilterError { position, rule, problem }
    }

    /// The rule's position in the filter, from 1 (blank rules count).
    ///
    /// ```
    /// assert_eq!(traced::set_filter("db=off,,payment").unwrap_err().position(), 3);
    /// ```
    pub fn position(&self) -> usize {
        self.position
    }

    /// The rule as written, without the spaces around it (cut after 80 characters).
    ///
    /// ```
    /// assert_eq!(traced::set_filter(" db = maybe ").unwrap_err().rule(), "db = maybe");
    /// ```
    pub fn rule(&self) -> &str {
        &self.rule
    }

    /// What is wrong, and how to write it.
    pub(crate) fn advice(&self) -> &'static str {
        match self.problem {
            Problem::NoSwitch => "expected `pattern=on`, `pattern=off`, or a bare `on`/`off` for the default",
            Problem::BadSwitch => "expected `on` or `off` after `=`",
            Problem::EmptyPattern => "the pattern before `=` is empty",
            Problem::Everything => "write the default as a bare `on` or `off`, without a pattern",
            Problem::Star => "a `*` may only end a pattern, after a dot (`db.*`)",
            Problem::Dot => "a pattern cannot start or end with a dot: write `db` or `db.*`",
        }
    }
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "span filter rule {} ({:?}) is invalid: {}", self.position, self.rule, self.advice())
    }
}

impl std::error::Error for FilterError {}
