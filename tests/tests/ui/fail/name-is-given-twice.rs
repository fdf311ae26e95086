use traced::traced;

#[traced(name = "orders.create", name = "orders.insert")]
fn create() {}

fn main() {
    create();
}
