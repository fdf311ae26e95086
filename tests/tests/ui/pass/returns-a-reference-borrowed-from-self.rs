use traced::traced;

struct Counter {
    value: u64,
    name: String,
}

impl Counter {
    #[traced(fields(by))]
    fn bump(&mut self, by: u64) -> &mut u64 {
        self.value += by;
        &mut self.value
    }

    #[traced]
    fn name(&self) -> &str {
        &self.name
    }

    #[traced]
    fn longest<'a>(&'a self, other: &'a str) -> &'a str {
        if other.len() > self.name.len() { other } else { &self.name }
    }
}

#[traced]
fn first(items: &mut [u8]) -> Option<&mut u8> {
    items.first_mut()
}

fn main() {
    let mut counter = Counter { value: 0, name: "c".into() };
    *counter.bump(1) += 1;
    assert_eq!(counter.value, 2);
    let _ = counter.name();
    let _ = counter.longest("other");
    let mut items = [1, 2];
    *first(&mut items).unwrap() = 3;
}
