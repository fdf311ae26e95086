use traced::traced;
fn ping() {
    static __TRACED_SITE: ::traced::__private::Site = ::traced::__private::Site::new(
        "ping",
        ::traced::__private::SpanKind::Internal,
        "traced-tests-tests",
        "0.0.0",
        0usize,
    );
    let __traced_span = ::traced::__private::SpanGuard::start(&__TRACED_SITE, |_| {});
    #[allow(unreachable_code)]
    let __traced_return = __traced_span.in_scope(move || -> () {});
    #[allow(unreachable_code)]
    {
        #[allow(unused_imports)]
        use ::traced::__private::ret::{
            RecordBoxedError as _, RecordDebug as _, RecordDisplay as _,
            RecordError as _, RecordNothing as _, RecordOpaque as _, RecordSpanError as _,
        };
        (&&&&&&::traced::__private::ret::Probe(&__traced_return))
            .__traced_record(&__traced_span);
    }
    #[allow(unreachable_code)] __traced_return
}
fn main() {}
