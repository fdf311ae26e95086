use traced::traced;

struct Cart;

#[traced(prefix = "Shopping Cart")]
impl Cart {
    fn add(&self, id: u64) -> u64 {
        id
    }
}

fn main() {}
