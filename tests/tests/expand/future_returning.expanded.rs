use std::future::Future;
use std::pin::Pin;
use traced::traced;
fn block(id: u64) -> impl Future<Output = Result<u64, String>> {
    static __TRACED_SITE: ::traced::__private::Site = ::traced::__private::Site::new(
        "jobs.block",
        ::traced::__private::SpanKind::Internal,
        ::core::option::Option::Some("traced-tests-tests"),
        ::core::option::Option::Some("0.0.0"),
        1usize,
    );
    #[allow(non_upper_case_globals)]
    const _: () = {
        static __INVENTORY: ::inventory::Node = ::inventory::Node {
            value: &{
                ::traced::__private::CatalogSite::__new(
                    "jobs.block",
                    "internal",
                    "macrotest009",
                    "block",
                    6u32,
                    1u32,
                    &[::traced::__private::CatalogKey::__new("id", "value")],
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
        },
    );
    let __traced_future = ::traced::__private::with_output::<
        Result<u64, String>,
        _,
    >(async move { Ok(id) });
    ::traced::__private::Traced::new(
        __traced_span,
        __traced_future,
        |__traced_guard, __traced_value| {
            #[allow(unused_imports)]
            use ::traced::__private::ret::{
                RecordBoxedError as _, RecordDebug as _, RecordDisplay as _,
                RecordError as _, RecordNothing as _, RecordOpaque as _,
                RecordSpanError as _,
            };
            (&&&&&&::traced::__private::ret::Probe(__traced_value))
                .__traced_record(__traced_guard);
        },
    )
}
fn boxed(id: u64) -> Pin<Box<dyn Future<Output = Result<u64, String>> + Send>> {
    static __TRACED_SITE: ::traced::__private::Site = ::traced::__private::Site::new(
        "jobs.boxed",
        ::traced::__private::SpanKind::Internal,
        ::core::option::Option::Some("traced-tests-tests"),
        ::core::option::Option::Some("0.0.0"),
        1usize,
    );
    #[allow(non_upper_case_globals)]
    const _: () = {
        static __INVENTORY: ::inventory::Node = ::inventory::Node {
            value: &{
                ::traced::__private::CatalogSite::__new(
                    "jobs.boxed",
                    "internal",
                    "macrotest009",
                    "boxed",
                    11u32,
                    1u32,
                    &[::traced::__private::CatalogKey::__new("id", "value")],
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
        },
    );
    let __traced_future = ::traced::__private::SpanGuard::make(
        &__traced_span,
        move || {
            let doubled = id * 2;
            ::traced::__private::with_output::<
                Result<u64, String>,
                _,
            >(async move { Ok(doubled) })
        },
    );
    ::traced::__private::Box::pin(
        ::traced::__private::Traced::new(
            __traced_span,
            __traced_future,
            |__traced_guard, __traced_value| {
                #[allow(unused_imports)]
                use ::traced::__private::ret::{
                    RecordBoxedError as _, RecordDebug as _, RecordDisplay as _,
                    RecordError as _, RecordNothing as _, RecordOpaque as _,
                    RecordSpanError as _,
                };
                (&&&&&&::traced::__private::ret::Probe(__traced_value))
                    .__traced_record(__traced_guard);
            },
        ),
    )
}
fn main() {}
