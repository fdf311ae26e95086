use traced::traced;

#[traced(name = "ProcessOrder")]
fn process_order() {}

fn main() {
    process_order();
}
