use traced::traced;

#[traced(name = "process")]
fn process() {}

fn main() {
    process();
}
