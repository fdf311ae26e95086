use traced::traced;

#[traced(prefix = "orders")]
fn create() {}

#[traced(skip)]
fn cancel() {}

fn main() {}
