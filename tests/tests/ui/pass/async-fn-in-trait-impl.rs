use traced::traced;

trait Store {
    async fn get(&self) -> u8;
    async fn put(&mut self, value: u8) -> Result<(), String>;
}

struct Memory {
    value: u8,
}

impl Store for Memory {
    #[traced(name = "store.get")]
    async fn get(&self) -> u8 {
        self.value
    }

    #[traced(name = "store.put", fields(value))]
    async fn put(&mut self, value: u8) -> Result<(), String> {
        if value == 0 {
            return Err("zero".into());
        }
        self.value = value;
        Ok(())
    }
}

fn main() {
    let mut memory = Memory { value: 1 };
    let _ = memory.get();
    let _ = memory.put(2);
}
