use traced::traced;
fn ping() {
    const __TRACED_NAME_LEN: ::core::primitive::usize = ::traced::__private::names::default_len(
        "macrotest005",
        "ping",
    );
    const __TRACED_NAME_BYTES: [::core::primitive::u8; __TRACED_NAME_LEN] = ::traced::__private::names::default_name::<
        __TRACED_NAME_LEN,
    >("macrotest005", "ping");
    const __TRACED_NAME: &::core::primitive::str = ::traced::__private::names::checked(
        &__TRACED_NAME_BYTES,
    );
    static __TRACED_SITE: ::traced::__private::Site = ::traced::__private::Site::new(
        __TRACED_NAME,
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
                    __TRACED_NAME,
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
