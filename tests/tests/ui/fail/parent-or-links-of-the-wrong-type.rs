use traced::traced;

#[traced(name = "queue.consume", parent = id)]
fn consume(id: u64) {}

#[traced(name = "queue.batch", links(ids))]
fn batch(ids: Vec<u64>) {}

fn main() {
    consume(1);
    batch(Vec::new());
}
