use traced::traced;

struct Opaque;

#[traced(name = "jobs.make", ret)]
fn make() -> Opaque {
    Opaque
}

fn main() {
    make();
}
