#![allow(non_snake_case)]

use traced::traced;

struct Cart;

#[traced]
impl Cart {
    fn AddItem(&self, id: u64) -> u64 {
        id
    }

    #[traced(name = "cart.remove_item")]
    fn RemoveItem(&self, id: u64) -> u64 {
        id
    }
}

fn main() {}
