//! How captured values become attributes: one typed value per Rust type, derived structs flattened and redacted,
//! `?`/`%` text, expression fields, and the span's name, kind and instrumentation scope.

mod common;

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::rc::Rc;
use std::sync::Arc;

use common::*;
use opentelemetry::trace::SpanKind;
use opentelemetry::Value;
use traced::{traced, SpanAttributes};

mod integers {
    use super::*;

    #[traced(fields(a, b, c, d, e))]
    fn signed(a: i8, b: i16, c: i32, d: i64, e: isize) {}

    #[traced(fields(a, b, c, d, e))]
    fn unsigned(a: u8, b: u16, c: u32, d: u64, e: usize) {}

    #[traced(fields(a, b))]
    fn wide(a: u128, b: i128) {}

    #[test]
    fn signed_integers_are_i64() {
        let t = caught();
        signed(-8, -16, -32, -64, -5);
        signed(i8::MIN, i16::MAX, i32::MIN, i64::MIN, isize::MAX);
        let spans = t.spans();
        assert_eq!(
            spans[0].attributes,
            [kv("a", -8_i64), kv("b", -16_i64), kv("c", -32_i64), kv("d", -64_i64), kv("e", -5_i64)]
        );
        assert_eq!(
            spans[1].attributes,
            [
                kv("a", i64::from(i8::MIN)),
                kv("b", i64::from(i16::MAX)),
                kv("c", i64::from(i32::MIN)),
                kv("d", i64::MIN),
                kv("e", isize::MAX as i64),
            ]
        );
    }

    #[test]
    fn small_unsigned_integers_are_i64() {
        let t = caught();
        unsigned(u8::MAX, u16::MAX, u32::MAX, i64::MAX as u64, 7);
        assert_eq!(
            t.span("integers.unsigned").attributes,
            [kv("a", 255_i64), kv("b", 65_535_i64), kv("c", 4_294_967_295_i64), kv("d", i64::MAX), kv("e", 7_i64)]
        );
    }

    #[test]
    fn unsigned_integers_past_i64_are_exact_decimal_strings() {
        let t = caught();
        unsigned(0, 0, 0, i64::MAX as u64 + 1, usize::MAX);
        let span = t.span("integers.unsigned");
        assert_eq!(attribute(&span, "d"), Some(Value::from("9223372036854775808")));
        assert_eq!(attribute(&span, "e"), Some(Value::from(usize::MAX.to_string())));
        unsigned(0, 0, 0, u64::MAX, 0);
        let spans = t.spans();
        assert_eq!(attribute(&spans[1], "d"), Some(Value::from("18446744073709551615")));
    }

    #[test]
    fn wide_integers_inside_i64_are_i64() {
        let t = caught();
        wide(i64::MAX as u128, i64::MIN as i128);
        assert_eq!(t.span("integers.wide").attributes, [kv("a", i64::MAX), kv("b", i64::MIN)]);
    }

    #[test]
    fn wide_integers_outside_i64_are_exact_decimal_strings() {
        let t = caught();
        wide(u128::MAX, i128::MIN);
        assert_eq!(
            t.span("integers.wide").attributes,
            [kv("a", "340282366920938463463374607431768211455"), kv("b", "-170141183460469231731687303715884105728")]
        );
    }
}

mod scalars {
    use super::*;

    #[traced(fields(a, b, c, d))]
    fn scalars(a: f32, b: f64, c: bool, d: char) {}

    #[test]
    fn floats_bools_and_chars() {
        let t = caught();
        scalars(1.5, -0.25, true, 'é');
        assert_eq!(t.span("scalars.scalars").attributes, [kv("a", 1.5), kv("b", -0.25), kv("c", true), kv("d", "é")]);
    }
}

mod strings {
    use super::*;

    #[traced(fields(a, b, c, d, e))]
    fn strings(a: &str, b: String, c: &String, d: Cow<'_, str>, e: Cow<'_, str>) {}

    #[test]
    fn every_string_type_is_a_string() {
        let t = caught();
        let c = String::from("ref-string");
        strings("str", "string".to_owned(), &c, Cow::Borrowed("borrowed"), Cow::Owned("owned".to_owned()));
        assert_eq!(
            t.span("strings.strings").attributes,
            [kv("a", "str"), kv("b", "string"), kv("c", "ref-string"), kv("d", "borrowed"), kv("e", "owned")]
        );
    }
}

mod wrappers {
    use super::*;

    #[traced(fields(a, b))]
    fn options(a: Option<u32>, b: Option<&str>) {}

