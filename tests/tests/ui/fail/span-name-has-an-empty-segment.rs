use traced::traced;

#[traced(name = "orders..create")]
fn create() {}

fn main() {
    create();
}
