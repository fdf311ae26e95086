use traced::traced;

#[traced(kind = rpc)]
fn create() {}

fn main() {
    create();
}
