// A body of the wrong type gets rustc's own errors, on the wrong value, with the note pointing at the signature's
// return type (or, for `()`, at the function), as without the attribute; tracing-attributes checks the same in
// `ui/fail/async_instrument.rs`.
#![allow(unreachable_code)]
use traced::traced;

#[traced]
async fn simple_mismatch() -> String {
    ""
}

#[traced]
async fn early_return() -> String {
    if true {
        return "";
    }
    String::new()
}

#[traced]
async fn unit() {
    ""
}

#[traced]
async fn early_return_unit() {
    if true {
        return "";
    }
}

fn main() {}
