use traced::traced;

struct Cart;

#[traced]
impl Cart {
    fn add(&self) -> u64 {
        let x = ;
        x
    }
}

fn main() {}
