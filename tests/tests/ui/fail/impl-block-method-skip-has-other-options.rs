use traced::traced;

struct Cart;

#[traced]
impl Cart {
    #[traced(skip, fields(id))]
    fn add(&self, id: u64) -> u64 {
        id
    }

    fn total(&self) -> u64 {
        0
    }
}

fn main() {}
