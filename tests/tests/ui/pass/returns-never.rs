use traced::traced;

#[traced]
fn fail(message: &str) -> ! {
    panic!("{message}")
}

#[traced(fields(code))]
fn exit(code: i32) -> ! {
    std::process::exit(code)
}

#[traced]
fn spin() -> ! {
    loop {}
}

#[traced(fields(code))]
async fn exit_async(code: i32) -> ! {
    std::process::exit(code)
}

fn main() {
    let _ = exit_async(0);
    let _ = fail as fn(&str) -> !;
    let _ = exit as fn(i32) -> !;
    let _ = spin as fn() -> !;
}
