use traced::traced;

#[traced(name = "jobs.count", ret(Verbose))]
fn count() -> u32 {
    0
}

#[traced(name = "jobs.size", ret, ret(Debug))]
fn size() -> u32 {
    0
}

fn main() {
    count();
    size();
}
