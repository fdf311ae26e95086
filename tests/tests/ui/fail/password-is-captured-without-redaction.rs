use traced::traced;

#[traced(fields(user, password))]
fn login(user: &str, password: &str) -> bool {
    user == "ann" && password == "hunter2"
}

fn main() {
    login("ann", "hunter2");
}
