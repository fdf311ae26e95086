use traced::traced;

#[traced]
const fn answer() -> u32 {
    42
}

fn main() {
    answer();
}
