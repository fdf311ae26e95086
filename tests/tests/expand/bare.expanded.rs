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
    ::traced::__private::SpanGuard::in_scope(&__traced_span, move || {})
}
fn main() {}
