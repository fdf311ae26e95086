use traced::traced;

// `kind = bogus` and `fields(x y)` do not parse; the mistakes around them are still reported.
#[traced(nme = "orders.create", kind = bogus)]
fn create() {}

#[traced(name = "orders.get", name = "orders.fetch", fields(id y), redact(self), kind = client)]
fn get(id: u64) {}

#[traced(fields(id), name = 7, crate = "traced", not_sensitive(), fields(password))]
fn find(id: u64, password: &str) {}

fn main() {
    create();
    get(1);
    find(1, "");
}