    #[traced(fields(a, b, c, d))]
    fn pointers(a: Box<u32>, b: Arc<str>, c: Rc<String>, d: &Option<Box<i8>>) {}

    #[test]
    fn some_is_recorded_as_its_value() {
        let t = caught();
        options(Some(3), Some("x"));
        assert_eq!(t.span("wrappers.options").attributes, [kv("a", 3_i64), kv("b", "x")]);
    }

    #[test]
    fn none_leaves_the_key_out() {
        let t = caught();
        options(None, Some("only b"));
        assert_eq!(t.span("wrappers.options").attributes, [kv("b", "only b")]);
        options(None, None);
        assert!(t.spans()[1].attributes.is_empty());
    }

    #[test]
    fn smart_pointers_record_what_they_point_to() {
        let t = caught();
        pointers(Box::new(4), Arc::from("arc"), Rc::new("rc".to_owned()), &Some(Box::new(-1)));
        assert_eq!(
            t.span("wrappers.pointers").attributes,
            [kv("a", 4_i64), kv("b", "arc"), kv("c", "rc"), kv("d", -1_i64)]
        );
    }
}

mod span_attributes {
    use super::*;

    #[derive(SpanAttributes, Debug)]
    struct Customer {
        id: u64,
        #[span(rename = "tier_name")]
        tier: String,
    }

    #[derive(SpanAttributes)]
    struct Order {
        id: String,
        amount: f64,
        customer: Customer,
        #[redact]
        card_number: String,
        #[span(skip)]
        items: Vec<String>,
        note: Option<String>,
    }

    const CARD: &str = "4111 1111 1111 1111";

    fn order() -> Order {
        Order {
            id: "o-1".into(),
            amount: 9.5,
            customer: Customer { id: 42, tier: "gold".into() },
            card_number: CARD.into(),
            items: vec!["hidden-item".into()],
            note: None,
        }
    }

    #[traced(fields(order))]
    fn place(order: &Order) {}

    #[traced(fields(order))]
    fn place_owned(order: Order) -> usize {
        order.items.len()
    }

    #[traced(fields(order = ?order))]
    fn debug_owned(order: Order) {}

    #[traced(fields(order = %order))]
    fn display_owned(order: Order) {}

    #[traced(fields(?order))]
    fn debug_ref(order: &Order) {}

    #[traced(fields(%order))]
    fn display_ref(order: &Order) {}

    #[traced(fields(order = ?order))]
    fn debug_boxed(order: Box<Order>) {}

    fn expected() -> Vec<opentelemetry::KeyValue> {
        vec![
            kv("order.id", "o-1"),
            kv("order.amount", 9.5),
            kv("order.customer.id", 42_i64),
            kv("order.customer.tier_name", "gold"),
            kv("order.card_number", "[REDACTED]"),
        ]
    }

    /// The `?`/`%` text of `Order`: its recorded fields, redactions applied.
    const RENDERED: &str =
        r#"Order { id: "o-1", amount: 9.5, customer.id: 42, customer.tier_name: "gold", card_number: "[REDACTED]" }"#;

    fn assert_redacted_text(value: Option<Value>) {
        let Some(Value::String(text)) = value else { panic!("not a string: {value:?}") };
        let text = text.as_str();
        assert!(text.contains("[REDACTED]"), "{text}");
        assert!(!text.contains(CARD), "the secret leaked: {text}");
        assert!(!text.contains("hidden-item"), "a skipped field leaked: {text}");
    }

