use traced::traced;

struct Client;

#[derive(Debug)]
struct Request;

impl Client {
    #[traced(name = "http.send", kind = client, fields(req = ?req, attempt))]
    async fn send(&self, req: &Request, attempt: u32) -> Result<u16, String> {
        if attempt > 3 {
            return Err("too many attempts".into());
        }
        Ok(200)
    }
}

fn main() {}
