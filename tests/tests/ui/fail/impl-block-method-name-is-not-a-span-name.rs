use traced::traced;

struct Cart;

#[traced]
impl Cart {
    fn größe(&self) -> u64 {
        0
    }

    // A name of its own makes any method name fine; a camelCase one is snake_cased.
    #[traced(name = "cart.weight")]
    fn gewicht_in_größe(&self) -> u64 {
        0
    }

    #[allow(non_snake_case)]
    fn AddItem(&self, id: u64) -> u64 {
        id
    }
}

fn main() {}
