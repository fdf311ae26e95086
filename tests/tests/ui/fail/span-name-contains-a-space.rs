use traced::traced;

#[traced(name = "do stuff")]
fn do_stuff() {}

fn main() {
    do_stuff();
}
