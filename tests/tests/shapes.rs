//! Every function shape `#[traced]` accepts compiles, returns what it returned before, and makes its span.

mod common;

use std::fmt;

use common::*;
use opentelemetry::Value;
use traced::traced;

fn assert_send<T: Send>(_: &T) {}
fn assert_sync<T: Sync>(_: &T) {}

mod free_fns {
    use super::*;

    #[traced(fields(a, b))]
    fn add(a: i32, b: i32) -> i32 {
        a + b
    }

    #[traced]
    fn nothing() {}

    #[test]
    fn returns_its_value_and_records_its_arguments() {
        let t = telemetry();
        assert_eq!(add(2, 3), 5);
        let span = t.span("free_fns.add");
        assert_eq!(span.attributes, [kv("a", 2_i64), kv("b", 3_i64)]);
        assert!(is_root(&span));
    }

    #[test]
    fn unit_fn_makes_a_span_without_attributes() {
        let t = telemetry();
        nothing();
        assert_eq!(names(&t.spans()), ["free_fns.nothing"]);
        assert!(t.span("free_fns.nothing").attributes.is_empty());
    }
}

mod async_fns {
    use super::*;

    #[traced(fields(x))]
    async fn double(x: u32) -> u32 {
        yield_now().await;
        x * 2
    }

    #[traced]
    async fn nothing_async() {
        yield_now().await;
    }

    #[test]
    fn returns_its_value_after_suspending() {
        let t = telemetry();
        assert_eq!(block_on(double(21)), 42);
        let span = t.span("async_fns.double");
        assert_eq!(span.attributes, [kv("x", 21_i64)]);
        assert!(is_root(&span));
    }

    #[test]
    fn unit_async_fn_makes_its_span() {
        let t = telemetry();
        block_on(nothing_async());
        assert_eq!(names(&t.spans()), ["async_fns.nothing_async"]);
    }
}

mod methods {
    use super::*;

    pub(super) struct Counter {
        pub(super) n: i64,
        pub(super) label: String,
    }

    impl Counter {
        #[traced(fields(by))]
        fn into_sum(self, by: i64) -> i64 {
            self.n + by
        }

        #[traced(fields(n = self.n))]
        fn get(&self) -> i64 {
            self.n
        }

        #[traced(fields(by))]
        fn bump(&mut self, by: i64) -> i64 {
            self.n += by;
            self.n
        }

        #[traced(fields(label = self.label.as_str()))]
        fn into_label(self: Box<Self>) -> String {
            self.label
        }

        #[traced(fields(n = self.n))]
        async fn get_async(&self) -> i64 {
            yield_now().await;
            self.n
        }

        #[traced(fields(by))]
        async fn bump_async(&mut self, by: i64) -> i64 {
            yield_now().await;
            self.n += by;
            self.n
        }

        #[traced]
        fn label(&self) -> &str {
            &self.label
        }

        #[traced]
        fn n_mut(&mut self) -> &mut i64 {
            &mut self.n
        }

        #[traced]
        async fn label_async(&self) -> &str {
            yield_now().await;
            &self.label
        }

        #[traced]
        async fn n_mut_async(&mut self) -> &mut i64 {
            yield_now().await;
            &mut self.n
        }
    }

    fn counter(n: i64) -> Counter {
        Counter { n, label: format!("c{n}") }
    }

    #[test]
    fn by_value_self() {
        let t = telemetry();
        assert_eq!(counter(4).into_sum(3), 7);
        assert_eq!(t.span("methods.into_sum").attributes, [kv("by", 3_i64)]);
    }

    #[test]
    fn shared_self() {
        let t = telemetry();
        let c = counter(5);
        assert_eq!(c.get(), 5);
        assert_eq!(c.n, 5);
        assert_eq!(t.span("methods.get").attributes, [kv("n", 5_i64)]);
    }

    #[test]
    fn mutable_self_changes_the_receiver() {
        let t = telemetry();
        let mut c = counter(1);
        assert_eq!(c.bump(2), 3);
        assert_eq!(c.n, 3);
        assert_eq!(t.span("methods.bump").attributes, [kv("by", 2_i64)]);
    }

