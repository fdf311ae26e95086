use traced::traced;
fn get(id: u64, region: &str, token: &str) -> Result<String, std::io::Error> {
    static __TRACED_SITE: ::traced::__private::Site = ::traced::__private::Site::new(
        "orders.get",
        ::traced::__private::SpanKind::Server,
        ::core::option::Option::Some("traced-tests-tests"),
        ::core::option::Option::Some("0.0.0"),
        3usize,
    );
    #[allow(non_upper_case_globals)]
    const _: () = {
        static __INVENTORY: ::inventory::Node = ::inventory::Node {
            value: &{
                ::traced::__private::CatalogSite::__new(
                    "orders.get",
                    "server",
                    "macrotest013",
                    "get",
                    3u32,
                    1u32,
                    &[
                        ::traced::__private::CatalogKey::__new("id", "value"),
                        ::traced::__private::CatalogKey::__new("region", "display"),
                        ::traced::__private::CatalogKey::__new("token", "redacted"),
                    ],
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
    let __traced_span = ::traced::__private::SpanGuard::start(
        &__TRACED_SITE,
        |__traced_attributes| {
            ::traced::__private::Attributes::value(__traced_attributes, "id", &id);
            ::traced::__private::Attributes::text(
                __traced_attributes,
                "region",
                match &(region) {
                    __traced_value => {
                        #[allow(unused_imports)]
                        use ::traced::__private::fmt::{
                            PlainKind as _, RedactedKind as _,
                        };
                        (&&::traced::__private::fmt::Probe(__traced_value))
                            .__traced_kind()
                            .display(__traced_value)
                    }
                },
            );
            ::traced::__private::Attributes::redacted(__traced_attributes, "token");
        },
    );
    let __traced_return = ::traced::__private::SpanGuard::in_scope(
        &__traced_span,
        move || -> Result<String, std::io::Error> {
            Ok(
                ::alloc::__export::must_use({
                    ::alloc::fmt::format(
                        format_args!("{1}@{2}:{0}", token.len(), id, region),
                    )
                }),
            )
        },
    );
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
