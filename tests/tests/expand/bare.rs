use traced::traced;

#[traced]
fn ping() {}

fn main() {}
