// Lints about the body are the body's: the expansion neither hides them nor adds any of its own.
#![deny(unused_variables, unreachable_code, unused_must_use, unused_mut)]

use traced::traced;

#[traced(name = "lints.sync")]
fn sync() -> Result<u32, String> {
    let unused = 1;
    return Ok(2);
    Ok(3)
}

#[traced(name = "lints.asynchronous")]
async fn asynchronous(unused_argument: u32, _ignored: u32) -> u32 {
    let mut never_changed = 1;
    never_changed
}

#[must_use]
#[traced(name = "lints.must_use")]
fn must_use() -> u32 {
    1
}

fn main() {
    let _ = sync();
    drop(asynchronous(1, 2));
    must_use();
}
