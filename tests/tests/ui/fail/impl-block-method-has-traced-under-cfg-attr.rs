use traced::traced;

struct Cart;

#[traced]
impl Cart {
    #[cfg_attr(all(), traced(skip))]
    fn add(&self) -> u64 {
        0
    }
}

fn main() {}
