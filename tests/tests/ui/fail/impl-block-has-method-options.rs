use traced::traced;

struct Cart;

#[traced(name = "cart.all", fields(id), skip)]
impl Cart {
    fn add(&self, id: u64) -> u64 {
        id
    }
}

fn main() {}
