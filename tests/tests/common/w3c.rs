//! The rules of W3C Trace Context that the official harness (w3c/trace-context `test/`, strict level 2, spec
//! level 2) checks, as cases: the header lines of a request, and what a service must send on.

/// The trace and parent ids of the cases' valid parent.
pub const TRACE_ID: &str = "12345678901234567890123456789012";
pub const PARENT_ID: &str = "1234567890123456";

/// What happens to the incoming parent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Parent {
    /// Continued: same trace, these flags (the sampled and random bits).
    Kept(u8),
    /// Ignored: the trace restarts.
    Restarted,
}

pub struct Case {
    pub name: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub parent: Parent,
    /// The `tracestate` sent on, empty for none.
    pub tracestate: String,
}

fn case(name: &'static str, headers: Vec<(&'static str, String)>, parent: Parent, tracestate: &str) -> Case {
    Case { name, headers, parent, tracestate: tracestate.to_owned() }
}

fn traceparent(value: &str) -> (&'static str, String) {
    ("traceparent", value.to_owned())
}

fn tracestate(value: &str) -> (&'static str, String) {
    ("tracestate", value.to_owned())
}

/// `00-TRACE_ID-PARENT_ID-{flags}`.
pub fn valid(flags: &str) -> String {
    format!("00-{TRACE_ID}-{PARENT_ID}-{flags}")
}

/// The `traceparent` cases: versions, lengths, characters, duplicates, all-zero ids, white space, flags. A
/// `traceparent` that is not valid takes the `tracestate` beside it down with it.
pub fn traceparent_cases() -> Vec<Case> {
    use Parent::{Kept, Restarted};
    let bad = |name, value: String| case(name, vec![traceparent(&value), tracestate("foo=1")], Restarted, "");
    let mut cases = vec![
        case("both headers missing", vec![], Restarted, ""),
        case("sampled", vec![traceparent(&valid("01"))], Kept(1), ""),
        case("not sampled", vec![traceparent(&valid("00"))], Kept(0), ""),
        case("random flag, not sampled", vec![traceparent(&valid("02"))], Kept(2), ""),
        case("random flag, sampled", vec![traceparent(&valid("03"))], Kept(3), ""),
        case("flags the spec does not define are dropped", vec![traceparent(&valid("ff"))], Kept(3), ""),
        case("with a tracestate", vec![traceparent(&valid("01")), tracestate("foo=1")], Kept(1), "foo=1"),
        case(
            "duplicated",
            vec![traceparent(&valid("01")), traceparent(&valid("01")), tracestate("foo=1")],
            Restarted,
            "",
        ),
        case(
            "duplicated, other trace ids",
            vec![
                traceparent(&valid("01")),
                traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
                tracestate("foo=1"),
            ],
            Restarted,
            "",
        ),
        case("header name TraceParent", vec![("TraceParent", valid("01"))], Kept(1), ""),
        case("header name TrAcEpArEnT", vec![("TrAcEpArEnT", valid("01"))], Kept(1), ""),
        case("header name TRACEPARENT", vec![("TRACEPARENT", valid("01"))], Kept(1), ""),
        case("header name trace-parent", vec![("trace-parent", valid("01"))], Restarted, ""),
        case("header name trace.parent", vec![("trace.parent", valid("01"))], Restarted, ""),
        case("version cc, same fields", vec![traceparent(&format!("cc-{TRACE_ID}-{PARENT_ID}-01"))], Kept(1), ""),
        case(
            "version cc, more fields",
            vec![traceparent(&format!("cc-{TRACE_ID}-{PARENT_ID}-01-what-the-future-will-be-like"))],
            Kept(1),
            "",
        ),
        bad("version cc, run-on flags", format!("cc-{TRACE_ID}-{PARENT_ID}-01.what-the-future-will-be-like")),
        bad("version ff", format!("ff-{TRACE_ID}-{PARENT_ID}-01")),
        bad("version 00 with more fields", format!("{}-what-the-future-will-be-like", valid("01"))),
        bad("version 00, one character more", format!("{}.", valid("01"))),
        bad("version .0", format!(".0-{TRACE_ID}-{PARENT_ID}-01")),
        bad("version 0.", format!("0.-{TRACE_ID}-{PARENT_ID}-01")),
        bad("version upper case", format!("0A-{TRACE_ID}-{PARENT_ID}-01")),
        bad("version too long", format!("000-{TRACE_ID}-{PARENT_ID}-01")),
        bad("version of four digits", format!("0000-{TRACE_ID}-{PARENT_ID}-01")),
        bad("version too short", format!("0-{TRACE_ID}-{PARENT_ID}-01")),
        bad("trace id all zero", format!("00-{}-{PARENT_ID}-01", "0".repeat(32))),
        bad("trace id .", format!("00-.{}-{PARENT_ID}-01", &TRACE_ID[1..])),
        bad("trace id ends in .", format!("00-{}.-{PARENT_ID}-01", &TRACE_ID[..31])),
        bad("trace id upper case", format!("00-{}ABCDEF-{PARENT_ID}-01", &TRACE_ID[..26])),
        bad("trace id too long", format!("00-{TRACE_ID}3-{PARENT_ID}-01")),
        bad("trace id too short", format!("00-{}-{PARENT_ID}-01", &TRACE_ID[1..])),
        bad("parent id all zero", format!("00-{TRACE_ID}-{}-01", "0".repeat(16))),
        bad("parent id .", format!("00-{TRACE_ID}-.{}-01", &PARENT_ID[1..])),
        bad("parent id ends in .", format!("00-{TRACE_ID}-{}.-01", &PARENT_ID[..15])),
        bad("parent id too long", format!("00-{TRACE_ID}-{PARENT_ID}7-01")),
        bad("parent id too short", format!("00-{TRACE_ID}-{}-01", &PARENT_ID[1..])),
        bad("flags .0", valid(".0")),
        bad("flags 0.", valid("0.")),
        bad("flags upper case", valid("0A")),
        bad("flags too long", valid("001")),
        bad("flags too short", valid("1")),
        bad("separator not a dash", format!("00_{TRACE_ID}-{PARENT_ID}-01")),
        bad("empty", String::new()),
        bad("white space inside", format!("00- {TRACE_ID}-{PARENT_ID}-01")),
        // The panic fuzzing found: a multi-byte character over the second byte, long enough to be read.
        bad("multi-byte character in the version", format!("0é{}", "a".repeat(52))),
        bad("multi-byte character in the trace id", format!("00-é{}-{PARENT_ID}-01", &TRACE_ID[2..])),
        bad("NUL bytes", "\0".repeat(55)),
    ];
    for (name, value) in [
        ("leading space", format!(" {}", valid("01"))),
        ("leading tab", format!("\t{}", valid("01"))),
        ("trailing space", format!("{} ", valid("01"))),
        ("trailing tab", format!("{}\t", valid("01"))),
        ("spaces and tabs around", format!("\t {} \t", valid("01"))),
    ] {
        cases.push(case(name, vec![traceparent(&value)], Kept(1), ""));
    }
    cases
}

