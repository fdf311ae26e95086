use traced::traced;

#[traced(fields(order_id), not_sensitive(order_id))]
fn create(order_id: u64) -> u64 {
    order_id
}

fn main() {
    create(1);
}
