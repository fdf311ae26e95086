use traced::traced;

#[traced(kind = server, kind = client)]
fn create() {}

fn main() {
    create();
}
