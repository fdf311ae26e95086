// `#![...]` inside the body applies to the function, as without the attribute.
#![deny(unused_variables)]

use traced::traced;

#[traced(name = "jobs.run")]
fn run() -> u8 {
    #![allow(unused_variables)]
    let unused = 1;
    2
}

fn main() {
    assert_eq!(run(), 2);
}
