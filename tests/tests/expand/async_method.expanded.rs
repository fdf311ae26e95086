use traced::traced;
struct Client;
struct Request;
#[automatically_derived]
impl ::core::fmt::Debug for Request {
    #[inline]
    fn fmt(&self, f: &mut ::core::fmt::Formatter) -> ::core::fmt::Result {
        ::core::fmt::Formatter::write_str(f, "Request")
    }
}
impl Client {
    async fn send(&self, req: &Request, attempt: u32) -> Result<u16, String> {
        static __TRACED_SITE: ::traced::__private::Site = ::traced::__private::Site::new(
            "http.send",
            ::traced::__private::SpanKind::Client,
            ::core::option::Option::Some("traced-tests-tests"),
            ::core::option::Option::Some("0.0.0"),
            2usize,
        );
        #[allow(non_upper_case_globals)]
        const _: () = {
            static __INVENTORY: ::inventory::Node = ::inventory::Node {
                value: &{
                    ::traced::__private::CatalogSite::__new(
                        "http.send",
                        "client",
                        "macrotest001",
                        "send",
                        9u32,
                        5u32,
                        &[
                            ::traced::__private::CatalogKey::__new("req", "debug"),
                            ::traced::__private::CatalogKey::__new("attempt", "value"),
                        ],
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
                ::traced::__private::Attributes::text(
                    __traced_attributes,
                    "req",
                    match &(req) {
                        __traced_value => {
                            #[allow(unused_imports)]
                            use ::traced::__private::fmt::{
                                PlainKind as _, RedactedKind as _,
                            };
                            (&&::traced::__private::fmt::Probe(__traced_value))
                                .__traced_kind()
                                .debug(__traced_value)
                        }
                    },
                );
                ::traced::__private::Attributes::value(
                    __traced_attributes,
                    "attempt",
                    &attempt,
                );
            },
        );
        ::traced::__private::Traced::new(
                __traced_span,
                async move {
                    let _ = (&self,);
                    #[allow(
                        unknown_lints,
                        unreachable_code,
                        clippy::diverging_sub_expression,
                        clippy::empty_loop,
                        clippy::let_unit_value,
                        clippy::let_with_type_underscore,
                        clippy::needless_return,
                        clippy::unreachable
                    )]
                    if false {
                        let __traced_fake_return: Result<u16, String> = loop {};
                        return __traced_fake_return;
                    }
                    {
                        if attempt > 3 {
                            return Err("too many attempts".into());
                        }
                        Ok(200)
                    }
                },
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
            .await
    }
}
fn main() {}