    #[test]
    fn boxed_self() {
        let t = telemetry();
        assert_eq!(Box::new(counter(9)).into_label(), "c9");
        assert_eq!(t.span("methods.into_label").attributes, [kv("label", "c9")]);
    }

    #[test]
    fn async_shared_self() {
        let t = telemetry();
        let c = counter(6);
        assert_eq!(block_on(c.get_async()), 6);
        assert_eq!(t.span("methods.get_async").attributes, [kv("n", 6_i64)]);
    }

    #[test]
    fn async_mutable_self_changes_the_receiver() {
        let t = telemetry();
        let mut c = counter(1);
        assert_eq!(block_on(c.bump_async(10)), 11);
        assert_eq!(c.n, 11);
        assert_eq!(t.span("methods.bump_async").attributes, [kv("by", 10_i64)]);
    }

    #[test]
    fn returns_a_reference_borrowed_from_self() {
        let t = telemetry();
        let c = counter(2);
        let label = c.label();
        assert!(std::ptr::eq(label, c.label.as_str()), "the reference points into `self`");
        assert_eq!(names(&t.spans()), ["methods.label"]);
    }

    #[test]
    fn async_returns_references_borrowed_from_self() {
        let t = telemetry();
        let mut c = counter(3);
        let label = block_on(c.label_async());
        assert!(std::ptr::eq(label, c.label.as_str()));
        *block_on(c.n_mut_async()) += 1;
        assert_eq!(c.n, 4);
        assert_eq!(names(&t.spans()), ["methods.label_async", "methods.n_mut_async"]);
    }

    #[test]
    fn async_mut_self_future_is_send() {
        let mut c = counter(0);
        let future = c.bump_async(1);
        assert_send(&future);
        assert_sync(&future);
    }

    #[test]
    fn returns_a_mutable_reference_borrowed_from_mut_self() {
        let t = telemetry();
        let mut c = counter(2);
        *c.n_mut() += 40;
        assert_eq!(c.n, 42);
        assert_eq!(names(&t.spans()), ["methods.n_mut"]);
    }
}

mod traits {
    use super::*;

    trait Area {
        fn area(&self) -> f64;
        fn scaled(&self, factor: f64) -> f64;
        async fn area_async(&self) -> f64;
    }

    struct Square(f64);

    impl Area for Square {
        #[traced(fields(side = self.0))]
        fn area(&self) -> f64 {
            self.0 * self.0
        }

        #[traced(name = "square.scaled", fields(factor))]
        fn scaled(&self, factor: f64) -> f64 {
            self.area() * factor
        }

        #[traced(fields(side = self.0))]
        async fn area_async(&self) -> f64 {
            yield_now().await;
            self.area()
        }
    }

    #[test]
    fn trait_impl_method() {
        let t = telemetry();
        assert_eq!(Square(3.0).area(), 9.0);
        assert_eq!(t.span("traits.area").attributes, [kv("side", 3.0)]);
    }

    #[test]
    fn trait_impl_method_through_a_generic() {
        fn twice(shape: &impl Area) -> f64 {
            shape.scaled(2.0)
        }
        let t = telemetry();
        assert_eq!(twice(&Square(2.0)), 8.0);
        assert!(is_child_of(&t.span("traits.area"), &t.span("square.scaled")));
    }

    #[test]
    fn async_fn_in_trait() {
        let t = telemetry();
        assert_eq!(block_on(Square(4.0).area_async()), 16.0);
        let outer = t.span("traits.area_async");
        assert_eq!(outer.attributes, [kv("side", 4.0)]);
        assert!(is_child_of(&t.span("traits.area"), &outer));
    }
}

mod generics {
    use super::*;

    #[traced(fields(len = items.len()))]
    fn sum<T>(items: &[T]) -> T
    where
        T: Copy + std::iter::Sum<T>,
    {
        items.iter().copied().sum()
    }

