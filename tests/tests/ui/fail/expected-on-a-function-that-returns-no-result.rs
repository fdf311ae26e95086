use traced::traced;

fn is_zero(_: &u32) -> bool {
    false
}

#[traced(name = "jobs.count", expected = is_zero)]
fn count() -> u32 {
    0
}

fn main() {
    count();
}
