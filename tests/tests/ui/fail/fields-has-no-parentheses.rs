use traced::traced;

#[traced(fields)]
fn get(id: u64) -> u64 {
    id
}

fn main() {
    get(1);
}
