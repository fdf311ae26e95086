use traced::traced;

#[traced(level = "info")]
fn create() {}

fn main() {
    create();
}
