use traced::traced;

struct Order {
    id: u64,
}

#[traced(fields(order.id))]
fn create(order: &Order) -> u64 {
    order.id
}

fn main() {
    create(&Order { id: 1 });
}
