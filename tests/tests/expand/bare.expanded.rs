use traced::traced;
fn ping() {
    static __TRACED_SITE: ::traced::__private::Site = ::traced::__private::Site::new(
        "ping",
        ::traced::__private::SpanKind::Internal,
        ::core::option::Option::Some("traced-tests-tests"),
        ::core::option::Option::Some("0.0.0"),
        0usize,
    );
    let __traced_span = ::traced::__private::SpanGuard::start(&__TRACED_SITE, |_| {});
    __traced_span.in_scope(move || {})
}
fn main() {}
