use traced::traced;

#[traced(name = "orders.get", kind = server, fields(id, region = %region), redact(token))]
fn get(id: u64, region: &str, token: &str) -> Result<String, std::io::Error> {
    Ok(format!("{id}@{region}:{}", token.len()))
}

fn main() {}
