use traced::traced;
fn ping() {
    static __TRACED_SITE: ::traced::__private::Site = ::traced::__private::Site::new(
        "ping",
        ::traced::__private::SpanKind::Internal,
        ::core::option::Option::Some("traced-tests-tests"),
        ::core::option::Option::Some("0.0.0"),
        0usize,
    );
    #[allow(non_upper_case_globals)]
    const _: () = {
        static __INVENTORY: ::inventory::Node = ::inventory::Node {
            value: &{
                ::traced::__private::CatalogSite::__new(
                    "ping",
                    "internal",
                    "macrotest005",
                    "ping",
                    3u32,
                    1u32,
                    &[],
                )
            },
            next: ::inventory::__private::UnsafeCell::new(
                ::inventory::__private::Option::None,
            ),
        };
        #[link_section = ".text.startup"]
        unsafe extern "C" fn __ctor() {
            unsafe { ::inventory::ErasedNode::submit(__INVENTORY.value, &__INVENTORY) }
        }
        #[used]
        #[link_section = ".init_array"]
        static __CTOR: unsafe extern "C" fn() = __ctor;
    };
    let __traced_span = ::traced::__private::SpanGuard::start(&__TRACED_SITE, |_| {});
    ::traced::__private::SpanGuard::in_scope(&__traced_span, move || {})
}
fn main() {}
