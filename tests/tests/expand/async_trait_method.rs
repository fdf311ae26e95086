use traced::traced;

#[async_trait::async_trait]
trait Repo {
    async fn get(&self, id: u64) -> Result<u64, String>;
}

struct Pg;

#[async_trait::async_trait]
impl Repo for Pg {
    #[traced(name = "repo.get", fields(id))]
    async fn get(&self, id: u64) -> Result<u64, String> {
        Ok(id)
    }
}

fn main() {}
