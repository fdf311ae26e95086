use traced::traced;

struct Order {
    id: u64,
}

#[traced(fields(?order))]
fn create(order: &Order) {}

fn main() {
    create(&Order { id: 1 });
}
