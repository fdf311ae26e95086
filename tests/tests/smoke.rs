mod common;
use common::*;
use traced::traced;

#[traced(name = "smoke.outer", fields(n))]
fn outer(n: u64) -> Result<u64, String> {
    inner(n)?;
    Ok(n)
}

#[traced]
fn inner(n: u64) -> Result<(), String> {
    if n > 5 { Err("too big".into()) } else { Ok(()) }
}

#[test]
fn smoke() {
    let t = telemetry();
    assert_eq!(outer(3), Ok(3));
    assert_eq!(outer(7), Err("too big".into()));
    let spans = t.spans();
    assert_eq!(names(&spans), ["inner", "smoke.outer", "inner", "smoke.outer"]);
    assert!(is_child_of(&spans[0], &spans[1]));
    assert!(is_error(&spans[2]) && is_error(&spans[3]));
    println!("{:#?}", spans[3]);
}
