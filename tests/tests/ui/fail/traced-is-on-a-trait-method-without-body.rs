use traced::traced;

trait Orders {
    #[traced]
    fn create(&self, id: u64);
}

fn main() {}