    #[test]
    fn the_structs_own_debug_redacts_too() {
        let order = order();
        assert_eq!(order.card_number, CARD);
        let debug = format!("{order:?}");
        assert!(!debug.contains(CARD) && debug.contains(r#"card_number: "[REDACTED]""#), "{debug}");
        assert!(!debug.contains("hidden-item"), "a skipped field is left out: {debug}");
    }

    #[test]
    fn struct_is_flattened_under_the_argument_key() {
        let t = caught();
        place(&order());
        assert_eq!(t.span("span_attributes.place").attributes, expected());
    }

    #[test]
    fn owned_struct_is_flattened_and_still_usable_in_the_body() {
        let t = caught();
        assert_eq!(place_owned(order()), 1);
        assert_eq!(t.span("span_attributes.place_owned").attributes, expected());
    }

    #[test]
    fn optional_struct_field_is_recorded_when_some() {
        let t = caught();
        place(&Order { note: Some("fragile".into()), ..order() });
        let span = t.span("span_attributes.place");
        assert_eq!(attribute(&span, "order.note"), Some(Value::from("fragile")));
        assert_eq!(keys(&span).last().map(String::as_str), Some("order.note"));
    }

    #[test]
    fn debug_of_an_owned_struct_is_redacted() {
        let t = caught();
        debug_owned(order());
        let span = t.span("span_attributes.debug_owned");
        assert_redacted_text(attribute(&span, "order"));
        assert_eq!(attribute(&span, "order"), Some(Value::from(RENDERED)));
    }

    #[test]
    fn display_of_an_owned_struct_is_redacted() {
        let t = caught();
        display_owned(order());
        let span = t.span("span_attributes.display_owned");
        assert_redacted_text(attribute(&span, "order"));
        assert_eq!(attribute(&span, "order"), Some(Value::from(RENDERED)));
    }

    #[test]
    fn debug_of_a_borrowed_struct_is_redacted() {
        let t = caught();
        debug_ref(&order());
        assert_redacted_text(attribute(&t.span("span_attributes.debug_ref"), "order"));
    }

    #[test]
    fn display_of_a_borrowed_struct_is_redacted() {
        let t = caught();
        display_ref(&order());
        assert_redacted_text(attribute(&t.span("span_attributes.display_ref"), "order"));
    }

    #[test]
    fn debug_of_a_boxed_struct_is_redacted() {
        let t = caught();
        debug_boxed(Box::new(order()));
        assert_redacted_text(attribute(&t.span("span_attributes.debug_boxed"), "order"));
    }
}

mod redaction {
    use super::*;

    #[traced(fields(user), redact(card_number))]
    fn charge(user: &str, card_number: &str) -> usize {
        card_number.len()
    }

    #[test]
    fn redacted_argument_is_recorded_as_redacted() {
        let t = caught();
        assert_eq!(charge("ann", "4111"), 4);
        assert_eq!(t.span("redaction.charge").attributes, [kv("user", "ann"), kv("card_number", "[REDACTED]")]);
    }
}

mod text {
    use super::*;

    #[derive(Debug)]
    struct Request {
        path: &'static str,
    }

    struct User(&'static str);

    impl fmt::Display for User {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "user:{}", self.0)
        }
    }

    #[traced(fields(req = ?req, user = %user))]
    fn explicit(req: &Request, user: &User) -> &'static str {
        req.path
    }

    #[traced(fields(?req, %user))]
    fn shorthand(req: Request, user: User) {}

    #[traced(fields(n = ?n, s = ?s, f = %f))]
    fn primitives(n: u8, s: &str, f: f64) {}

