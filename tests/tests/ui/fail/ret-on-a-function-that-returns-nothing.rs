use traced::traced;

#[traced(name = "jobs.run", ret)]
fn run() {}

#[traced(name = "jobs.loop_forever", ret, expected = is_fatal)]
fn loop_forever() -> ! {
    loop {}
}

#[traced(name = "jobs.unit", expected = is_fatal)]
async fn unit() -> () {}

fn is_fatal(_: &std::io::Error) -> bool {
    false
}

fn main() {}
