use traced::SpanAttributes;
struct Order {
    id: String,
    amount: f64,
    #[redact]
    card_number: String,
    #[span(skip)]
    items: Vec<String>,
}
impl ::traced::__private::SpanAttributes for Order {
    const TYPE_NAME: &'static ::core::primitive::str = "Order";
    fn record_attributes(
        &self,
        prefix: &::core::primitive::str,
        attributes: &mut ::traced::__private::Vec<::traced::__private::KeyValue>,
    ) {
        ::traced::__private::field(prefix, "id", &self.id, attributes);
        ::traced::__private::field(prefix, "amount", &self.amount, attributes);
        ::traced::__private::redacted_field(prefix, "card_number", attributes);
    }
}
impl ::traced::__private::AttributeValue for Order {
    fn record(
        &self,
        key: ::traced::__private::Key,
        attributes: &mut ::traced::__private::Vec<::traced::__private::KeyValue>,
    ) {
        ::traced::__private::flatten(self, key, attributes);
    }
}
impl ::core::fmt::Debug for Order {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        ::core::fmt::Display::fmt(&::traced::__private::Redacted(self), f)
    }
}
#[allow(non_upper_case_globals)]
const _: () = {
    static __INVENTORY: ::inventory::Node = ::inventory::Node {
        value: &{
            ::traced::__private::CatalogType::__new(
                "Order",
                "macrotest007",
                &[
                    ::traced::__private::CatalogKey::__new("id", "value"),
                    ::traced::__private::CatalogKey::__new("amount", "value"),
                    ::traced::__private::CatalogKey::__new("card_number", "redacted"),
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
fn main() {}