    #[traced(fields(value = %value))]
    fn describe<T>(value: T) -> String
    where
        T: fmt::Display,
    {
        format!("<{value}>")
    }

    #[traced(fields(count))]
    async fn repeat<T>(value: T, count: usize) -> Vec<T>
    where
        T: Clone + Send,
    {
        yield_now().await;
        vec![value; count]
    }

    #[traced(fields(value, len = N))]
    fn first_of<T, const N: usize>(value: T, items: [T; N]) -> Option<T>
    where
        T: traced::AttributeValue + Copy + PartialEq,
    {
        items.iter().copied().find(|item| *item == value)
    }

    #[test]
    fn const_generic_and_generic_recorded_value() {
        let t = telemetry();
        assert_eq!(first_of(2_u16, [1, 2, 3]), Some(2));
        assert_eq!(first_of("z", ["a"]), None);
        let spans = t.spans();
        assert_eq!(spans[0].attributes, [kv("value", 2_i64), kv("len", 3_i64)]);
        assert_eq!(spans[1].attributes, [kv("value", "z"), kv("len", 1_i64)]);
    }

    #[test]
    fn generic_with_where_clause() {
        let t = telemetry();
        assert_eq!(sum(&[1_u8, 2, 3]), 6);
        assert_eq!(sum(&[0.5_f64, 0.25]), 0.75);
        let spans = t.spans();
        assert_eq!(names(&spans), ["generics.sum", "generics.sum"]);
        assert_eq!(spans[0].attributes, [kv("len", 3_i64)]);
        assert_eq!(spans[1].attributes, [kv("len", 2_i64)]);
    }

    #[test]
    fn generic_value_recorded_through_display() {
        let t = telemetry();
        assert_eq!(describe(7_u8), "<7>");
        assert_eq!(t.span("generics.describe").attributes, [kv("value", "7")]);
    }

    #[test]
    fn async_generic_with_where_clause() {
        let t = telemetry();
        assert_eq!(block_on(repeat("ab", 3)), ["ab", "ab", "ab"]);
        assert_eq!(t.span("generics.repeat").attributes, [kv("count", 3_i64)]);
    }
}

mod impl_trait {
    use super::*;

    #[traced]
    fn total(items: impl IntoIterator<Item = u32>) -> u32 {
        items.into_iter().sum()
    }

    #[traced(fields(limit))]
    fn evens(limit: u32) -> impl Iterator<Item = u32> {
        (0..limit).filter(|n| n % 2 == 0)
    }

    #[traced]
    fn parse_all(text: &str) -> Result<impl Iterator<Item = u8> + '_, String> {
        if text.is_empty() {
            return Err("empty".to_owned());
        }
        Ok(text.split(',').map(|part| part.parse().unwrap()))
    }

    #[traced(fields(value = %value))]
    async fn bracket(value: impl fmt::Display) -> impl fmt::Display {
        yield_now().await;
        format!("[{value}]")
    }

    #[traced(fields(n))]
    fn adder(n: i32) -> impl Fn(i32) -> i32 {
        move |x| x + n
    }

    #[test]
    fn returns_impl_fn_capturing_an_argument() {
        let t = telemetry();
        let add = adder(5);
        assert_eq!(add(1), 6);
        assert_eq!(add(-5), 0);
        assert_eq!(names(&t.spans()), ["impl_trait.adder"]);
    }

    #[test]
    fn impl_trait_argument() {
        let t = telemetry();
        assert_eq!(total(vec![1, 2, 3]), 6);
        assert_eq!(total([4_u32; 2]), 8);
        assert_eq!(names(&t.spans()), ["impl_trait.total", "impl_trait.total"]);
    }

    #[test]
    fn returns_impl_iterator() {
        let t = telemetry();
        assert_eq!(evens(7).collect::<Vec<_>>(), [0, 2, 4, 6]);
        assert_eq!(t.span("impl_trait.evens").attributes, [kv("limit", 7_i64)]);
    }

    #[test]
    fn impl_trait_nested_in_the_return_type() {
        let t = telemetry();
        assert_eq!(parse_all("1,2").unwrap().collect::<Vec<_>>(), [1, 2]);
        assert_eq!(parse_all("").err(), Some("empty".to_owned()));
        let spans = t.spans();
        assert_eq!(names(&spans), ["impl_trait.parse_all", "impl_trait.parse_all"]);
        assert!(!is_error(&spans[0]));
        assert!(is_error(&spans[1]));
    }

    #[test]
    fn async_impl_trait_argument_and_return() {
        let t = telemetry();
        assert_eq!(block_on(bracket(5)).to_string(), "[5]");
        assert_eq!(t.span("impl_trait.bracket").attributes, [kv("value", "5")]);
    }
}

