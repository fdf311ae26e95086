use traced::traced;

// One compile reports every mistake: the unknown option, the duplicate `kind`, the `const fn`, the bad name, the
// missing argument, the duplicate key and the unredacted secret.
#[traced(
    name = "ProcessOrder",
    kind = server,
    field(order_id),
    kind = client,
    fields(order_id, customer, password),
    redact(order_id),
)]
const fn process(order_id: u64, password: &str) -> bool {
    order_id > 0 && !password.is_empty()
}

fn main() {
    process(1, "hunter2");
}
