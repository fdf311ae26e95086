use traced::traced;

#[traced(crate = "traced")]
fn get(id: u64) -> u64 {
    id
}

fn main() {
    get(1);
}