mod lifetimes {
    use super::*;

    #[traced(fields(a, b))]
    fn longest<'a>(a: &'a str, b: &'a str) -> &'a str {
        if a.len() >= b.len() {
            a
        } else {
            b
        }
    }

    #[traced(fields(text))]
    fn first_word(text: &str) -> &str {
        text.split(' ').next().unwrap_or(text)
    }

    #[traced]
    fn first_mut<'v, T>(values: &'v mut [T]) -> Option<&'v mut T> {
        values.first_mut()
    }

    #[traced(fields(text))]
    async fn first_word_async(text: &str) -> &str {
        yield_now().await;
        text.split(' ').next().unwrap_or(text)
    }

    #[test]
    fn async_elided_lifetime_borrowed_from_an_argument() {
        let t = telemetry();
        let text = String::from("hi there");
        let word = block_on(first_word_async(&text));
        assert_eq!(word, "hi");
        assert!(std::ptr::eq(word.as_ptr(), text.as_ptr()));
        assert_eq!(t.span("lifetimes.first_word_async").attributes, [kv("text", "hi there")]);
    }

    #[test]
    fn explicit_lifetimes() {
        let t = telemetry();
        let a = String::from("long one");
        let picked = longest(&a, "short");
        assert!(std::ptr::eq(picked, a.as_str()));
        assert_eq!(t.span("lifetimes.longest").attributes, [kv("a", "long one"), kv("b", "short")]);
    }

    #[test]
    fn elided_lifetime_borrowed_from_an_argument() {
        let t = telemetry();
        let text = String::from("hello world");
        let word = first_word(&text);
        assert_eq!(word, "hello");
        assert!(std::ptr::eq(word.as_ptr(), text.as_ptr()));
        assert_eq!(t.span("lifetimes.first_word").attributes, [kv("text", "hello world")]);
    }

    #[test]
    fn mutable_reference_borrowed_from_an_argument() {
        let t = telemetry();
        let mut values = [1, 2, 3];
        *first_mut(&mut values).unwrap() = 10;
        assert_eq!(values, [10, 2, 3]);
        assert_eq!(names(&t.spans()), ["lifetimes.first_mut"]);
    }
}

mod parameters {
    use super::*;

    #[traced(fields(n))]
    fn countdown(mut n: u32) -> Vec<u32> {
        let mut out = Vec::new();
        while n > 0 {
            out.push(n);
            n -= 1;
        }
        out
    }

    #[traced(fields(n))]
    async fn countdown_async(mut n: u32) -> u32 {
        let mut steps = 0;
        while n > 0 {
            yield_now().await;
            n -= 1;
            steps += 1;
        }
        steps
    }

    struct Point {
        x: i32,
        y: i32,
    }

    #[traced(fields(a = a, b = b, x = x, y = y))]
    fn manhattan((a, b): (i32, i32), Point { x, y }: Point) -> i32 {
        (a - x).abs() + (b - y).abs()
    }

    #[traced(fields(x = x))]
    async fn shifted(Point { x, y }: Point, (dx, _): (i32, i32)) -> i32 {
        yield_now().await;
        x + y + dx
    }