    #[test]
    fn debug_and_display_text() {
        let t = caught();
        assert_eq!(explicit(&Request { path: "/a" }, &User("ann")), "/a");
        assert_eq!(
            t.span("text.explicit").attributes,
            [kv("req", r#"Request { path: "/a" }"#), kv("user", "user:ann")]
        );
    }

    #[test]
    fn shorthand_keys_by_the_argument_name() {
        let t = caught();
        shorthand(Request { path: "/b" }, User("bo"));
        assert_eq!(
            t.span("text.shorthand").attributes,
            [kv("req", r#"Request { path: "/b" }"#), kv("user", "user:bo")]
        );
    }

    #[test]
    fn text_of_recordable_values_is_text_not_typed() {
        let t = caught();
        primitives(7, "q", 1.5);
        assert_eq!(t.span("text.primitives").attributes, [kv("n", "7"), kv("s", r#""q""#), kv("f", "1.5")]);
    }
}

mod expressions {
    use super::*;

    struct Customer {
        id: u64,
        name: String,
    }

    struct Req {
        method: &'static str,
    }

    #[traced(fields(
        customer.id = customer.id,
        customer.name_len = customer.name.len(),
        "http.request.method" = req.method,
        db.system = "postgres",
        retry.count = 3,
        enabled = true,
    ))]
    fn handle(customer: &Customer, req: Req) -> String {
        format!("{} {}", req.method, customer.name)
    }

    #[traced(fields(c, a), fields(b = b * 10), fields(z = "last"))]
    fn ordered(a: u8, b: u8, c: u8) {}

    #[traced(fields(first), redact(card_number), fields(last))]
    fn ordered_with_redaction(first: u8, card_number: &str, last: u8) -> usize {
        card_number.len()
    }

    #[traced(fields(captured))]
    fn partial(captured: u32, uncaptured: u32, also_uncaptured: &str) -> u32 {
        captured + uncaptured + also_uncaptured.len() as u32
    }

    #[traced]
    fn nothing_captured(value: u32) -> u32 {
        value
    }

    fn tick(counter: &Cell<u32>) -> u32 {
        counter.set(counter.get() + 1);
        counter.get()
    }

    #[traced(fields(call = tick(counter)))]
    fn counted(counter: &Cell<u32>) -> u32 {
        counter.get()
    }

    #[traced(fields(call = tick(counter)))]
    async fn counted_async(counter: &Cell<u32>) -> u32 {
        for _ in 0..3 {
            yield_now().await;
        }
        counter.get()
    }

    #[test]
    fn dotted_and_string_keys_with_expressions_and_literals() {
        let t = caught();
        let customer = Customer { id: 77, name: "Ann".into() };
        assert_eq!(handle(&customer, Req { method: "GET" }), "GET Ann");
        assert_eq!(
            t.span("expressions.handle").attributes,
            [
                kv("customer.id", 77_i64),
                kv("customer.name_len", 3_i64),
                kv("http.request.method", "GET"),
                kv("db.system", "postgres"),
                kv("retry.count", 3_i64),
                kv("enabled", true),
            ]
        );
    }

    #[test]
    fn attributes_keep_the_declared_order() {
        let t = caught();
        ordered(1, 2, 3);
        assert_eq!(keys(&t.span("expressions.ordered")), ["c", "a", "b", "z"]);
        assert_eq!(attribute(&t.span("expressions.ordered"), "b"), Some(Value::I64(20)));
    }

    #[test]
    fn redactions_keep_the_declared_order() {
        let t = caught();
        assert_eq!(ordered_with_redaction(1, "4111", 2), 4);
        assert_eq!(keys(&t.span("expressions.ordered_with_redaction")), ["first", "card_number", "last"]);
    }

    #[test]
    fn capture_is_opt_in() {
        let t = caught();
        assert_eq!(partial(1, 2, "abc"), 6);
        assert_eq!(nothing_captured(9), 9);
        assert_eq!(keys(&t.span("expressions.partial")), ["captured"]);
        assert!(t.span("expressions.nothing_captured").attributes.is_empty());
    }

    #[test]
    fn expression_is_evaluated_exactly_once() {
        let t = caught();
        let counter = Cell::new(0);
        assert_eq!(counted(&counter), 1, "evaluated before the body runs");
        assert_eq!(counter.get(), 1);
        assert_eq!(t.span("expressions.counted").attributes, [kv("call", 1_i64)]);
    }

    #[test]
    fn async_expression_is_evaluated_exactly_once_across_polls() {
        let t = caught();
        let counter = Cell::new(0);
        assert_eq!(block_on(counted_async(&counter)), 1);
        assert_eq!(counter.get(), 1);
        assert_eq!(t.span("expressions.counted_async").attributes, [kv("call", 1_i64)]);
    }
}

mod span_identity {
    use super::*;

    #[traced(kind = server)]
    fn server() {}
    #[traced(kind = client)]
    fn client() {}
    #[traced(kind = producer)]
    fn producer() {}
    #[traced(kind = consumer)]
    fn consumer() {}
    #[traced(kind = internal)]
    fn internal() {}
    #[traced]
    fn default_kind() {}

    #[traced(name = "payment.process_charge", kind = client)]
    async fn renamed_async() {}

    #[traced(name = "a.b")]
    fn renamed() {}

    #[traced]
    fn r#match() {}

    #[test]
    fn kind_reaches_the_span() {
        let t = caught();
        server();
        client();
        producer();
        consumer();
        internal();
        default_kind();
        let kinds: Vec<_> = t.spans().into_iter().map(|span| (span.name.to_string(), span.span_kind)).collect();
        assert_eq!(
            kinds,
            [
                ("span_identity.server".to_owned(), SpanKind::Server),
                ("span_identity.client".to_owned(), SpanKind::Client),
                ("span_identity.producer".to_owned(), SpanKind::Producer),
                ("span_identity.consumer".to_owned(), SpanKind::Consumer),
                ("span_identity.internal".to_owned(), SpanKind::Internal),
                ("span_identity.default_kind".to_owned(), SpanKind::Internal),
            ]
        );
    }

    #[test]
    fn explicit_name_replaces_the_fn_name() {
        let t = caught();
        renamed();
        block_on(renamed_async());
        assert_eq!(names(&t.spans()), ["a.b", "payment.process_charge"]);
        assert_eq!(t.span("payment.process_charge").span_kind, SpanKind::Client);
    }

    #[test]
    fn default_name_is_the_fn_name_without_raw_prefix() {
        let t = caught();
        r#match();
        assert_eq!(names(&t.spans()), ["span_identity.match"]);
    }

    #[test]
    fn instrumentation_scope_is_the_calling_crate() {
        let t = caught();
        default_kind();
        block_on(renamed_async());
        for span in t.spans() {
            assert_eq!(span.instrumentation_scope.name(), "traced-tests");
            assert_eq!(span.instrumentation_scope.version(), Some("0.0.0"));
        }
        assert_eq!(t.spans().len(), 2);
    }
}

mod argument_names {
    use super::*;

    #[traced(fields(r#type, r#match = r#match + 1))]
    fn raw(r#type: &str, r#match: i64) {}

    #[traced(fields(type))]
    fn keyword_written_bare(r#type: u8) {}

    #[traced(fields(user = user), redact(password))]
    fn destructured((user, password): (&str, &str)) -> usize {
        user.len() + password.len()
    }

    #[test]
    fn raw_identifiers_are_keyed_without_r_hash() {
        let t = caught();
        raw("admin", 1);
        keyword_written_bare(7);
        let spans = t.spans();
        assert_eq!(spans[0].attributes, [kv("type", "admin"), kv("match", 2_i64)]);
        assert_eq!(spans[1].attributes, [kv("type", 7_i64)]);
    }

    #[test]
    fn redact_takes_a_binding_of_a_destructured_parameter() {
        let t = caught();
        assert_eq!(destructured(("ada", "s3cret")), 9);
        let span = t.span("argument_names.destructured");
        assert_eq!(span.attributes, [kv("user", "ada"), kv("password", "[REDACTED]")]);
        assert!(!format!("{span:?}").contains("s3cret"));
    }
}

/// The std types real arguments have, recorded without `?` (in the converted projects, half the arguments worth
/// capturing were of these types).
mod std_types {
    use std::net::{IpAddr, SocketAddr};
    use std::path::{Path, PathBuf};
    use std::time::Duration;

    use opentelemetry::{Array, StringValue};

    use super::*;

    #[traced(name = "net.connect", fields(peer, ip, timeout, retry_after))]
    fn connect(peer: SocketAddr, ip: IpAddr, timeout: Duration, retry_after: Option<Duration>) {}

    #[traced(name = "files.load", fields(path, dir, names, sizes, flags))]
    fn load(path: &Path, dir: PathBuf, names: &[String], sizes: Vec<u64>, flags: [bool; 2]) {}

    #[traced(name = "blobs.put", fields(key, body, payload))]
    fn put(key: [u8; 4], body: bytes::Bytes, payload: &[u8]) {}

    #[test]
    fn durations_addresses_and_paths() {
        let t = caught();
        connect("[::1]:8080".parse().unwrap(), IpAddr::from([10, 0, 0, 7]), Duration::from_millis(250), None);
        let span = t.span("net.connect");
        assert_eq!(attribute(&span, "peer"), Some("[::1]:8080".into()));
        assert_eq!(attribute(&span, "ip"), Some("10.0.0.7".into()));
        assert_eq!(attribute(&span, "timeout"), Some(Value::F64(0.25)));
        assert_eq!(attribute(&span, "retry_after"), None);
    }

    #[test]
    fn sequences_are_arrays_not_quoted_debug_text() {
        let t = caught();
        load(
            Path::new("tests/config.toml"),
            PathBuf::from("/srv"),
            &["a".into(), "b".into()],
            vec![1, 2],
            [true, false],
        );
        let span = t.span("files.load");
        assert_eq!(attribute(&span, "path"), Some("tests/config.toml".into()), "no `\\\"` around the text");
        assert_eq!(attribute(&span, "dir"), Some("/srv".into()));
        let names = Array::String(vec![StringValue::from("a"), StringValue::from("b")]);
        assert_eq!(attribute(&span, "names"), Some(Value::Array(names)));
        assert_eq!(attribute(&span, "sizes"), Some(Value::Array(Array::I64(vec![1, 2]))));
        assert_eq!(attribute(&span, "flags"), Some(Value::Array(Array::Bool(vec![true, false]))));
    }

    #[test]
    fn bytes_are_hex() {
        let t = caught();
        put([0xca, 0xfe, 0x00, 0x01], bytes::Bytes::from_static(b"hi"), &[0xff; 100]);
        let span = t.span("blobs.put");
        assert_eq!(attribute(&span, "key"), Some("cafe0001".into()));
        assert_eq!(attribute(&span, "body"), Some("6869".into()));
        let payload = format!("{}… (100 bytes)", "ff".repeat(traced::MAX_HEX_BYTES));
        assert_eq!(attribute(&span, "payload"), Some(payload.into()));
    }
}
