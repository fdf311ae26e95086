//! Set-up inputs that cannot work are clear errors from `install()`, never a panic and never a credential: OTLP
//! endpoints with another scheme, no host or a port out of range, and a bound of 0 on attribute text. Every case
//! fails before anything is installed. The `OTEL_*` parsers themselves are fuzzed next to them, in
//! `runtime/src/setup/env.rs`: reading them takes no public seam.

use std::process::{Command, Output};

use proptest::prelude::*;
use traced::setup::{Exporter, InitError, Otlp};

fn install(otlp: Otlp) -> Result<traced::setup::Guard, InitError> {
    traced::builder().with_exporter(Exporter::Otlp(otlp)).install()
}

#[test]
fn an_endpoint_that_cannot_work_is_an_error_naming_the_accepted_form() {
    let cases = [
        (
            "ftp://127.0.0.1:4317",
            "Otlp::endpoint=\"ftp://127.0.0.1:4317\" is invalid: expected a URL whose scheme is `http` or `https`, \
             such as `http://host:4317` (OTLP cannot go over `ftp`)",
        ),
        (
            "http://127.0.0.1:99999",
            "Otlp::endpoint=\"http://127.0.0.1:99999\" is invalid: expected a port from 1 to 65535, such as \
             `http://host:4317` (the port is out of range)",
        ),
        (
            "not_a_url",
            "Otlp::endpoint=\"not_a_url\" is invalid: expected a URL such as `http://host:4317` (this is not a valid \
             URL: it does not start with `http://` or `https://`; to have the exporter put `http://` in front, set \
             OTEL_EXPORTER_OTLP_INSECURE=true)",
        ),
    ];
    for (endpoint, expected) in cases {
        let error = install(Otlp::grpc().with_endpoint(endpoint)).unwrap_err();
        assert!(matches!(&error, InitError::Invalid { name: "Otlp::endpoint", .. }), "{error}");
        assert_eq!(error.to_string(), expected);
    }
    let error = install(Otlp::http().with_endpoint("http://user:hunter2@:4318/v1/traces")).unwrap_err().to_string();
    assert_eq!(
        error,
        "Otlp::endpoint=\"http://REDACTED:REDACTED@:4318/v1/traces\" is invalid: expected a URL with a host, such as \
         `http://host:4318/v1/traces` (this one has none)"
    );
}

#[test]
fn a_zero_bound_on_attribute_text_is_an_error() {
    let error = traced::builder().with_max_attribute_length(0).with_exporter(Exporter::None).install().unwrap_err();
    assert_eq!(
        error.to_string(),
        "with_max_attribute_length=\"0\" is invalid: expected a positive length in bytes (0 would empty every value)"
    );
}

/// The order flow of the README (`traced::init()`) with only the `OTEL_*` variables given.
fn order_flow(vars: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_order_flow"));
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("OTEL_")) {
        command.env_remove(name);
    }
    command.envs(vars.iter().copied()).output().expect("run the order flow")
}

#[test]
fn the_same_from_the_environment() {
    let cases: [(&[(&str, &str)], &str); 4] = [
        (
            &[("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "0")],
            "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT=\"0\" is invalid: expected a positive length in bytes (0 would \
             empty every value)",
        ),
        (
            &[("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "0")],
            "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT=\"0\" is invalid: expected a positive length in bytes",
        ),
        (
            &[("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://user:hunter2@127.0.0.1:4317")],
            "OTEL_EXPORTER_OTLP_ENDPOINT=\"ftp://REDACTED:REDACTED@127.0.0.1:4317\" is invalid: expected a URL whose \
             scheme is `http` or `https`, such as `http://host:4318` (OTLP cannot go over `ftp`)",
        ),
        (
            &[("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "not_a_url"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")],
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=\"not_a_url\" is invalid: expected a URL such as `http://host:4317` \
             (this is not a valid URL: it does not start with `http://` or `https://`; to have the exporter put \
             `http://` in front, set OTEL_EXPORTER_OTLP_INSECURE=true)",
        ),
    ];
    for (vars, expected) in cases {
        let output = order_flow(vars);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{vars:?}: {stderr}");
        assert!(stderr.contains(expected), "{vars:?}: {stderr}");
        assert!(!stderr.contains("hunter2") && !stderr.contains("TLS"), "{stderr}");
    }
}

/// What the URL parsers split on, ASCII punctuation and multi-byte characters, NUL and a space among them.
const PIECES: &[&str] = &[
    "=", ",", ";", "%", "@", ":", "/", "?", "#", "[", "]", ".", "é", "😀", "\u{0}", " ", "a", "h", "0", "4317",
    "99999", "://", "ftp", "http", "HTTPS",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..16).prop_map(|pieces| pieces.concat())
}

/// Whether `url` starts like an endpoint that may work: those would install an exporter.
fn may_work(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// In every password, and in nothing else the strategies make.
const SECRET: &str = "S3CR3T";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Anything but an `http` or `https` URL is an error that names the setting (an empty one is unset).
    #[test]
    fn text_that_is_no_http_url_is_an_error(url in text(), grpc in any::<bool>()) {
        let url = if may_work(&url) || url.is_empty() { format!("ftp{url}") } else { url };
        let otlp = if grpc { Otlp::grpc() } else { Otlp::http() };
        let error = install(otlp.with_endpoint(url.as_str())).unwrap_err();
        prop_assert!(matches!(&error, InitError::Invalid { name: "Otlp::endpoint", .. }), "{url:?}: {error}");
    }

    /// A password in an endpoint that cannot work never shows in the error, wherever the mistake is.
    #[test]
    fn an_error_never_shows_the_password(
        scheme in prop::sample::select(&["ftp", "http", "https", "unix", "", "http:/"][..]),
        user in text(),
        password in text(),
        rest in text(),
        port in prop_oneof![Just(0_u64), 65_536..=u64::MAX],
    ) {
        let url = format!("{scheme}://{user}:{password}{SECRET}@{rest}h:{port}");
        // With `http`, the port fails the URL unless a `/`, `?` or `#` ends the authority before it: then NUL does.
        let ends_early = [&user, &password, &rest].iter().any(|text| text.contains(['/', '?', '#']));
        let url = if may_work(&url) && ends_early { format!("{url}\u{0}") } else { url };
        let error = install(Otlp::grpc().with_endpoint(url.as_str())).unwrap_err().to_string();
        prop_assert!(!error.contains(SECRET), "{url:?}: {error}");
    }
}
