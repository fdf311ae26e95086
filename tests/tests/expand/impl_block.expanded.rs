use traced::traced;
struct Cart {
    items: u64,
}
impl Cart {
    const MAX: u64 = 99;
    fn add(&mut self) -> u64 {
        static __TRACED_SITE: ::traced::__private::Site = ::traced::__private::Site::new(
            "cart.add",
            ::traced::__private::SpanKind::Server,
            ::core::option::Option::Some("traced-tests-tests"),
            ::core::option::Option::Some("0.0.0"),
            0usize,
        );
        #[allow(non_upper_case_globals)]
        const _: () = {
            static __INVENTORY: ::inventory::Node = ::inventory::Node {
                value: &{
                    ::traced::__private::CatalogSite::__new(
                        "cart.add",
                        "server",
                        "macrotest011",
                        "add",
                        11u32,
                        5u32,
                        &[],
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
            |_| {},
        );
        let __traced_return = ::traced::__private::SpanGuard::in_scope(
            &__traced_span,
            move || -> u64 {
                self.items += 1;
                self.items
            },
        );
        #[allow(unreachable_code)]
        {
            #[allow(unused_imports)]
            use ::traced::__private::ret::{
                RecordBoxedError as _, RecordDebug as _, RecordDisplay as _,
                RecordError as _, RecordNothing as _, RecordOpaque as _,
                RecordSpanError as _,
            };
            (&&&&&&::traced::__private::ret::Probe(&__traced_return))
                .__traced_record(&__traced_span);
        }
        #[allow(unreachable_code)] __traced_return
    }
    fn peek(&self) -> u64 {
        self.items
    }
}
fn main() {}
