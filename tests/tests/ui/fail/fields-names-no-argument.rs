use traced::traced;

#[traced(fields(order))]
fn create(order_id: u64, amount: f64) -> f64 {
    order_id as f64 * amount
}

fn main() {
    create(1, 2.0);
}
