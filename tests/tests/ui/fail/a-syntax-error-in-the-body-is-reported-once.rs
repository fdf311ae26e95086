use traced::traced;

#[traced(name = "orders.create")]
fn create(id: u64) -> u64 {
    let doubled = id * ;
    doubled
}

#[traced(name = "orders.fetch")]
async fn fetch(id: u64) -> u64 {
    id +
}

fn main() {
    create(1);
}
