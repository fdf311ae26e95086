use traced::traced;

struct Cart {
    items: u64,
}

#[traced(kind = server)]
impl Cart {
    const MAX: u64 = 99;

    fn add(&mut self) -> u64 {
        self.items += 1;
        self.items
    }

    #[traced(skip)]
    fn peek(&self) -> u64 {
        self.items
    }
}

fn main() {}