    #[test]
    fn mut_parameter_mutated_in_the_body_records_its_initial_value() {
        let t = telemetry();
        assert_eq!(countdown(3), [3, 2, 1]);
        assert_eq!(t.span("parameters.countdown").attributes, [kv("n", 3_i64)]);
    }

    #[test]
    fn async_mut_parameter() {
        let t = telemetry();
        assert_eq!(block_on(countdown_async(4)), 4);
        assert_eq!(t.span("parameters.countdown_async").attributes, [kv("n", 4_i64)]);
    }

    #[test]
    fn destructured_parameters_captured_by_expression() {
        let t = telemetry();
        assert_eq!(manhattan((1, 2), Point { x: 4, y: -2 }), 7);
        let span = t.span("parameters.manhattan");
        assert_eq!(span.attributes, [kv("a", 1_i64), kv("b", 2_i64), kv("x", 4_i64), kv("y", -2_i64)]);
    }

    #[test]
    fn async_destructured_parameters() {
        let t = telemetry();
        assert_eq!(block_on(shifted(Point { x: 1, y: 2 }, (10, 99))), 13);
        assert_eq!(t.span("parameters.shifted").attributes, [kv("x", 1_i64)]);
    }
}

mod control_flow {
    use super::*;

    /// SAFETY: `index < values.len()`.
    #[traced(fields(index))]
    unsafe fn read_at(values: &[u8], index: usize) -> u8 {
        *values.get_unchecked(index)
    }

    /// SAFETY: `index < values.len()`.
    #[traced(fields(index))]
    async unsafe fn read_at_async(values: &[u8], index: usize) -> u8 {
        yield_now().await;
        *values.get_unchecked(index)
    }

    #[traced]
    fn incremented(value: Option<u8>) -> Option<u8> {
        let value = value?;
        value.checked_add(1)
    }

