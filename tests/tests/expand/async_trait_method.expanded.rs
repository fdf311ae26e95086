use traced::traced;
trait Repo {
    #[allow(
        elided_named_lifetimes,
        clippy::type_complexity,
        clippy::type_repetition_in_bounds
    )]
    fn get<'life0, 'async_trait>(
        &'life0 self,
        id: u64,
    ) -> ::core::pin::Pin<
        Box<
            dyn ::core::future::Future<
                Output = Result<u64, String>,
            > + ::core::marker::Send + 'async_trait,
        >,
    >
    where
        'life0: 'async_trait,
        Self: 'async_trait;
}
struct Pg;
impl Repo for Pg {
    #[allow(
        elided_named_lifetimes,
        clippy::async_yields_async,
        clippy::diverging_sub_expression,
        clippy::let_unit_value,
        clippy::needless_arbitrary_self_type,
        clippy::no_effect_underscore_binding,
        clippy::shadow_same,
        clippy::type_complexity,
        clippy::type_repetition_in_bounds,
        clippy::used_underscore_binding
    )]
    fn get<'life0, 'async_trait>(
        &'life0 self,
        id: u64,
    ) -> ::core::pin::Pin<
        Box<
            dyn ::core::future::Future<
                Output = Result<u64, String>,
            > + ::core::marker::Send + 'async_trait,
        >,
    >
    where
        'life0: 'async_trait,
        Self: 'async_trait,
    {
        static __TRACED_SITE: ::traced::__private::Site = ::traced::__private::Site::new(
            "repo.get",
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
                        "repo.get",
                        "internal",
                        "macrotest003",
                        "get",
                        12u32,
                        5u32,
                        &[::traced::__private::CatalogKey::__new("id", "value")],
                    )
                },
                next: ::inventory::__private::UnsafeCell::new(
                    ::inventory::__private::Option::None,
                ),
            };
            #[link_section = ".text.startup"]
            unsafe extern "C" fn __ctor() {
                unsafe {
                    ::inventory::ErasedNode::submit(__INVENTORY.value, &__INVENTORY)
                }
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
        >(async move {
            if let ::core::option::Option::Some(__ret) = ::core::option::Option::None::<
                Result<u64, String>,
            > {
                #[allow(unreachable_code)] return __ret;
            }
            let __self = self;
            let id = id;
            let __ret: Result<u64, String> = { Ok(id) };
            #[allow(unreachable_code)] __ret
        });
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
}
fn main() {}