/// The `tracestate` cases: combining lines, white space, member and key limits, key and value grammar,
/// duplicates. Each comes with a valid unsampled parent, which an invalid `tracestate` never voids.
pub fn tracestate_cases() -> Vec<Case> {
    let key = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
    let value: String = (0x20_u8..=0x7e).filter(|&c| c != b',' && c != b'=').map(char::from).collect();
    let value = value.trim_end().to_owned();
    let bars = |count: usize| (1..=count).map(|i| format!("bar{i:02}={i:02}")).collect::<Vec<_>>();
    let long_key = "z".repeat(256);
    let vendor_key = format!("{}@{}", "t".repeat(241), "v".repeat(14));
    let short_vendor_key = format!("{}@v", "t".repeat(242));
    let long_system_key = format!("t@{}", "v".repeat(15));
    let thousand = bars(99).into_iter().cycle().take(1000).collect::<Vec<_>>().join(",");
    let lines: Vec<(&'static str, Vec<String>, String)> = vec![
        ("one member", vec!["foo=1".into()], "foo=1".into()),
        ("two members", vec!["foo=1,bar=2".into()], "foo=1,bar=2".into()),
        ("an empty header", vec![String::new()], String::new()),
        ("a member, then an empty header", vec!["foo=1".into(), String::new()], "foo=1".into()),
        ("an empty header, then a member", vec![String::new(), "foo=1".into()], "foo=1".into()),
        (
            "several headers are one list, in order",
            vec!["foo=1,bar=2".into(), "rojo=1,congo=2".into(), "baz=3".into()],
            "foo=1,bar=2,rojo=1,congo=2,baz=3".into(),
        ),
        ("duplicated key, same value", vec!["foo=1,foo=1".into()], "foo=1".into()),
        ("duplicated key, other value", vec!["foo=1,foo=2".into()], "foo=1".into()),
        ("duplicated key over two headers", vec!["foo=1".into(), "foo=1".into()], "foo=1".into()),
        ("duplicated key over two headers, other value", vec!["foo=1".into(), "foo=2".into()], "foo=1".into()),
        ("all allowed characters", vec![format!("{key}={value}")], format!("{key}={value}")),
        (
            "all allowed characters, with a vendor",
            vec![format!("{key}@a-z0-9_-*/={value}")],
            format!("{key}@a-z0-9_-*/={value}"),
        ),
        ("spaces and tabs around members", vec!["foo=1 \t , \t bar=2, \t baz=3".into()], "foo=1,bar=2,baz=3".into()),
        ("tabs and spaces around members", vec!["foo=1\t \t,\t \tbar=2,\t \tbaz=3".into()], "foo=1,bar=2,baz=3".into()),
        ("leading space", vec![" foo=1".into()], "foo=1".into()),
        ("leading tab", vec!["\tfoo=1".into()], "foo=1".into()),
        ("trailing space", vec!["foo=1 ".into()], "foo=1".into()),
        ("trailing tab", vec!["foo=1\t".into()], "foo=1".into()),
        ("spaces and tabs around", vec!["\t foo=1 \t".into()], "foo=1".into()),
        ("empty members", vec![",foo=1,,  ,\t,bar=2,".into()], "foo=1,bar=2".into()),
        ("a value's leading space is kept", vec!["foo= 1".into()], "foo= 1".into()),
        ("key with a space", vec!["foo =1".into()], String::new()),
        ("upper-case key", vec!["FOO=1".into()], String::new()),
        ("key with a dot", vec!["foo.bar=1".into()], String::new()),
        ("key ending in @", vec!["foo@=1,bar=2".into()], "foo@=1,bar=2".into()),
        ("key starting with @", vec!["@foo=1,bar=2".into()], String::new()),
        ("key with @@", vec!["foo@@bar=1,bar=2".into()], "foo@@bar=1,bar=2".into()),
        ("key with two @", vec!["foo@bar@baz=1,bar=2".into()], "foo@bar@baz=1,bar=2".into()),
        ("key starting with a digit", vec!["1foo=1".into()], "1foo=1".into()),
        ("key of 256 characters", vec!["foo=1".into(), format!("{long_key}=1")], format!("foo=1,{long_key}=1")),
        ("key of 257 characters", vec!["foo=1".into(), format!("{long_key}z=1")], String::new()),
        (
            "key of 256 characters, 14 after its @",
            vec!["foo=1".into(), format!("{vendor_key}=1")],
            format!("foo=1,{vendor_key}=1"),
        ),
        (
            "key of 244 characters, 1 after its @",
            vec!["foo=1".into(), format!("{short_vendor_key}=1")],
            format!("foo=1,{short_vendor_key}=1"),
        ),
        (
            "key with 15 characters after its @",
            vec!["foo=1".into(), format!("{long_system_key}=1")],
            format!("foo=1,{long_system_key}=1"),
        ),
        ("32 members", bars(32).chunks(10).map(|chunk| chunk.join(",")).collect(), bars(32).join(",")),
        ("33 members", bars(33).chunks(10).map(|chunk| chunk.join(",")).collect(), String::new()),
        ("1000 members", vec![thousand], String::new()),
        ("value of 256 characters", vec![format!("foo={}", "v".repeat(256))], format!("foo={}", "v".repeat(256))),
        ("value of 257 characters", vec![format!("foo={}", "v".repeat(257))], String::new()),
        ("value with =", vec!["foo=bar=baz".into()], String::new()),
        ("empty value", vec!["foo=,bar=3".into()], String::new()),
        ("member without =", vec!["foo,bar=3".into()], String::new()),
        ("control character in a value", vec!["foo=b\u{7f}r".into()], String::new()),
        ("tab inside a value", vec!["foo=b\tr".into()], String::new()),
        ("multi-byte character in a value", vec!["foo=bé".into()], String::new()),
        ("multi-byte character in a key", vec!["fé=1".into()], String::new()),
        ("one bad line drops every line", vec!["foo=1".into(), "Bar=2".into()], String::new()),
    ];
    let mut cases: Vec<Case> = lines
        .into_iter()
        .map(|(name, lines, sent)| {
            let mut headers = vec![traceparent(&valid("00"))];
            headers.extend(lines.iter().map(|line| tracestate(line)));
            case(name, headers, Parent::Kept(0), &sent)
        })
        .collect();
    let casing = |name| case(name, vec![traceparent(&valid("00")), (name, "foo=1".into())], Parent::Kept(0), "foo=1");
    cases.extend([casing("TraceState"), casing("TrAcEsTaTe"), casing("TRACESTATE")]);
    for name in ["trace-state", "trace.state"] {
        cases.push(case(name, vec![traceparent(&valid("00")), (name, "foo=1".into())], Parent::Kept(0), ""));
    }
    cases.push(case("without a traceparent", vec![tracestate("foo=1,bar=2")], Parent::Restarted, ""));
    cases
}