    #[traced(fields(n))]
    fn classify(n: i32) -> &'static str {
        if n < 0 {
            return "negative";
        }
        if n == 0 {
            return "zero";
        }
        "positive"
    }

    #[traced(fields(n))]
    async fn classify_async(n: i32) -> &'static str {
        yield_now().await;
        if n < 0 {
            return "negative";
        }
        "non-negative"
    }

    #[derive(Debug, PartialEq)]
    enum AppError {
        Parse(std::num::ParseIntError),
        Negative,
    }

    impl From<std::num::ParseIntError> for AppError {
        fn from(error: std::num::ParseIntError) -> Self {
            AppError::Parse(error)
        }
    }

    impl fmt::Display for AppError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                AppError::Parse(error) => write!(f, "parse: {error}"),
                AppError::Negative => f.write_str("negative"),
            }
        }
    }

    impl std::error::Error for AppError {}

    #[traced(fields(text))]
    fn parse_positive(text: &str) -> Result<i32, AppError> {
        let n: i32 = text.parse()?;
        if n < 0 {
            return Err(AppError::Negative);
        }
        Ok(n)
    }

    #[traced(fields(text))]
    async fn parse_positive_async(text: &str) -> Result<i32, AppError> {
        yield_now().await;
        let n: i32 = text.parse()?;
        if n < 0 {
            return Err(AppError::Negative);
        }
        Ok(n)
    }

    #[traced]
    fn clamp_negatives(values: &[i32]) -> Vec<i32> {
        let clamp = |v: i32| -> i32 {
            if v < 0 {
                return 0;
            }
            v
        };
        let doubled: Vec<i32> = values
            .iter()
            .map(|&v| {
                if v == 0 {
                    return 100;
                }
                clamp(v) * 2
            })
            .collect();
        doubled
    }

    #[traced(fields(n))]
    fn factorial(n: u64) -> u64 {
        if n <= 1 {
            1
        } else {
            n * factorial(n - 1)
        }
    }

    #[test]
    fn unsafe_fn() {
        let t = telemetry();
        // SAFETY: 2 < 3.
        assert_eq!(unsafe { read_at(&[7, 8, 9], 2) }, 9);
        assert_eq!(t.span("control_flow.read_at").attributes, [kv("index", 2_i64)]);
    }

    #[test]
    fn async_unsafe_fn() {
        let t = telemetry();
        // SAFETY: 0 < 1.
        assert_eq!(block_on(unsafe { read_at_async(&[5], 0) }), 5);
        assert_eq!(t.span("control_flow.read_at_async").attributes, [kv("index", 0_i64)]);
    }

    #[test]
    fn question_mark_on_option() {
        let t = telemetry();
        assert_eq!(incremented(Some(1)), Some(2));
        assert_eq!(incremented(None), None);
        assert_eq!(incremented(Some(255)), None);
        let spans = t.spans();
        assert_eq!(names(&spans), ["control_flow.incremented"; 3]);
        assert!(spans.iter().all(|span| !is_error(span)), "`None` is not an error");
    }

    #[test]
    fn early_return() {
        let t = telemetry();
        assert_eq!(classify(-1), "negative");
        assert_eq!(classify(0), "zero");
        assert_eq!(classify(5), "positive");
        let spans = t.spans();
        assert_eq!(names(&spans), ["control_flow.classify", "control_flow.classify", "control_flow.classify"]);
        let recorded: Vec<_> = spans.iter().map(|span| attribute(span, "n")).collect();
        assert_eq!(recorded, [Some(Value::I64(-1)), Some(Value::I64(0)), Some(Value::I64(5))]);
        assert!(spans.iter().all(|span| !is_error(span)));
    }

    #[test]
    fn async_early_return() {
        let t = telemetry();
        assert_eq!(block_on(classify_async(-3)), "negative");
        assert_eq!(block_on(classify_async(3)), "non-negative");
        assert_eq!(names(&t.spans()), ["control_flow.classify_async", "control_flow.classify_async"]);
    }

    #[test]
    fn question_mark_converts_the_error_with_from() {
        let t = telemetry();
        assert_eq!(parse_positive("12"), Ok(12));
        assert!(matches!(parse_positive("x"), Err(AppError::Parse(_))));
        assert_eq!(parse_positive("-4"), Err(AppError::Negative));
        let spans = t.spans();
        assert_eq!(names(&spans), ["control_flow.parse_positive"; 3]);
        assert_eq!(spans.iter().map(is_error).collect::<Vec<_>>(), [false, true, true]);
        assert_eq!(status_description(&spans[2]), "negative");
    }

    #[test]
    fn async_question_mark_converts_the_error_with_from() {
        let t = telemetry();
        assert_eq!(block_on(parse_positive_async("12")), Ok(12));
        assert!(matches!(block_on(parse_positive_async("x")), Err(AppError::Parse(_))));
        let spans = t.spans();
        assert_eq!(names(&spans), ["control_flow.parse_positive_async"; 2]);
        assert_eq!(spans.iter().map(is_error).collect::<Vec<_>>(), [false, true]);
        assert!(status_description(&spans[1]).starts_with("parse: "));
    }

    #[test]
    fn return_inside_a_closure_returns_from_the_closure() {
        let t = telemetry();
        assert_eq!(clamp_negatives(&[-1, 0, 3]), [0, 100, 6]);
        assert_eq!(names(&t.spans()), ["control_flow.clamp_negatives"]);
    }

    #[test]
    fn recursion_nests_spans() {
        let t = telemetry();
        assert_eq!(factorial(4), 24);
        let spans = t.spans();
        assert_eq!(names(&spans), ["control_flow.factorial"; 4]);
        // Innermost ends first.
        let recorded: Vec<_> = spans.iter().map(|span| attribute(span, "n")).collect();
        assert_eq!(recorded, [1, 2, 3, 4].map(|n| Some(Value::I64(n))));
        for pair in spans.windows(2) {
            assert!(is_child_of(&pair[0], &pair[1]));
        }
        assert!(is_root(&spans[3]));
    }
}

mod no_move_no_clone {
    use super::*;

    /// Neither `Clone` nor `Copy`: capturing it must only borrow it.
    #[derive(Debug)]
    struct Ticket {
        id: u32,
    }

