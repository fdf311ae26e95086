use traced::traced;

#[traced(name = "jobs.locate", ret, expected = is_missing)]
#[track_caller]
fn locate() -> Result<u32, std::io::Error> {
    Ok(std::panic::Location::caller().line())
}

fn is_missing(_: &std::io::Error) -> bool {
    false
}

fn main() {
    let _ = locate();
}
