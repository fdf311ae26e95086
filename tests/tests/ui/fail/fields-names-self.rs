use traced::traced;

struct Orders;

impl Orders {
    #[traced(fields(self))]
    fn create(&self) {}
}

fn main() {
    Orders.create();
}
