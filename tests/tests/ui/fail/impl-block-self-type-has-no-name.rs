use traced::traced;

trait Total {
    fn total(&self) -> u64;
}

#[traced]
impl Total for (u64, u64) {
    fn total(&self) -> u64 {
        self.0 + self.1
    }
}

fn main() {}
