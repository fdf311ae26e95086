use traced::traced;

struct Cart;

#[traced(ret, expected = is_missing)]
impl Cart {
    fn total(&self) -> Result<u64, std::io::Error> {
        Ok(0)
    }
}

fn is_missing(_: &std::io::Error) -> bool {
    false
}

fn main() {}