    #[traced(fields(ticket = ?ticket))]
    fn consume(ticket: Ticket) -> Ticket {
        let moved = ticket;
        Ticket { id: moved.id + 1 }
    }

    #[traced(fields(ticket = ?ticket, id = ticket.id))]
    async fn consume_async(ticket: Ticket) -> u32 {
        yield_now().await;
        let moved = ticket;
        moved.id
    }

    #[traced(fields(value))]
    fn increment(value: &mut u32) {
        *value += 1;
    }

    #[traced(fields(value, before = *value))]
    async fn increment_async(value: &mut u32) {
        yield_now().await;
        *value += 1;
    }

    #[test]
    fn argument_captured_by_debug_is_moved_in_the_body() {
        let t = telemetry();
        assert_eq!(consume(Ticket { id: 1 }).id, 2);
        assert_eq!(t.span("no_move_no_clone.consume").attributes, [kv("ticket", "Ticket { id: 1 }")]);
    }

    #[test]
    fn async_argument_captured_by_debug_is_moved_in_the_body() {
        let t = telemetry();
        assert_eq!(block_on(consume_async(Ticket { id: 8 })), 8);
        assert_eq!(
            t.span("no_move_no_clone.consume_async").attributes,
            [kv("ticket", "Ticket { id: 8 }"), kv("id", 8_i64)]
        );
    }

    #[test]
    fn mutable_reference_captured_then_mutated() {
        let t = telemetry();
        let mut value = 41;
        increment(&mut value);
        assert_eq!(value, 42);
        assert_eq!(
            t.span("no_move_no_clone.increment").attributes,
            [kv("value", 41_i64)],
            "recorded when the span started"
        );
    }

    #[test]
    fn async_mutable_reference_captured_then_mutated() {
        let t = telemetry();
        let mut value = 1;
        block_on(increment_async(&mut value));
        assert_eq!(value, 2);
        assert_eq!(t.span("no_move_no_clone.increment_async").attributes, [kv("value", 1_i64), kv("before", 1_i64)]);
    }
}

mod auto_traits {
    use super::*;
    use std::sync::Mutex;

    #[traced(fields(x))]
    async fn send_body(x: u32) -> u32 {
        yield_now().await;
        x + 1
    }

    struct Shared {
        values: Mutex<Vec<u32>>,
    }

    impl Shared {
        #[traced]
        async fn push(&self, value: u32) -> usize {
            yield_now().await;
            let mut values = self.values.lock().unwrap();
            values.push(value);
            values.len()
        }
    }

    #[traced]
    async fn takes_impl_trait(value: impl fmt::Display + Send + Sync) -> String {
        yield_now().await;
        value.to_string()
    }

    #[test]
    fn future_is_send_and_sync_when_its_state_is() {
        let t = telemetry();
        let future = send_body(1);
        assert_send(&future);
        assert_sync(&future);
        assert_eq!(block_on(future), 2);
        assert_eq!(names(&t.spans()), ["auto_traits.send_body"]);
    }

    #[test]
    fn method_future_holding_self_is_send_and_sync() {
        let t = telemetry();
        let shared = Shared { values: Mutex::new(Vec::new()) };
        let future = shared.push(3);
        assert_send(&future);
        assert_sync(&future);
        assert_eq!(block_on(future), 1);
        assert_eq!(names(&t.spans()), ["auto_traits.push"]);
    }

    #[test]
    fn future_with_impl_trait_argument_is_send_and_sync() {
        let t = telemetry();
        let future = takes_impl_trait(5);
        assert_send(&future);
        assert_sync(&future);
        assert_eq!(block_on(future), "5");
        assert_eq!(names(&t.spans()), ["auto_traits.takes_impl_trait"]);
    }

    #[test]
    fn future_runs_on_another_thread() {
        let t = telemetry();
        let future = send_body(10);
        let value = std::thread::spawn(move || block_on(future)).join().unwrap();
        assert_eq!(value, 11);
        assert_eq!(names(&t.spans()), ["auto_traits.send_body"]);
    }
}
